import type { FindingCode } from '../catalogue';
import type { FindingDraft } from '../finding';
import {
  eastWestAddresses,
  gatewayIn,
  linkClusters,
  type PeerLink,
  peerName,
  quoted,
  regenerate,
} from './links';
import {
  dataPlaneNotProgrammed,
  isInvalidGateway,
  isOneWay,
  reportedErrors,
  staticErrors,
  VALIDATION_ERRORS,
  type ValidationError,
} from './predicates';

export { isValidationFailure, VALIDATION_ERRORS } from './predicates';

const addressType = (a: string) => (/^[\d.]+$|:/.test(a) ? 'IPAddress' : 'Hostname');

function fixFor(error: ValidationError, link: PeerLink): string {
  const { gateway, peer } = link;
  switch (error) {
    case 'network':
      return `set label topology.istio.io/network=${peer?.network ?? "<the peer's network>"}`;
    case 'onlyStatusAddresses':
    case 'addresses': {
      const address =
        (peer && eastWestAddresses(peer)[0]) ??
        gateway.statusAddresses[0] ??
        "<the peer's east-west gateway address>";
      return `set spec.addresses to [{type: ${addressType(address)}, value: ${address}}]`;
    }
    case 'serviceAccount':
      return `add annotation gateway.istio.io/service-account=${peer?.eastWest[0]?.ref.name ?? 'istio-eastwest'}`;
    case 'clusterLabel':
      return `add label topology.istio.io/cluster=${peer?.id ?? gateway.network ?? "<the peer's cluster ID>"}`;
  }
}

/** Relinking both ways also adds the reverse gateway PEER305 asks for; else regenerate one way. */
function relink(link: PeerLink, oneWay: boolean): string {
  if (!oneWay || !link.peer) return regenerate(link);
  const { cluster, peer } = link;
  return (
    ` Or relink both ways: istioctl multicluster link --contexts=${cluster.context},` +
    `${peer.context} (regenerates it and adds the peer gateway for ${cluster.context} that ` +
    `${peer.context} lacks, PEER305).`
  );
}

function invalidGateway(links: PeerLink[], link: PeerLink): FindingDraft[] {
  const found = staticErrors(link.gateway);
  const texts = [
    ...new Set([...found.map((e) => VALIDATION_ERRORS[e]), ...reportedErrors(link.gateway)]),
  ];
  if (texts.length === 0) return [];
  const fixes = found.map((e) => fixFor(e, link));
  if (texts.length > found.length) fixes.push('correct what the reported error names');
  const oneWay = isOneWay(links, link);
  // The same gateway's other problems: all need fixing before peering works.
  const related: FindingCode[] = [
    ...(oneWay ? (['PEER305'] as const) : []),
    ...(dataPlaneNotProgrammed(link) ? (['PEER304'] as const) : []),
    ...(lacksClusterLabel(link) ? (['PEER307'] as const) : []),
  ];
  return [
    {
      code: 'PEER301',
      message:
        `${gatewayIn(link)} is invalid: istiod rejects it with ${quoted(texts)}; ` +
        `${link.cluster.context} starts no peering with ${peerName(link)}.`,
      clusters: linkClusters(link),
      objects: [link.gateway.ref],
      fix: `On ${gatewayIn(link)}: ${fixes.join('; ')}.${relink(link, oneWay)}`,
      ...(related.length ? { related } : {}),
    },
  ];
}

/** PEER307 fires for the gateway. */
function lacksClusterLabel({ gateway, peer }: PeerLink): boolean {
  // Without a network label, or for NodePort peering, PEER301 already reports it; when the
  // network differs from the peer's cluster ID, PEER306 reports the wrong cluster ID.
  if (gateway.clusterLabel || !gateway.network || gateway.nodePort) return false;
  return !peer || peer.id === gateway.network;
}

function missingClusterLabel(link: PeerLink): FindingDraft[] {
  const { gateway } = link;
  if (!lacksClusterLabel(link) || !gateway.network) return [];
  const id = link.peer?.id ?? gateway.network;
  return [
    {
      code: 'PEER307',
      message:
        `${gatewayIn(link)} has no topology.istio.io/cluster label: istiod takes the peer's ` +
        `cluster ID from its network label ("${gateway.network}"), which only works while ` +
        `${peerName(link)} has a cluster ID equal to its network name.`,
      clusters: linkClusters(link),
      objects: [gateway.ref],
      fix: `Set label topology.istio.io/cluster=${id} on ${gatewayIn(link)}.${regenerate(link)}`,
      ...(isInvalidGateway(gateway) ? { related: ['PEER301' as const] } : {}),
    },
  ];
}

/** PEER301 (invalid remote gateway) and PEER307 (cluster label missing); reference.md §2.3.2. */
export function gatewayValidityFindings(links: PeerLink[]): FindingDraft[] {
  return links.flatMap((link) => [...invalidGateway(links, link), ...missingClusterLabel(link)]);
}
