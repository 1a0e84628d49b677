import { globalHostname } from '../hostnames';
import { compareRefs } from './objects';
import { sortByText } from './text-order';
import type { ClusterModel, GlobalServiceView, PeeringEdge, ServiceModel } from './snapshot';

/**
 * Whether `exporter`'s service reaches `viewer` over an accepted peering: `global` (and the
 * deprecated `global-only`) cross segments, `segment` stays inside one (reference.md §2.4.1).
 */
export function scopeAllows(
  service: ServiceModel,
  exporter: ClusterModel,
  viewer: ClusterModel,
): boolean {
  if (!service.exported) return false;
  return service.scope !== 'segment' || exporter.segment === viewer.segment;
}

/**
 * A numbering of the `<ns>/<name>` pairs of a fleet's services, so that grouping copies per
 * viewer indexes an array instead of hashing strings (hundreds of thousands of copies at fleet
 * scale). Build it once per snapshot with `serviceIndex` and pass it to every `viewsOf`.
 */
export interface ServiceIndex {
  /** Per cluster's `services` array, the number of each service's `<ns>/<name>`. */
  ids: Map<readonly ServiceModel[], Int32Array>;
  /** Scratch space of one slot per number, -1 when free: reused by every viewsOf call. */
  slots: Int32Array;
}

/** Numbers the `<ns>/<name>` pairs of these clusters' services (see ServiceIndex). */
export function serviceIndex(clusters: Iterable<ClusterModel>): ServiceIndex {
  const numbers = new Map<string, Map<string, number>>();
  const ids = new Map<readonly ServiceModel[], Int32Array>();
  let next = 0;
  for (const cluster of clusters) {
    const services = cluster.services;
    const own = new Int32Array(services.length);
    for (let i = 0; i < services.length; i++) {
      const service = services[i]!;
      let byName = numbers.get(service.namespace);
      if (!byName) numbers.set(service.namespace, (byName = new Map()));
      let id = byName.get(service.name);
      if (id === undefined) byName.set(service.name, (id = next++));
      own[i] = id;
    }
    ids.set(services, own);
  }
  return { ids, slots: new Int32Array(next).fill(-1) };
}

/**
 * The global services one cluster sees: its own exported services plus what each accepted peer
 * exports to it, grouped per `<svc>.<ns>` and owning segment. Copies from the viewer's segment
 * merge with the viewer's own copy; other segments stay separate hostnames (README §2).
 * `index` must cover the viewer and its peers; without it one is built for `clusters`.
 */
export function viewsOf(
  viewer: ClusterModel,
  edgesFrom: PeeringEdge[],
  clusters: Map<string, ClusterModel>,
  index: ServiceIndex = serviceIndex(clusters.values()),
): GlobalServiceView[] {
  if (!viewer.reachable) return [];
  const { slots } = index;
  // views[g] is one group: the copies of one `<ns>/<name>` from one owning segment; slots[id] is
  // the first group of that name and next[g] the following one (other segments), or -1.
  const views: GlobalServiceView[] = [];
  const next: number[] = [];
  const used: number[] = [];
  const groupOf = (id: number, owner: ClusterModel): number => {
    for (let g = slots[id]!; g !== -1; g = next[g]!) {
      if (views[g]!.segment === owner.segment) return g;
    }
    return -1;
  };
  const open = (id: number, service: ServiceModel, owner: ClusterModel): number => {
    const g = views.length;
    views.push({
      viewer: viewer.context,
      namespace: service.namespace,
      name: service.name,
      hostname: globalHostname(service.name, service.namespace, owner.segmentDomain),
      segment: owner.segment,
      domain: owner.segmentDomain,
      contributors: [],
      copies: [],
    });
    // Append to the chain, so that groups keep their creation order.
    if (slots[id] === -1) {
      slots[id] = g;
      used.push(id);
    } else {
      let last = slots[id]!;
      while (next[last] !== -1) last = next[last]!;
      next[last] = g;
    }
    next.push(-1);
    return g;
  };
  const add = (g: number, service: ServiceModel, owner: ClusterModel) => {
    const view = views[g]!;
    if (!view.contributors.includes(owner.context)) view.contributors.push(owner.context);
    view.copies.push(service.ref);
  };
  const idsOf = (cluster: ClusterModel): Int32Array => {
    const ids = index.ids.get(cluster.services);
    if (!ids) throw new Error(`viewsOf: the service index does not cover ${cluster.context}`);
    return ids;
  };

  // Only an exported copy makes a hostname exist; the viewer's own unexported Service is then
  // selected by the generated ServiceEntry too, so it joins an existing group (reference.md §2.5.1).
  const own = viewer.services;
  const ownIds = idsOf(viewer);
  for (let i = 0; i < own.length; i++) {
    const service = own[i]!;
    if (!service.exported) continue;
    const id = ownIds[i]!;
    const g = groupOf(id, viewer);
    add(g === -1 ? open(id, service, viewer) : g, service, viewer);
  }
  if (viewer.peeringEnabled) {
    for (const edge of edgesFrom) {
      const exporter = edge.managed ? clusters.get(edge.to) : undefined;
      if (!exporter || !edge.segmentAccepted || !exporter.reachable || !exporter.peeringEnabled)
        continue;
      const services = exporter.services;
      const ids = idsOf(exporter);
      for (let i = 0; i < services.length; i++) {
        const service = services[i]!;
        if (!scopeAllows(service, exporter, viewer)) continue;
        const id = ids[i]!;
        const g = groupOf(id, exporter);
        add(g === -1 ? open(id, service, exporter) : g, service, exporter);
      }
    }
  }
  for (let i = 0; i < own.length; i++) {
    const service = own[i]!;
    if (service.exported) continue;
    const g = groupOf(ownIds[i]!, viewer);
    if (g !== -1) add(g, service, viewer);
  }
  for (const id of used) slots[id] = -1;

  const viewerFirst = (a: string, b: string) =>
    a === viewer.context ? -1 : b === viewer.context ? 1 : a.localeCompare(b);
  for (const view of views) {
    if (view.contributors.length > 1) view.contributors.sort(viewerFirst);
    if (view.copies.length > 1) view.copies.sort(compareRefs);
  }
  return sortByText(views, (v) => v.hostname);
}
