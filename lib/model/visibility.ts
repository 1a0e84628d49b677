import { isPlainText, sortByText } from './text-order';
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
 * `globalHostname` (lib/hostnames.ts), built by `join`: V8 makes a flat string of it at once,
 * where `+` and templates make a rope that is flattened (copied) the first time it is hashed or
 * compared. Every view's hostname is hashed by someone; at fleet scale the copies add up.
 */
const flatHostname = (service: string, namespace: string, domain: string): string =>
  [service, namespace, domain].join('.');

/**
 * A numbering of the `<ns>/<name>` pairs of a fleet's services, so that grouping copies per
 * viewer indexes an array instead of hashing strings (hundreds of thousands of copies at fleet
 * scale). Build it once per snapshot with `serviceIndex` and pass it to every `viewsOf`.
 */
export interface ServiceIndex {
  /** Per cluster's `services` array, the number of each service's `<ns>/<name>`. */
  ids: Map<readonly ServiceModel[], Int32Array>;
  /** Position of each cluster (context) in `localeCompare` order. */
  rank: Map<string, number>;
  /**
   * Position of each number's `<name>.<ns>.` in code-unit order, when every name and namespace
   * is plain text without dots (Kubernetes names always are): hostnames then sort by this
   * position, then by domain. Undefined otherwise.
   */
  order?: Int32Array;
  /** Scratch space of one slot per number, -1 when free: reused by every viewsOf call. */
  slots: Int32Array;
  /** Scratch: 1 where the viewer holds an unexported copy of that name, during viewsOf. */
  ownUnexported: Uint8Array;
  /**
   * Hostnames already made, per domain and number: every viewer of a service gets the same
   * string (strings are immutable), instead of one copy per viewer.
   */
  hostnames: Map<string, (string | undefined)[]>;
}

const plainLabel = (text: string) => isPlainText(text) && !text.includes('.');

/** Numbers the `<ns>/<name>` pairs of these clusters' services (see ServiceIndex). */
export function serviceIndex(clusters: Iterable<ClusterModel>): ServiceIndex {
  const numbers = new Map<string, Map<string, number>>();
  const ids = new Map<readonly ServiceModel[], Int32Array>();
  const contexts: string[] = [];
  const prefixes: string[] = [];
  let plain = true;
  for (const cluster of clusters) {
    contexts.push(cluster.context);
    const services = cluster.services;
    const own = new Int32Array(services.length);
    for (let i = 0; i < services.length; i++) {
      const service = services[i]!;
      let byName = numbers.get(service.namespace);
      if (!byName) {
        numbers.set(service.namespace, (byName = new Map()));
        plain &&= plainLabel(service.namespace);
      }
      let id = byName.get(service.name);
      if (id === undefined) {
        byName.set(service.name, (id = prefixes.length));
        prefixes.push(`${service.name}.${service.namespace}.`);
        plain &&= plainLabel(service.name);
      }
      own[i] = id;
    }
    ids.set(services, own);
  }
  const rank = new Map(
    contexts.sort((a, b) => a.localeCompare(b)).map((context, i) => [context, i]),
  );
  const index: ServiceIndex = {
    ids,
    rank,
    slots: new Int32Array(prefixes.length).fill(-1),
    ownUnexported: new Uint8Array(prefixes.length),
    hostnames: new Map(),
  };
  if (plain) {
    // With dot-free labels, `<name>.<ns>.` is never a proper prefix of another: the hostname
    // order is this order, then the domain's.
    const byPrefix = prefixes
      .map((_, id) => id)
      .sort((a, b) => (prefixes[a]! < prefixes[b]! ? -1 : 1));
    index.order = new Int32Array(prefixes.length);
    byPrefix.forEach((id, position) => (index.order![id] = position));
  }
  return index;
}

/**
 * The global services one cluster sees: its own exported services plus what each accepted peer
 * exports to it, grouped per `<svc>.<ns>` and owning segment. Copies from the viewer's segment
 * merge with the viewer's own copy; other segments stay separate hostnames (README §2).
 * Contributors list the viewer first, then the others by name; copies are in `compareRefs` order.
 * `index` must cover the viewer and its peers; without it one is built for `clusters`.
 */
export function viewsOf(
  viewer: ClusterModel,
  edgesFrom: PeeringEdge[],
  clusters: Map<string, ClusterModel>,
  index: ServiceIndex = serviceIndex(clusters.values()),
): GlobalServiceView[] {
  if (!viewer.reachable) return [];
  const { slots, rank, ownUnexported } = index;
  const rankOf = (context: string) => rank.get(context) ?? -1;
  // views[g] is one group: the copies of one `<ns>/<name>` from one owning segment; slots[id] is
  // the first group of that name and next[g] the following one (other segments), or -1.
  const views: GlobalServiceView[] = [];
  const next: number[] = [];
  const used: number[] = [];
  let plainDomains = isPlainText(viewer.segmentDomain);
  const groupOf = (id: number, owner: ClusterModel): number => {
    for (let g = slots[id]!; g !== -1; g = next[g]!) {
      if (views[g]!.segment === owner.segment) return g;
    }
    return -1;
  };
  const open = (id: number, service: ServiceModel, owner: ClusterModel): number => {
    const g = views.length;
    // A group takes the domain of its first copy, and the viewer's own copy (even unexported,
    // reference.md §2.5.1) comes first: this differs only when peers of one segment disagree on
    // its domain (the default suffix, SEG207).
    const domain =
      ownUnexported[id] === 1 && owner.segment === viewer.segment
        ? viewer.segmentDomain
        : owner.segmentDomain;
    let byId = index.hostnames.get(domain);
    if (!byId) index.hostnames.set(domain, (byId = []));
    const hostname = (byId[id] ??= flatHostname(service.name, service.namespace, domain));
    views.push({
      viewer: viewer.context,
      namespace: service.namespace,
      name: service.name,
      hostname,
      segment: owner.segment,
      domain,
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
  // Each owner adds at most one copy to a group (one Service per name in a cluster). Inserting
  // by cluster rank keeps both lists ordered without sorting: peers arrive in order anyway.
  const add = (g: number, service: ServiceModel, owner: ClusterModel) => {
    const { contributors, copies } = views[g]!;
    const r = rankOf(owner.context);
    let i = copies.length;
    while (i > 0 && rankOf(copies[i - 1]!.cluster) > r) i--;
    if (i === copies.length) copies.push(service.ref);
    else copies.splice(i, 0, service.ref);
    if (owner === viewer) {
      contributors.unshift(owner.context);
      return;
    }
    let j = contributors.length;
    const first = contributors[0] === viewer.context ? 1 : 0;
    while (j > first && rankOf(contributors[j - 1]!) > r) j--;
    if (j === contributors.length) contributors.push(owner.context);
    else contributors.splice(j, 0, owner.context);
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
    const id = ownIds[i]!;
    if (!service.exported) {
      ownUnexported[id] = 1;
      continue;
    }
    const g = groupOf(id, viewer);
    add(g === -1 ? open(id, service, viewer) : g, service, viewer);
  }
  if (viewer.peeringEnabled) {
    for (const edge of edgesFrom) {
      const exporter = edge.managed ? clusters.get(edge.to) : undefined;
      if (!exporter || !edge.segmentAccepted || !exporter.reachable || !exporter.peeringEnabled)
        continue;
      plainDomains &&= isPlainText(exporter.segmentDomain);
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
    const id = ownIds[i]!;
    ownUnexported[id] = 0;
    const g = groupOf(id, viewer);
    if (g !== -1) add(g, service, viewer);
  }
  const { order } = index;
  if (!order || !plainDomains) {
    for (const id of used) slots[id] = -1;
    return sortByText(views, [(v) => v.hostname]);
  }
  // Hostname order without comparing hostnames: names in index order, then each name's groups
  // (one per segment, in creation order) by domain.
  const sorted: GlobalServiceView[] = [];
  const ids = Int32Array.from(used).sort((a, b) => order[a]! - order[b]!);
  for (const id of ids) {
    const start = sorted.length;
    for (let g = slots[id]!; g !== -1; g = next[g]!) {
      // Insertion by domain (code units: plain), stable: chains hold a few segments at most.
      const view = views[g]!;
      let i = sorted.length;
      sorted.push(view);
      while (i > start && sorted[i - 1]!.domain > view.domain) {
        sorted[i] = sorted[i - 1]!;
        i--;
      }
      sorted[i] = view;
    }
    slots[id] = -1;
  }
  return sorted;
}
