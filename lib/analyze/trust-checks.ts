/**
 * When the trust codes fire for a peered pair or a peer gateway, and their fixes: shared by the
 * trust detectors and by PEER302, whose connection they break, so both tell one story.
 */
import type { ClusterModel } from '../model/snapshot';
import { gatewayIn, linkCommand, type PeeredPair, type PeerLink } from './peering/links';

/** TRUST601 fires for the pair: both publish a root CA and the fingerprints differ. */
export const rootsDiffer = ({ a, b }: PeeredPair): boolean =>
  a.rootCert !== undefined &&
  b.rootCert !== undefined &&
  a.rootCert.fingerprint !== b.rootCert.fingerprint;

/** TRUST601's fix. */
export const rootFix = ({ a, b }: PeeredPair): string =>
  `Give ${a.context} and ${b.context} a common root of trust: plug in Secret ` +
  `istio-system/cacerts in both with intermediates signed by the same root CA, then ` +
  `restart istiod (and ztunnel) in both.`;

/** The cluster accepts identities of `other`'s trust domain. */
const accepts = (cluster: ClusterModel, other: ClusterModel) =>
  cluster.trustDomainSkipValidation ||
  (other.trustDomain !== undefined && cluster.trustDomainAliases.includes(other.trustDomain));

/** The sides of the pair that reject the other's distinct trust domain (TRUST603 when any). */
export function trustUnvalidated({ a, b }: PeeredPair): { c: ClusterModel; other: ClusterModel }[] {
  if (!a.trustDomain || !b.trustDomain || a.trustDomain === b.trustDomain) return [];
  return [
    ...(accepts(a, b) ? [] : [{ c: a, other: b }]),
    ...(accepts(b, a) ? [] : [{ c: b, other: a }]),
  ];
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const sideFix = (c: ClusterModel, other: ClusterModel) =>
  `in ${c.context} set PILOT_SKIP_VALIDATE_TRUST_DOMAIN=true on istiod and ` +
  `SKIP_VALIDATE_TRUST_DOMAIN=true on ztunnel, or add "${other.trustDomain}" to ` +
  `meshConfig.trustDomainAliases`;

/** TRUST603's fix. */
export const trustDomainFix = (pair: PeeredPair): string =>
  capitalize(
    `${trustUnvalidated(pair)
      .map(({ c, other }) => sideFix(c, other))
      .join('; ')}.`,
  );

/** TRUST602 fires for the gateway: its trust-domain annotation is not its peer's trust domain. */
export const annotationWrong = ({ gateway, peer }: PeerLink): boolean =>
  peer?.trustDomain !== undefined &&
  gateway.trustDomain !== undefined &&
  gateway.trustDomain !== peer.trustDomain;

/** TRUST602's fix. */
export function annotationFix(link: PeerLink): string {
  const { cluster, peer } = link;
  return (
    `Set annotation gateway.istio.io/trust-domain=${peer?.trustDomain ?? ''} on ${gatewayIn(link)} ` +
    `(peering Helm chart: trustDomain: ${peer?.trustDomain ?? ''} on its remote item), or ` +
    `regenerate it: ${linkCommand(cluster.context, peer?.context ?? '')}.`
  );
}
