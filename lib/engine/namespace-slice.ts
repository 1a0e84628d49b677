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

// Per-namespace positions of each cluster's services and each viewer's views, so that slicing
// after a small change costs the size of the slice, not of the fleet. Services are memoised on
// the cluster's services array (shared by an incremental build when the cluster did not change),
// views per snapshot and viewer, handed on to the next snapshot for viewers it did not rebuild.
const servicesByNamespace = new WeakMap<readonly ServiceModel[], Map<string, ServiceModel[]>>();
type Positions = Map<string, number[]>;
const viewPositionsOf = new WeakMap<FleetSnapshot, Map<string, Positions>>();

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

/** Lets `next` use what was computed for `previous`, for the viewers it did not rebuild. */
export function inheritPositions(previous: FleetSnapshot, next: FleetSnapshot): void {
  const old = viewPositionsOf.get(previous);
  const rebuilt = rebuiltViewers(next);
  if (!old || !rebuilt) return;
  const inherited = new Map<string, Positions>();
  for (const [viewer, positions] of old) if (!rebuilt.has(viewer)) inherited.set(viewer, positions);
  viewPositionsOf.set(next, inherited);
}

/** Positions (from the start of the viewer's range) of its views of these namespaces, in order. */
function viewPositions(
  snapshot: FleetSnapshot,
  viewer: string,
  [start, end]: readonly [number, number],
  namespaces: ReadonlySet<string>,
): number[] {
  if (rebuiltViewers(snapshot)?.has(viewer)) {
    // Rebuilt for this snapshot, and likely again for the next: scan rather than index.
    const out: number[] = [];
    for (let i = start; i < end; i++)
      if (namespaces.has(snapshot.views[i]!.namespace)) out.push(i - start);
    return out;
  }
  let perViewer = viewPositionsOf.get(snapshot);
  if (!perViewer) viewPositionsOf.set(snapshot, (perViewer = new Map()));
  let byNs = perViewer.get(viewer);
  if (!byNs) {
    byNs = new Map();
    for (let i = start; i < end; i++) {
      const ns = snapshot.views[i]!.namespace;
      const list = byNs.get(ns);
      if (list) list.push(i - start);
      else byNs.set(ns, [i - start]);
    }
    perViewer.set(viewer, byNs);
  }
  const out: number[] = [];
  for (const ns of namespaces) for (const i of byNs.get(ns) ?? []) out.push(i);
  if (namespaces.size > 1) out.sort((a, b) => a - b);
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
  const views: GlobalServiceView[] = [];
  const ranges = viewRanges(snapshot);
  for (const c of snapshot.clusters) {
    const range = ranges.get(c.context);
    if (!range) continue;
    for (const i of viewPositions(snapshot, c.context, range, namespaces))
      views.push(snapshot.views[range[0] + i]!);
  }
  return {
    ...snapshot,
    clusters,
    services: clusters.flatMap((c) => c.services),
    views,
  };
}
