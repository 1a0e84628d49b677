/**
 * When each per-gateway peering code fires, as plain predicates. The detectors use them to stay
 * silent where another code tells the story, and to link the findings one cause raises together
 * (findings.md, last paragraph). Kept apart from the detectors so that any detector can ask
 * without import cycles.
 */
import type {
  ClusterModel,
  Condition,
  EastWestGateway,
  FleetSnapshot,
  PeerGateway,
} from '../../model/snapshot';
import {
  HBONE_PORT,
  hasListener,
  PEER_CONNECTED,
  PEER_DATA_PLANE,
  type PeerLink,
  XDS_PORT,
} from './links';

export const VALIDATION_PREFIX = 'encountered error validating gateway: ';

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

export type ValidationError = keyof typeof VALIDATION_ERRORS;

/**
 * A condition that reports a validation error of the gateway (reason `Invalid`), as opposed to
 * `PeerDataPlaneProgrammed` / `missing HBONE listener`, which is PEER304's.
 */
export function isValidationFailure(type: string, c: Condition): boolean {
  if (c.status === 'True' || c.reason !== 'Invalid') return false;
  return type !== PEER_DATA_PLANE || (c.message ?? '').includes(VALIDATION_PREFIX);
}

/** Validation errors visible in the gateway's own fields. */
export function staticErrors(g: PeerGateway): ValidationError[] {
  const errors: ValidationError[] = [];
  if (!g.network) errors.push('network');
  if (g.addresses.length === 0)
    errors.push(g.statusAddresses.length > 0 ? 'onlyStatusAddresses' : 'addresses');
  if (g.nodePort && !g.serviceAccount) errors.push('serviceAccount');
  if (g.nodePort && !g.clusterLabel) errors.push('clusterLabel');
  return errors;
}

/** Error texts from `Invalid` conditions, without the `... validating gateway:` preamble. */
export function reportedErrors(g: PeerGateway): string[] {
  return Object.entries(g.conditions)
    .filter(([type, c]) => isValidationFailure(type, c))
    .map(([type, c]) => {
      const message = c.message ?? `${type} is ${c.status} (Invalid)`;
      const at = message.indexOf(VALIDATION_PREFIX);
      return at >= 0 ? message.slice(at + VALIDATION_PREFIX.length) : message;
    });
}

/** PEER301 fires: istiod rejects the gateway, so it starts no peering. */
export const isInvalidGateway = (g: PeerGateway): boolean =>
  staticErrors(g).length > 0 || reportedErrors(g).length > 0;

/**
 * PEER302 fires: `PeerConnected` is False for a gateway istiod accepted. An invalid gateway
 * cannot connect by definition: PEER301 says so, and its fix is the one that helps.
 */
export function notConnected(link: PeerLink): Condition | undefined {
  const connected = link.gateway.conditions[PEER_CONNECTED];
  if (connected?.status !== 'False' || connected.reason === 'Invalid') return undefined;
  return isInvalidGateway(link.gateway) ? undefined : connected;
}

/** What PEER304 reports for a gateway: a failed data-plane condition, a missing HBONE listener. */
export function dataPlaneProblems(link: PeerLink): { failed?: Condition; hboneMissing: boolean } {
  const programmed = link.gateway.conditions[PEER_DATA_PLANE];
  const failed =
    programmed?.status === 'False' && !isValidationFailure(PEER_DATA_PLANE, programmed)
      ? programmed
      : undefined;
  const hboneMissing = !hasListener(link.gateway.listeners, HBONE_PORT, 'HBONE');
  return { ...(failed ? { failed } : {}), hboneMissing };
}

/** PEER304 fires for the gateway. */
export function dataPlaneNotProgrammed(link: PeerLink): boolean {
  const { failed, hboneMissing } = dataPlaneProblems(link);
  return failed !== undefined || hboneMissing;
}

// The directed pairs (holder, peer) of a list of links, once per list: PEER305 asks for every
// link, and a fleet of hundreds of clusters has thousands of links.
const pairsOf = new WeakMap<readonly PeerLink[], Set<string>>();

function linkedPairs(links: readonly PeerLink[]): Set<string> {
  let pairs = pairsOf.get(links);
  if (!pairs) {
    pairs = new Set();
    for (const l of links) if (l.peer) pairs.add(`${l.cluster.context}\u0000${l.peer.context}`);
    pairsOf.set(links, pairs);
  }
  return pairs;
}

/** PEER305 fires for the pair: the link's peer holds no peer gateway back to its holder. */
export function isOneWay(links: readonly PeerLink[], link: PeerLink): boolean {
  const { peer, cluster } = link;
  if (!peer) return false;
  return !linkedPairs(links).has(`${peer.context}\u0000${cluster.context}`);
}

/** CP701 fires for the cluster: its istiod has peering discovery off. */
export const peeringOff = (c: ClusterModel): boolean =>
  c.reachable && c.istiod !== undefined && !c.peeringEnabled;

/** CP703 fires for the cluster: istio-system has no network label, so peering never starts. */
export const networkUnlabelled = (c: ClusterModel): boolean =>
  c.reachable && c.istioSystem !== undefined && !c.network;

/** The network CP703 tells a cluster to label: its east-west gateway's, else peers' name for it. */
export function suggestedNetwork(links: PeerLink[], c: ClusterModel): string {
  const fromEastWest = c.eastWest.find((g) => g.network)?.network;
  const fromPeers = links.find((l) => l.target?.context === c.context && l.gateway.network)?.gateway
    .network;
  return fromEastWest ?? fromPeers ?? c.id;
}

/** What is wrong with one east-west gateway, as `istioctl multicluster check` would see it. */
export function eastWestProblems(g: EastWestGateway): string[] {
  const problems: string[] = [];
  const p = g.programmed;
  if (p?.status !== 'True')
    problems.push(
      p
        ? `Programmed is ${p.status}${p.reason ? ` (${p.reason}${p.message ? `: "${p.message}"` : ''})` : ''}`
        : 'it has no Programmed condition',
    );
  if (g.addresses.length === 0) problems.push('it has no status.addresses');
  if (!hasListener(g.listeners, HBONE_PORT, 'HBONE'))
    problems.push(`it has no cross-network listener (${HBONE_PORT}/HBONE)`);
  if (!hasListener(g.listeners, XDS_PORT, 'TLS'))
    problems.push(`it has no xds-tls listener (${XDS_PORT}/TLS)`);
  return problems;
}

/** PEER310 fires for a peered cluster: none of its east-west gateways is usable. */
export const eastWestUnusable = (c: ClusterModel): boolean =>
  c.reachable && c.eastWest.every((g) => eastWestProblems(g).length > 0);

/** Istio's default cluster name; `istioctl multicluster expose` refuses it (reference.md §2.3.5). */
export const DEFAULT_CLUSTER_ID = 'Kubernetes';

/** Reachable clusters whose mesh cluster ID PEER312 compares (a context-name fallback is not). */
const meshIdHolders = (snapshot: FleetSnapshot, id: string) =>
  snapshot.clusters.filter((c) => c.reachable && c.idSource !== 'context' && c.id === id);

/** PEER312 fires for the ID: several clusters share it, or one is left at the default. */
export function idClashes(snapshot: FleetSnapshot, id: string): boolean {
  const holders = meshIdHolders(snapshot, id);
  return (
    holders.length > 1 ||
    holders.some((c) => c.idSource === 'CLUSTER_ID' && id === DEFAULT_CLUSTER_ID)
  );
}

/** istiod generates `istio-remote-peer-<self>` itself with PEERING_AUTOMATIC_LOCAL_GATEWAY (§2.3.3). */
export const isGeneratedLocal = (link: PeerLink): boolean =>
  link.cluster.istiodEnv?.PEERING_AUTOMATIC_LOCAL_GATEWAY === 'true' &&
  link.gateway.ref.name === `istio-remote-peer-${link.cluster.id}`;

/** PEER309 fires for the gateway: it resolves to its own cluster and istiod did not make it. */
export const isSelfPeer = (link: PeerLink): boolean =>
  link.target?.context === link.cluster.context && !isGeneratedLocal(link);

/** Peer IDs for which the cluster holds more than one gateway (PEER308), its own ID aside. */
export function duplicatedPeerIds(cluster: ClusterModel): Set<string> {
  const counts = new Map<string, number>();
  for (const g of cluster.peers)
    if (g.peerId && g.peerId !== cluster.id) counts.set(g.peerId, (counts.get(g.peerId) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n > 1).map(([id]) => id));
}
