import type { Finding } from '../analyze';
import { rebuiltViewers, viewRanges } from '../model/build-snapshot';
import type { FleetSnapshot, GlobalServiceView, ServiceModel } from '../model/snapshot';

/**
 * The namespace a namespace-detector finding is about: that of its Services, or its Namespace.
 * Every SVC4xx finding names at least one of them, all in one namespace.
 */
export function namespaceOf(finding: Finding): string {
  for (const o of finding.objects) {
    if (o.kind === 'Service' && o.namespace !== undefined) return o.namespace;
    if (o.kind === 'Namespace') return o.name;
  }
  throw new Error(
    `${finding.code} names no Service or Namespace: it cannot be a namespace finding`,
  );
}

// Services per namespace, memoised on the cluster's services array: an incremental build shares
// it when the cluster did not change, so slicing after a small change costs the slice.
const servicesByNamespace = new WeakMap<readonly ServiceModel[], Map<string, ServiceModel[]>>();

function servicesIn(services: readonly ServiceModel[], namespaces: ReadonlySet<string>) {
  let byNs = servicesByNamespace.get(services);
  if (!byNs) {
    byNs = new Map();
    for (const s of services) {
      const list = byNs.get(s.namespace);
      if (list) list.push(s);
      else byNs.set(s.namespace, [s]);
    }
    servicesByNamespace.set(services, byNs);
  }
  if (namespaces.size === 1) return byNs.get([...namespaces][0]!) ?? [];
  return services.filter((s) => namespaces.has(s.namespace));
}

/** Positions of one viewer's views in its range, per namespace. */
type Positions = ReadonlyMap<string, readonly number[]>;
type Range = readonly [number, number];
// Per snapshot and viewer; handed on to the next snapshot for the viewers it took over, so that
// slicing after a small change scans only the rebuilt viewers' views.
const positionsOf = new WeakMap<FleetSnapshot, Map<string, Positions>>();

function positionsIn(snapshot: FleetSnapshot, [start, end]: Range): Positions {
  const byNs = new Map<string, number[]>();
  for (let i = start; i < end; i++) {
    const ns = snapshot.views[i]!.namespace;
    const list = byNs.get(ns);
    if (list) list.push(i - start);
    else byNs.set(ns, [i - start]);
  }
  return byNs;
}

function positionsMap(snapshot: FleetSnapshot): Map<string, Positions> {
  let map = positionsOf.get(snapshot);
  if (!map) positionsOf.set(snapshot, (map = new Map()));
  return map;
}

/**
 * Lets `next` (built incrementally from `previous`) reuse the per-namespace positions of the
 * viewers it took over; they are computed on `previous` once if it had none.
 */
export function inheritPositions(previous: FleetSnapshot, next: FleetSnapshot): void {
  const rebuilt = rebuiltViewers(next);
  if (!rebuilt) return;
  const old = positionsMap(previous);
  const now = positionsMap(next);
  const oldRanges = viewRanges(previous);
  for (const viewer of viewRanges(next).keys()) {
    if (rebuilt.has(viewer)) continue;
    let positions = old.get(viewer);
    if (!positions) {
      const range = oldRanges.get(viewer);
      if (!range) continue;
      old.set(viewer, (positions = positionsIn(previous, range)));
    }
    now.set(viewer, positions);
  }
}

/** The views of these namespaces, in snapshot order. */
function viewsIn(snapshot: FleetSnapshot, namespaces: ReadonlySet<string>): GlobalServiceView[] {
  const known = positionsOf.get(snapshot);
  if (!known) return snapshot.views.filter((v) => namespaces.has(v.namespace));
  const out: GlobalServiceView[] = [];
  for (const [viewer, [start, end]] of viewRanges(snapshot)) {
    const positions = known.get(viewer);
    if (!positions) {
      for (let i = start; i < end; i++)
        if (namespaces.has(snapshot.views[i]!.namespace)) out.push(snapshot.views[i]!);
      continue;
    }
    const picked: number[] = [];
    for (const ns of namespaces) for (const i of positions.get(ns) ?? []) picked.push(i);
    if (namespaces.size > 1) picked.sort((a, b) => a - b);
    for (const i of picked) out.push(snapshot.views[start + i]!);
  }
  return out;
}

/**
 * The snapshot as the namespace detectors see it when only `namespaces` matter: every cluster,
 * edge and segment, but only the Services, Namespaces and global-service views of those
 * namespaces. Their findings on it are exactly their findings of those namespaces on the whole.
 */
export function restrictToNamespaces(
  snapshot: FleetSnapshot,
  namespaces: ReadonlySet<string>,
): FleetSnapshot {
  const clusters = snapshot.clusters.map((c) => ({
    ...c,
    services: servicesIn(c.services, namespaces),
    namespaces: c.namespaces.filter((n) => namespaces.has(n.name)),
  }));
  const views = viewsIn(snapshot, namespaces);
  return {
    ...snapshot,
    clusters,
    services: clusters.flatMap((c) => c.services),
    views,
  };
}
