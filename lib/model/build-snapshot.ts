import { buildCluster } from './build-cluster';
import type { ClusterInput, FleetInput } from './input';
import {
  type ClusterModel,
  DEFAULT_SEGMENT,
  type FleetSnapshot,
  type GlobalServiceView,
  type PeerGateway,
  type PeeringEdge,
  type SegmentSummary,
  type ServiceModel,
  SUPPRESS_ANNOTATION,
  SYSTEM_NAMESPACE,
} from './snapshot';
import { refKey, refOf } from './objects';
import { isPlainText } from './text-order';
import { serviceIndex, viewsOf } from './visibility';

function health(gateway: PeerGateway): PeeringEdge['health'] {
  const connected = gateway.conditions['gloo.solo.io/PeerConnected'];
  const succeeded = gateway.conditions['gloo.solo.io/PeeringSucceeded'];
  if (!connected && !succeeded) return 'unknown';
  if (connected?.status === 'False' || succeeded?.status === 'False') return 'failed';
  if (connected?.status === 'True' && (succeeded?.status ?? 'True') === 'True') return 'connected';
  return 'pending';
}

/**
 * Discovery of `exporter` is enabled in `viewer` only when the viewer holds the exporter's
 * segment under the same name and domain (README §2; reference.md §2.3.2). The implicit default
 * segment needs no resource.
 */
function acceptance(
  viewer: ClusterModel,
  exporter: ClusterModel | undefined,
): Pick<PeeringEdge, 'segmentAccepted' | 'rejection'> {
  if (!viewer.peeringEnabled) return { segmentAccepted: false, rejection: 'peering-disabled' };
  if (!exporter || exporter.segment === DEFAULT_SEGMENT) return { segmentAccepted: true };
  const held = viewer.segments.find(
    (s) => s.namespace === SYSTEM_NAMESPACE && s.name === exporter.segment,
  );
  if (!held) return { segmentAccepted: false, rejection: 'segment-missing' };
  if (held.domain !== exporter.segmentDomain)
    return { segmentAccepted: false, rejection: 'domain-mismatch' };
  return { segmentAccepted: true };
}

/** Index of mesh cluster IDs to contexts; the first cluster wins a duplicate ID (PEER312). */
export function clustersById(clusters: ClusterModel[]): Map<string, string> {
  const byId = new Map<string, string>();
  for (const c of clusters) if (!byId.has(c.id)) byId.set(c.id, c.context);
  return byId;
}

function edgesOf(clusters: ClusterModel[]): PeeringEdge[] {
  const byId = clustersById(clusters);
  const byContext = new Map(clusters.map((c) => [c.context, c]));
  const edges = new Map<string, PeeringEdge>();
  for (const viewer of clusters) {
    for (const gateway of viewer.peers) {
      if (!gateway.peerId) continue;
      const target = byId.get(gateway.peerId);
      gateway.target = target;
      if (target === viewer.context) continue;
      const to = target ?? gateway.peerId;
      const key = `${viewer.context}\u0000${to}`;
      if (edges.has(key)) continue;
      edges.set(key, {
        from: viewer.context,
        to,
        managed: target !== undefined,
        gateway: gateway.ref,
        health: health(gateway),
        ...acceptance(viewer, target ? byContext.get(target) : undefined),
      });
    }
  }
  return [...edges.values()].sort(
    (a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
  );
}

function segmentsOf(clusters: ClusterModel[]): SegmentSummary[] {
  const byName = new Map<string, SegmentSummary>();
  const get = (name: string) => {
    let s = byName.get(name);
    if (!s) {
      s = { name, domains: [], members: [] };
      byName.set(name, s);
    }
    return s;
  };
  for (const c of clusters) {
    for (const def of c.segments) {
      if (def.namespace === SYSTEM_NAMESPACE)
        get(def.name).domains.push({ cluster: c.context, domain: def.domain, ref: def.ref });
    }
    if (c.reachable) get(c.segment).members.push(c.context);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

// Per ClusterInput, so that a rebuild after a change re-reads only the clusters that changed.
const suppressionsCache = new WeakMap<ClusterInput, Record<string, string[]>>();

function clusterSuppressions(cluster: ClusterInput): Record<string, string[]> {
  const cached = suppressionsCache.get(cluster);
  if (cached) return cached;
  const out: Record<string, string[]> = {};
  for (const o of cluster.objects) {
    const value = o.metadata.annotations?.[SUPPRESS_ANNOTATION];
    if (value === undefined) continue;
    out[refKey(refOf(cluster.context, o))] = value
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
  }
  suppressionsCache.set(cluster, out);
  return out;
}

function suppressionsOf(input: FleetInput): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const cluster of input.clusters) {
    const own = clusterSuppressions(cluster);
    for (const key in own) out[key] = [...own[key]!];
  }
  return out;
}

/** Options of `buildSnapshot`: an incremental rebuild from an earlier snapshot. */
export interface BuildOptions {
  /**
   * A snapshot of an earlier input. Clusters whose context is not in `changed` are taken from it
   * instead of being rebuilt from their objects, and so are the views of viewing clusters that
   * neither changed nor peer with a changed cluster.
   */
  reuse?: FleetSnapshot;
  /**
   * Contexts whose ClusterInput differs from the input `reuse` was built from (clusters new to
   * the fleet count as changed without being listed). Required with `reuse`: a cluster that
   * changed but is not listed keeps its old model.
   */
  changed?: ReadonlySet<string>;
}

/** A reused cluster: its own peers, since edgesOf records each gateway's target on them. */
const reused = (c: ClusterModel): ClusterModel => ({ ...c, peers: c.peers.map((p) => ({ ...p })) });

type Range = readonly [start: number, end: number];

// Where each viewer's views are in a snapshot's list, recorded when it is built: scanning a large
// fleet's views for the boundaries touches every view object, which costs more than the rebuild.
const rangesCache = new WeakMap<FleetSnapshot, ReadonlyMap<string, Range>>();

/**
 * Where each viewing cluster's views are in `snapshot.views` (`[start, end)`; the list groups
 * them per viewer, in cluster order). Viewers without views are absent. Snapshots are treated
 * as immutable: the answer is memoised.
 */
export function viewRanges(snapshot: FleetSnapshot): ReadonlyMap<string, Range> {
  const cached = rangesCache.get(snapshot);
  if (cached) return cached;
  const out = new Map<string, Range>();
  const { views } = snapshot;
  let start = 0;
  for (let i = 1; i <= views.length; i++) {
    const viewer = views[start]?.viewer;
    if (i < views.length && views[i]!.viewer === viewer) continue;
    if (viewer !== undefined) out.set(viewer, [start, i]);
    start = i;
  }
  rangesCache.set(snapshot, out);
  return out;
}

/** What the views of other clusters read of a cluster, apart from its Services. */
const exportSignature = (c: ClusterModel): string =>
  JSON.stringify([c.id, c.reachable, c.peeringEnabled, c.segment, c.segmentDomain]);

/** What a cluster's own views read of its peerings: which, and whether discovery is accepted. */
const viewingSignature = (edgesFrom: readonly PeeringEdge[]): string =>
  JSON.stringify(edgesFrom.map((e) => [e.to, e.managed, e.segmentAccepted]));

/** `<ns>/<name>` pairs, as namespace → names (no string building per lookup). */
type Names = Map<string, Set<string>>;
const hasName = (names: Names, s: { namespace: string; name: string }) =>
  names.get(s.namespace)?.has(s.name) ?? false;
function addName(names: Names, s: ServiceModel): void {
  let set = names.get(s.namespace);
  if (!set) names.set(s.namespace, (set = new Set()));
  set.add(s.name);
}

/** How each viewer's views are made in an incremental build. */
interface ViewPlan {
  /** Viewers whose views are computed anew. */
  full: Set<ClusterModel>;
  /** Viewers whose views are the old ones with those of `names` computed anew. */
  patch: Set<ClusterModel>;
  /** The `<ns>/<name>` pairs whose Service models changed in a changed cluster. */
  names: Names;
}

/**
 * Which viewers' views can differ after `changed` changed, and how much. A viewer's views depend
 * on its own segment, Services and accepted peerings, and on what its peers export: their
 * identity, segment and Services (visibility.ts). Models of unchanged Service objects are shared
 * (build-cluster.ts), so changed Services are found by identity.
 */
function planViews(
  reuse: FleetSnapshot,
  previous: ReadonlyMap<string, ClusterModel>,
  clusters: readonly ClusterModel[],
  edgesFrom: ReadonlyMap<string, PeeringEdge[]>,
  changed: ReadonlySet<string>,
): ViewPlan {
  const names: Names = new Map();
  const exportChanged = new Set<string>();
  const viewingChanged = new Set<string>();
  const servicesChanged = new Set<string>();
  for (const c of clusters) {
    if (!changed.has(c.context)) continue;
    const before = previous.get(c.context)!;
    if (exportSignature(before) !== exportSignature(c)) exportChanged.add(c.context);
    const oldEdges = reuse.edges.filter((e) => e.from === c.context);
    if (viewingSignature(oldEdges) !== viewingSignature(edgesFrom.get(c.context) ?? []))
      viewingChanged.add(c.context);
    const kept = new Set(before.services);
    const differ = [...c.services.filter((s) => !kept.delete(s)), ...kept];
    for (const s of differ) addName(names, s);
    if (differ.length > 0) servicesChanged.add(c.context);
  }
  const full = new Set<ClusterModel>();
  const patch = new Set<ClusterModel>();
  for (const c of clusters) {
    const seen = [c.context, ...(edgesFrom.get(c.context) ?? []).map((e) => e.to)];
    if (viewingChanged.has(c.context) || seen.some((x) => exportChanged.has(x))) full.add(c);
    else if (seen.some((x) => servicesChanged.has(x))) patch.add(c);
  }
  return { full, patch, names };
}

/** Two lists in hostname order (visibility.ts), merged; no hostname is in both. */
function mergeByHostname(a: GlobalServiceView[], b: GlobalServiceView[]): GlobalServiceView[] {
  if (b.length === 0) return a;
  const plain = [...a, ...b].every((v) => isPlainText(v.hostname));
  const before = plain
    ? (x: GlobalServiceView, y: GlobalServiceView) => x.hostname < y.hostname
    : (x: GlobalServiceView, y: GlobalServiceView) => x.hostname.localeCompare(y.hostname) < 0;
  const out: GlobalServiceView[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(before(b[j]!, a[i]!) ? b[j++]! : a[i++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

// The viewers whose views an incremental build did not take over as they were.
const rebuiltCache = new WeakMap<FleetSnapshot, ReadonlySet<string>>();

/**
 * The viewers whose views `buildSnapshot` rebuilt (or patched) when it built `snapshot` from an
 * earlier one; undefined after a full build. Every other viewer's views are the earlier
 * snapshot's view objects, in the same order.
 */
export const rebuiltViewers = (snapshot: FleetSnapshot): ReadonlySet<string> | undefined =>
  rebuiltCache.get(snapshot);

const sameIds = (a: ClusterModel[], b: ClusterModel[]) =>
  a.length === b.length && a.every((c, i) => c.context === b[i]!.context && c.id === b[i]!.id);

/**
 * The fleet model every view and finding is computed from: clusters, the directed peering graph,
 * segments and, per viewing cluster, the global services it sees. Pure and deterministic: input
 * order does not matter. With `options.reuse`, an incremental rebuild (what-if previews): the
 * result equals a full build of `input` as long as `options.changed` names every cluster whose
 * input differs from the one `reuse` was built from.
 */
export function buildSnapshot(input: FleetInput, options: BuildOptions = {}): FleetSnapshot {
  const { reuse, changed = new Set<string>() } = options;
  const previous = new Map(reuse?.clusters.map((c) => [c.context, c]));
  const clusters = input.clusters
    .map((c) => {
      const before = reuse && !changed.has(c.context) ? previous.get(c.context) : undefined;
      return before ? reused(before) : buildCluster(c);
    })
    .sort((a, b) => a.context.localeCompare(b.context));
  const edges = edgesOf(clusters);
  const byContext = new Map(clusters.map((c) => [c.context, c]));
  const edgesFrom = new Map<string, PeeringEdge[]>();
  for (const e of edges) {
    const list = edgesFrom.get(e.from);
    if (list) list.push(e);
    else edgesFrom.set(e.from, [e]);
  }

  // Views of a viewer depend on its model, its edges and the models of the clusters they reach;
  // edges resolve peers by cluster ID, so a change of any ID (or of the fleet) rebuilds them all.
  const fresh = !reuse || !sameIds(reuse.clusters, clusters);
  const oldRanges = fresh ? undefined : viewRanges(reuse);
  const plan: ViewPlan = fresh
    ? { full: new Set(clusters), patch: new Set(), names: new Map() }
    : planViews(reuse, previous, clusters, edgesFrom, changed);
  const reached = (viewers: Iterable<ClusterModel>) => {
    const out = new Set<ClusterModel>();
    for (const c of viewers) {
      out.add(c);
      for (const e of edgesFrom.get(c.context) ?? []) {
        const target = byContext.get(e.to);
        if (target) out.add(target);
      }
    }
    return out;
  };
  const index = plan.full.size > 0 ? serviceIndex(reached(plan.full)) : undefined;
  // A change of Services (the usual watch event) rebuilds, in each viewer that sees them, only
  // the views of the names that changed, from clusters cut down to those names.
  const cut = new Map(
    [...(plan.patch.size > 0 ? reached(plan.patch) : [])].map((c) => [
      c.context,
      { ...c, services: c.services.filter((s) => hasName(plan.names, s)) },
    ]),
  );
  const cutIndex = cut.size > 0 ? serviceIndex(cut.values()) : undefined;
  // Views in cluster order: viewers taken over keep their old views, and a run of them is one
  // slice of the old list (arrays are concatenated once, not pushed view by view).
  const parts: GlobalServiceView[][] = [];
  const ranges = new Map<string, Range>();
  let length = 0;
  let run: [number, number] | undefined;
  const flush = () => {
    if (run) parts.push(reuse!.views.slice(run[0], run[1]));
    run = undefined;
  };
  for (const c of clusters) {
    let own: GlobalServiceView[] | undefined;
    if (plan.full.has(c)) {
      own = viewsOf(c, edgesFrom.get(c.context) ?? [], byContext, index);
    } else if (plan.patch.has(c)) {
      const [from, to] = oldRanges?.get(c.context) ?? [0, 0];
      const kept = reuse!.views.slice(from, to).filter((v) => !hasName(plan.names, v));
      const patched = viewsOf(cut.get(c.context)!, edgesFrom.get(c.context) ?? [], cut, cutIndex);
      own = mergeByHostname(kept, patched);
    }
    if (own) {
      flush();
      parts.push(own);
      if (own.length > 0) ranges.set(c.context, [length, length + own.length]);
      length += own.length;
      continue;
    }
    const [from, to] = oldRanges?.get(c.context) ?? [0, 0];
    if (to === from) continue;
    if (run && run[1] === from) run[1] = to;
    else {
      flush();
      run = [from, to];
    }
    ranges.set(c.context, [length, length + to - from]);
    length += to - from;
  }
  flush();
  const views = parts.length === 1 ? parts[0]! : ([] as GlobalServiceView[]).concat(...parts);
  const services = ([] as ServiceModel[]).concat(...clusters.map((c) => c.services));
  const snapshot: FleetSnapshot = {
    clusters,
    segments: segmentsOf(clusters),
    edges,
    services,
    views,
    suppressions: suppressionsOf(input),
  };
  rangesCache.set(snapshot, ranges);
  if (!fresh)
    rebuiltCache.set(snapshot, new Set([...plan.full, ...plan.patch].map((c) => c.context)));
  return snapshot;
}
