import type { ObjectRef } from '../../model/objects';
import type {
  ClusterModel,
  FleetSnapshot,
  GlobalServiceView,
  PeeringEdge,
  ServiceModel,
} from '../../model/snapshot';

/** `a, b and c`. */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Distinct strings in a stable order, for messages and cluster lists. */
export const sorted = (items: Iterable<string>): string[] =>
  [...new Set(items)].sort((a, b) => a.localeCompare(b));

/** `1 Service`, `2 Services`. */
export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n} ${n === 1 ? one : many}`;

/** Values and where they occur: `http in cluster-1 and cluster-2, grpc in cluster-3`. */
export function whereEach(byValue: Map<string, string[]>): string {
  return [...byValue]
    .map(([value, clusters]) => ({ value, clusters: sorted(clusters) }))
    .sort((a, b) => a.clusters[0]!.localeCompare(b.clusters[0]!) || a.value.localeCompare(b.value))
    .map(({ value, clusters }) => `${value} in ${joinList(clusters)}`)
    .join(', ');
}

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** `payments/checkout`. */
export const serviceName = (s: Pick<ServiceModel, 'namespace' | 'name'>): string =>
  `${s.namespace}/${s.name}`;

/** The kubectl command that sets `labels` on a Service or Namespace in one context (fixes). */
export const kubectlLabel = (
  context: string,
  target:
    { kind: 'Service'; namespace: string; name: string } | { kind: 'Namespace'; name: string },
  labels: string,
): string =>
  target.kind === 'Service'
    ? `kubectl --context ${context} -n ${target.namespace} label service ${target.name} ${labels} --overwrite`
    : `kubectl --context ${context} label namespace ${target.name} ${labels} --overwrite`;

/**
 * Lookups shared by the service and hostname detectors, computed once per snapshot: services by
 * cluster and `<ns>/<name>`, undirected peering neighbours, views per viewer.
 */
export interface ServiceIndex {
  cluster: (context: string) => ClusterModel | undefined;
  service: (cluster: string, namespace: string, name: string) => ServiceModel | undefined;
  /** The Service behind a view's copy (by identity when the snapshot shares refs, else by name). */
  serviceOf: (ref: ObjectRef) => ServiceModel | undefined;
  /** Pairs of clusters this one imports from that are not peered with each other (SVC413). */
  peerGaps: (viewer: string) => readonly (readonly [string, string])[];
  /** Clusters with a peer gateway to or from this one (managed edges, either direction). */
  neighbours: (context: string) => ReadonlySet<string>;
  /** Managed edges from a cluster, by target. */
  edge: (from: string, to: string) => PeeringEdge | undefined;
  /** The cluster peers with something Segscope cannot read (unmanaged or unreachable peer). */
  hasUnknownPeer: (context: string) => boolean;
  /** The global services a cluster sees, by hostname (several when hostnames collide). */
  viewsIn: (viewer: string) => ReadonlyMap<string, GlobalServiceView[]>;
}

const NONE: ReadonlySet<string> = new Set();
const NO_VIEWS: ReadonlyMap<string, GlobalServiceView[]> = new Map();
const cache = new WeakMap<FleetSnapshot, ServiceIndex>();

/** The shared lookups for SVC4xx and HOST5xx detectors (README §2), built once per snapshot. */
export function serviceIndex(snapshot: FleetSnapshot): ServiceIndex {
  const hit = cache.get(snapshot);
  if (hit) return hit;
  const clusters = new Map(snapshot.clusters.map((c) => [c.context, c]));
  const byCluster = new Map<string, Map<string, ServiceModel>>();
  const neighbours = new Map<string, Set<string>>();
  const edges = new Map<string, PeeringEdge>();
  const unknownPeer = new Set<string>();
  const link = (a: string, b: string) => {
    let set = neighbours.get(a);
    if (!set) neighbours.set(a, (set = new Set()));
    set.add(b);
  };
  for (const e of snapshot.edges) {
    const target = e.managed ? clusters.get(e.to) : undefined;
    if (!target?.reachable) unknownPeer.add(e.from);
    if (!e.managed) continue;
    link(e.from, e.to);
    link(e.to, e.from);
    edges.set(`${e.from}\u0000${e.to}`, e);
  }
  const imports = new Map<string, string[]>();
  for (const [key] of edges) {
    const [from, to] = key.split('\u0000') as [string, string];
    const list = imports.get(from);
    if (list) list.push(to);
    else imports.set(from, [to]);
  }
  const gaps = new Map<string, [string, string][]>();
  let byRef: Map<ObjectRef, ServiceModel> | undefined;
  let byViewer: Map<string, Map<string, GlobalServiceView[]>> | undefined;
  const index: ServiceIndex = {
    cluster: (context) => clusters.get(context),
    service: (cluster, namespace, name) => {
      let services = byCluster.get(cluster);
      if (!services) {
        services = new Map(
          (clusters.get(cluster)?.services ?? []).map((s) => [`${s.namespace}/${s.name}`, s]),
        );
        byCluster.set(cluster, services);
      }
      return services.get(`${namespace}/${name}`);
    },
    serviceOf: (ref) => {
      byRef ??= new Map(snapshot.services.map((svc) => [svc.ref, svc]));
      return byRef.get(ref) ?? index.service(ref.cluster, ref.namespace ?? '', ref.name);
    },
    peerGaps: (viewer) => {
      let list = gaps.get(viewer);
      if (!list) {
        list = [];
        const peers = imports.get(viewer) ?? [];
        for (let i = 0; i < peers.length; i++) {
          const near = neighbours.get(peers[i]!) ?? NONE;
          for (let j = i + 1; j < peers.length; j++) {
            if (!near.has(peers[j]!)) list.push([peers[i]!, peers[j]!]);
          }
        }
        gaps.set(viewer, list);
      }
      return list;
    },
    neighbours: (context) => neighbours.get(context) ?? NONE,
    edge: (from, to) => edges.get(`${from}\u0000${to}`),
    hasUnknownPeer: (context) => unknownPeer.has(context),
    viewsIn: (viewer) => {
      if (!byViewer) {
        byViewer = new Map();
        for (const v of snapshot.views) {
          let hosts = byViewer.get(v.viewer);
          if (!hosts) byViewer.set(v.viewer, (hosts = new Map()));
          const list = hosts.get(v.hostname);
          if (list) list.push(v);
          else hosts.set(v.hostname, [v]);
        }
      }
      return byViewer.get(viewer) ?? NO_VIEWS;
    },
  };
  cache.set(snapshot, index);
  return index;
}

/** Type guard for `filter`. */
export const present = <T>(value: T | undefined): value is T => value !== undefined;
