/**
 * Shared view of the peer gateways for the peering and trust detectors: which cluster each
 * `istio-remote` Gateway belongs to, which fleet cluster its peer ID resolves to, and which
 * reachable fleet cluster it is meant for (reference.md §2.3.2).
 */
import type { ObjectRef } from '../../model/objects';
import type { ClusterModel, FleetSnapshot, Listener, PeerGateway } from '../../model/snapshot';

export const PEER_CONNECTED = 'gloo.solo.io/PeerConnected';
export const PEER_DATA_PLANE = 'gloo.solo.io/PeerDataPlaneProgrammed';
export const HBONE_PORT = 15008;
export const XDS_PORT = 15012;

/** One peer gateway with what it resolves to. */
export interface PeerLink {
  /** The cluster holding the gateway (it discovers the peer). */
  cluster: ClusterModel;
  gateway: PeerGateway;
  /** The fleet cluster the gateway's peer ID resolves to: may be unreachable or `cluster` itself. */
  target?: ClusterModel;
  /**
   * The reachable fleet cluster, other than `cluster`, the gateway is meant for: its target, else
   * the one cluster whose east-west address, else whose network, the gateway names.
   */
  peer?: ClusterModel;
}

const others = (snapshot: FleetSnapshot, self: ClusterModel) =>
  snapshot.clusters.filter((c) => c.reachable && c.context !== self.context);

const only = <T>(list: T[]): T | undefined => (list.length === 1 ? list[0] : undefined);

/** East-west gateway status addresses of a cluster, in order, without repeats. */
export function eastWestAddresses(cluster: ClusterModel): string[] {
  return [...new Set(cluster.eastWest.flatMap((g) => g.addresses))];
}

function intendedPeer(
  snapshot: FleetSnapshot,
  cluster: ClusterModel,
  gateway: PeerGateway,
  target: ClusterModel | undefined,
): ClusterModel | undefined {
  if (target) return target.reachable && target.context !== cluster.context ? target : undefined;
  const candidates = others(snapshot, cluster);
  const byAddress = only(
    candidates.filter((c) => eastWestAddresses(c).some((a) => gateway.addresses.includes(a))),
  );
  if (byAddress) return byAddress;
  if (!gateway.network || gateway.network === cluster.network) return undefined;
  return only(candidates.filter((c) => c.network === gateway.network));
}

const cache = new WeakMap<FleetSnapshot, PeerLink[]>();

/** Every peer gateway of every reachable cluster, resolved (computed once per snapshot). */
export function peerLinks(snapshot: FleetSnapshot): PeerLink[] {
  let links = cache.get(snapshot);
  if (!links) {
    links = resolveLinks(snapshot);
    cache.set(snapshot, links);
  }
  return links;
}

function resolveLinks(snapshot: FleetSnapshot): PeerLink[] {
  const byContext = new Map(snapshot.clusters.map((c) => [c.context, c]));
  return snapshot.clusters
    .filter((c) => c.reachable)
    .flatMap((cluster) =>
      cluster.peers.map((gateway) => {
        const target = gateway.target ? byContext.get(gateway.target) : undefined;
        const peer = intendedPeer(snapshot, cluster, gateway, target);
        return {
          cluster,
          gateway,
          ...(target ? { target } : {}),
          ...(peer ? { peer } : {}),
        };
      }),
    );
}

/** Two reachable fleet clusters joined by a peer gateway in at least one direction. */
export interface PeeredPair {
  a: ClusterModel;
  b: ClusterModel;
}

/** Every peered pair once, ordered by context (a < b). */
export function peeredPairs(links: PeerLink[]): PeeredPair[] {
  const pairs = new Map<string, PeeredPair>();
  for (const { cluster, peer } of links) {
    if (!peer) continue;
    const [a, b] = cluster.context < peer.context ? [cluster, peer] : [peer, cluster];
    pairs.set(`${a.context}\u0000${b.context}`, { a, b });
  }
  return [...pairs.values()].sort(
    (x, y) => x.a.context.localeCompare(y.a.context) || x.b.context.localeCompare(y.b.context),
  );
}

/** Reachable clusters some other cluster holds a peer gateway for, by context. */
export function peeredContexts(links: PeerLink[]): Set<string> {
  return new Set(links.flatMap((l) => (l.peer ? [l.peer.context] : [])));
}

/** Fleet contexts a link involves: the holder and, when it resolves to one, the peer. */
export function linkClusters(link: PeerLink): string[] {
  const other = link.peer ?? link.target;
  return other ? [link.cluster.context, other.context] : [link.cluster.context];
}

/** `Gateway <ns>/<name>` */
export const objectText = (ref: ObjectRef): string =>
  `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

/** `Gateway <ns>/<name> in <cluster>` */
export const gatewayIn = (link: PeerLink): string =>
  `${objectText(link.gateway.ref)} in ${link.cluster.context}`;

/** How a message names the peer: a fleet context, or the peer ID of a cluster Segscope cannot see. */
export function peerName(link: PeerLink): string {
  const other = link.peer ?? link.target;
  if (other) return other.context;
  return link.gateway.peerId ? `peer "${link.gateway.peerId}"` : 'its peer';
}

/** The one-way link command: `from` gets a peer gateway for `to`. */
export const linkCommand = (from: string, to: string): string =>
  `istioctl multicluster link --from ${from} --to ${to}`;

/** `Or regenerate it: istioctl multicluster link ...` when the peer is a reachable fleet cluster. */
export function regenerate(link: PeerLink): string {
  return link.peer
    ? ` Or regenerate it: ${linkCommand(link.cluster.context, link.peer.context)}.`
    : '';
}

/** `<name> <port>/<protocol>` */
export const listenerText = (l: Listener): string =>
  `${l.name || '(unnamed)'} ${l.port}/${l.protocol}`;

/** A listener with that port and protocol exists. */
export const hasListener = (listeners: Listener[], port: number, protocol: string): boolean =>
  listeners.some((l) => l.port === port && l.protocol === protocol);

/** `"a", "b"` */
export const quoted = (values: string[]): string => values.map((v) => `"${v}"`).join(', ');

/** `a`, `a and b`, `a, b and c` */
export function listText(values: string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
}
