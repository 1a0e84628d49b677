import { type Condition, type PeerGateway } from '../../model/snapshot';
import type { FindingDraft } from '../finding';
import {
  eastWestAddresses,
  gatewayIn,
  linkClusters,
  PEER_DATA_PLANE,
  type PeerLink,
  peerName,
  quoted,
  regenerate,
} from './links';

const VALIDATION_PREFIX = 'encountered error validating gateway: ';

/** The `ValidatePeerGateway` errors istiod reports (reference.md §2.3.2), exactly. */
export const VALIDATION_ERRORS = {
  network: 'no network label found in gateway',
  onlyStatusAddresses: 'no spec.addresses found in gateway (but found status.addresses)',
  addresses: 'no addresses found in gateway',
  serviceAccount:
    'nodeport peering is enabled, expected gateway.istio.io/service-account annotation not found in gateway',
  clusterLabel:
    'nodeport peering is enabled, expected topology.istio.io/cluster label not found in gateway',
} as const;

type ValidationError = keyof typeof VALIDATION_ERRORS;

/**
 * A condition that reports a validation error of the gateway (reason `Invalid`), as opposed to
 * `PeerDataPlaneProgrammed` / `missing HBONE listener`, which is PEER304's.
 */
export function isValidationFailure(type: string, c: Condition): boolean {
  if (c.status === 'True' || c.reason !== 'Invalid') return false;
  return type !== PEER_DATA_PLANE || (c.message ?? '').includes(VALIDATION_PREFIX);
}

function staticErrors(g: PeerGateway): ValidationError[] {
  const errors: ValidationError[] = [];
  if (!g.network) errors.push('network');
  if (g.addresses.length === 0)
    errors.push(g.statusAddresses.length > 0 ? 'onlyStatusAddresses' : 'addresses');
  if (g.nodePort && !g.serviceAccount) errors.push('serviceAccount');
  if (g.nodePort && !g.clusterLabel) errors.push('clusterLabel');
  return errors;
}

/** Error texts from `Invalid` conditions, without the `... validating gateway:` preamble. */
function reportedErrors(g: PeerGateway): string[] {
  return Object.entries(g.conditions)
    .filter(([type, c]) => isValidationFailure(type, c))
    .map(([type, c]) => {
      const message = c.message ?? `${type} is ${c.status} (Invalid)`;
      const at = message.indexOf(VALIDATION_PREFIX);
      return at >= 0 ? message.slice(at + VALIDATION_PREFIX.length) : message;
    });
}

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

function invalidGateway(link: PeerLink): FindingDraft[] {
  const found = staticErrors(link.gateway);
  const texts = [
    ...new Set([...found.map((e) => VALIDATION_ERRORS[e]), ...reportedErrors(link.gateway)]),
  ];
  if (texts.length === 0) return [];
  const fixes = found.map((e) => fixFor(e, link));
  if (texts.length > found.length) fixes.push('correct what the reported error names');
  return [
    {
      code: 'PEER301',
      message:
        `${gatewayIn(link)} is invalid: istiod rejects it with ${quoted(texts)}; ` +
        `${link.cluster.context} starts no peering with ${peerName(link)}.`,
      clusters: linkClusters(link),
      objects: [link.gateway.ref],
      fix: `On ${gatewayIn(link)}: ${fixes.join('; ')}.${regenerate(link)}`,
    },
  ];
}

function missingClusterLabel(link: PeerLink): FindingDraft[] {
  const { gateway } = link;
  // Without a network label, or for NodePort peering, PEER301 already reports it; when the
  // network differs from the peer's cluster ID, PEER306 reports the wrong cluster ID.
  if (gateway.clusterLabel || !gateway.network || gateway.nodePort) return [];
  if (link.peer && link.peer.id !== gateway.network) return [];
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
    },
  ];
}

/** PEER301 (invalid remote gateway) and PEER307 (cluster label missing); reference.md §2.3.2. */
export function gatewayValidityFindings(links: PeerLink[]): FindingDraft[] {
  return links.flatMap((link) => [...invalidGateway(link), ...missingClusterLabel(link)]);
}
