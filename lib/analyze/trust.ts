import type { ObjectRef } from '../model/objects';
import type { ClusterModel, FleetSnapshot } from '../model/snapshot';
import type { Detector, FindingDraft } from './finding';
import {
  gatewayIn,
  linkCommand,
  listText,
  objectText,
  type PeeredPair,
  peeredPairs,
  type PeerLink,
  peerLinks,
} from './peering/links';

function rootMismatch({ a, b }: PeeredPair): FindingDraft[] {
  if (!a.rootCert || !b.rootCert || a.rootCert.fingerprint === b.rootCert.fingerprint) return [];
  return [
    {
      code: 'TRUST601',
      message:
        `${a.context} and ${b.context} are peered but trust different root CAs: ` +
        `${objectText(a.rootCert.ref)} has fingerprint ${a.rootCert.fingerprint} in ${a.context} ` +
        `and ${b.rootCert.fingerprint} in ${b.context}; mTLS between them fails.`,
      clusters: [a.context, b.context],
      objects: [a.rootCert.ref, b.rootCert.ref],
      fix:
        `Give ${a.context} and ${b.context} a common root of trust: plug in Secret ` +
        `istio-system/cacerts in both with intermediates signed by the same root CA, then ` +
        `restart istiod (and ztunnel) in both.`,
    },
  ];
}

/** TRUST601: root CA mismatch between peered clusters (reference.md §2.6, §5.2). */
const rootCaMismatch: Detector = (s: FleetSnapshot) =>
  peeredPairs(peerLinks(s)).flatMap(rootMismatch);

function annotationMismatch(link: PeerLink): FindingDraft[] {
  const { cluster, gateway, peer } = link;
  if (!peer?.trustDomain || !gateway.trustDomain || gateway.trustDomain === peer.trustDomain)
    return [];
  return [
    {
      code: 'TRUST602',
      message:
        `${gatewayIn(link)} has gateway.istio.io/trust-domain "${gateway.trustDomain}" but the ` +
        `mesh trust domain of ${peer.context} is "${peer.trustDomain}": ${cluster.context} ` +
        `expects the identity of the gateway of ${peer.context} in the wrong trust domain.`,
      clusters: [cluster.context, peer.context],
      objects: [gateway.ref],
      fix:
        `Set annotation gateway.istio.io/trust-domain=${peer.trustDomain} on ${gatewayIn(link)} ` +
        `(peering Helm chart: trustDomain: ${peer.trustDomain} on its remote item), or ` +
        `regenerate it: ${linkCommand(cluster.context, peer.context)}.`,
    },
  ];
}

/** TRUST602: trust-domain annotation on a peer gateway ≠ the peer's trust domain (§2.6). */
const trustDomainAnnotation: Detector = (s: FleetSnapshot) =>
  peerLinks(s).flatMap(annotationMismatch);

/** The cluster accepts identities of `other`'s trust domain. */
const accepts = (cluster: ClusterModel, other: ClusterModel) =>
  cluster.trustDomainSkipValidation ||
  (other.trustDomain !== undefined && cluster.trustDomainAliases.includes(other.trustDomain));

function validationObjects(c: ClusterModel): ObjectRef[] {
  const ref = c.istiod ?? c.istioSystem;
  return ref ? [ref] : [];
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const sideFix = (c: ClusterModel, other: ClusterModel) =>
  `in ${c.context} set PILOT_SKIP_VALIDATE_TRUST_DOMAIN=true on istiod and ` +
  `SKIP_VALIDATE_TRUST_DOMAIN=true on ztunnel, or add "${other.trustDomain}" to ` +
  `meshConfig.trustDomainAliases`;

function domainsWithoutValidation({ a, b }: PeeredPair): FindingDraft[] {
  if (!a.trustDomain || !b.trustDomain || a.trustDomain === b.trustDomain) return [];
  const lacking = [
    ...(accepts(a, b) ? [] : [{ c: a, other: b }]),
    ...(accepts(b, a) ? [] : [{ c: b, other: a }]),
  ];
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
      fix: capitalize(`${lacking.map(({ c, other }) => sideFix(c, other)).join('; ')}.`),
    },
  ];
}

/** TRUST603: peered clusters with distinct trust domains and no validation config (§2.6). */
const distinctTrustDomains: Detector = (s: FleetSnapshot) =>
  peeredPairs(peerLinks(s)).flatMap(domainsWithoutValidation);

/** The trust family, TRUST601–TRUST603 of wave 1 (reference.md §2.6, §5.2 "Trust and identity"). */
export const trustDetectors: Detector[] = [
  rootCaMismatch,
  trustDomainAnnotation,
  distinctTrustDomains,
];
