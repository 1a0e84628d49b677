import type { ObjectRef } from '../model/objects';
import type { ClusterModel, FleetSnapshot } from '../model/snapshot';
import type { Detector, FindingDraft } from './finding';
import {
  gatewayIn,
  listText,
  objectText,
  type PeeredPair,
  peeredPairs,
  type PeerLink,
  peerLinks,
} from './peering/links';
import { notConnected } from './peering/predicates';
import {
  annotationFix,
  annotationWrong,
  rootFix,
  rootsDiffer,
  trustDomainFix,
  trustUnvalidated,
} from './trust-checks';

/** A peer gateway between the pair is not connected: PEER302, which the trust problem causes. */
function disconnects(links: PeerLink[], { a, b }: PeeredPair) {
  const between = (l: PeerLink) =>
    (l.cluster.context === a.context && l.peer?.context === b.context) ||
    (l.cluster.context === b.context && l.peer?.context === a.context);
  return links.some((l) => between(l) && notConnected(l) !== undefined)
    ? { related: ['PEER302' as const] }
    : {};
}

function rootMismatch(links: PeerLink[], pair: PeeredPair): FindingDraft[] {
  const { a, b } = pair;
  if (!rootsDiffer(pair) || !a.rootCert || !b.rootCert) return [];
  return [
    {
      code: 'TRUST601',
      message:
        `${a.context} and ${b.context} are peered but trust different root CAs: ` +
        `${objectText(a.rootCert.ref)} has fingerprint ${a.rootCert.fingerprint} in ${a.context} ` +
        `and ${b.rootCert.fingerprint} in ${b.context}; mTLS between them fails.`,
      clusters: [a.context, b.context],
      objects: [a.rootCert.ref, b.rootCert.ref],
      fix: rootFix(pair),
      ...disconnects(links, pair),
    },
  ];
}

/** TRUST601: root CA mismatch between peered clusters (reference.md §2.6, §5.2). */
const rootCaMismatch: Detector = (s: FleetSnapshot) => {
  const links = peerLinks(s);
  return peeredPairs(links).flatMap((pair) => rootMismatch(links, pair));
};

function annotationMismatch(link: PeerLink): FindingDraft[] {
  const { cluster, gateway, peer } = link;
  if (!peer || !annotationWrong(link)) return [];
  return [
    {
      code: 'TRUST602',
      message:
        `${gatewayIn(link)} has gateway.istio.io/trust-domain "${gateway.trustDomain}" but the ` +
        `mesh trust domain of ${peer.context} is "${peer.trustDomain}": ${cluster.context} ` +
        `expects the identity of the gateway of ${peer.context} in the wrong trust domain.`,
      clusters: [cluster.context, peer.context],
      objects: [gateway.ref],
      fix: annotationFix(link),
      ...(notConnected(link) ? { related: ['PEER302' as const] } : {}),
    },
  ];
}

/** TRUST602: trust-domain annotation on a peer gateway ≠ the peer's trust domain (§2.6). */
const trustDomainAnnotation: Detector = (s: FleetSnapshot) =>
  peerLinks(s).flatMap(annotationMismatch);

function validationObjects(c: ClusterModel): ObjectRef[] {
  const ref = c.istiod ?? c.istioSystem;
  return ref ? [ref] : [];
}

function domainsWithoutValidation(links: PeerLink[], pair: PeeredPair): FindingDraft[] {
  const { a, b } = pair;
  const lacking = trustUnvalidated(pair);
  if (lacking.length === 0) return [];
  const without = lacking.map(
    ({ c, other }) =>
      `${c.context} neither skips trust-domain validation nor lists "${other.trustDomain}" in ` +
      `trustDomainAliases or caCertificates`,
  );
  return [
    {
      code: 'TRUST603',
      message:
        `${a.context} (trust domain "${a.trustDomain}") and ${b.context} ("${b.trustDomain}") ` +
        `are peered with different trust domains, but ${listText(without)}: peering fails ` +
        `with "no cert pool found for trust domain".`,
      clusters: [a.context, b.context],
      objects: lacking.flatMap(({ c }) => validationObjects(c)),
      fix: trustDomainFix(pair),
      ...disconnects(links, pair),
    },
  ];
}

/** TRUST603: peered clusters with distinct trust domains and no validation config (§2.6). */
const distinctTrustDomains: Detector = (s: FleetSnapshot) => {
  const links = peerLinks(s);
  return peeredPairs(links).flatMap((pair) => domainsWithoutValidation(links, pair));
};

/** The trust family, TRUST601–TRUST603 of wave 1 (reference.md §2.6, §5.2 "Trust and identity"). */
export const trustDetectors: Detector[] = [
  rootCaMismatch,
  trustDomainAnnotation,
  distinctTrustDomains,
];
