import { globalHostname } from '../hostnames';
import { compareRefs } from './objects';
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

interface Group {
  namespace: string;
  name: string;
  segment: string;
  domain: string;
  contributors: string[];
  copies: ServiceModel[];
  exported: boolean;
}

/**
 * The global services one cluster sees: its own exported services plus what each accepted peer
 * exports to it, grouped per `<svc>.<ns>` and owning segment. Copies from the viewer's segment
 * merge with the viewer's own copy; other segments stay separate hostnames (README §2).
 */
export function viewsOf(
  viewer: ClusterModel,
  edgesFrom: PeeringEdge[],
  clusters: Map<string, ClusterModel>,
): GlobalServiceView[] {
  if (!viewer.reachable) return [];
  // Namespace → name → groups (one per owning segment, usually one). Nested maps keyed by the
  // services' own strings: no key is built per copy, which matters at fleet scale.
  const index = new Map<string, Map<string, Group[]>>();
  const groups: Group[] = [];
  const add = (service: ServiceModel, owner: ClusterModel, exported: boolean) => {
    let byName = index.get(service.namespace);
    if (!byName) {
      byName = new Map();
      index.set(service.namespace, byName);
    }
    let list = byName.get(service.name);
    if (!list) {
      list = [];
      byName.set(service.name, list);
    }
    let group: Group | undefined;
    for (const g of list) if (g.segment === owner.segment) group = g;
    if (!group) {
      group = {
        namespace: service.namespace,
        name: service.name,
        segment: owner.segment,
        domain: owner.segmentDomain,
        contributors: [],
        copies: [],
        exported: false,
      };
      list.push(group);
      groups.push(group);
    }
    if (!group.contributors.includes(owner.context)) group.contributors.push(owner.context);
    group.copies.push(service);
    group.exported ||= exported;
  };

  // The viewer's own Service is selected by the generated ServiceEntry whenever the hostname
  // exists, but only an exported copy makes the hostname exist (reference.md §2.5.1).
  for (const service of viewer.services) add(service, viewer, service.exported);
  if (viewer.peeringEnabled) {
    for (const edge of edgesFrom) {
      const exporter = edge.managed ? clusters.get(edge.to) : undefined;
      if (!exporter || !edge.segmentAccepted || !exporter.reachable || !exporter.peeringEnabled)
        continue;
      for (const service of exporter.services) {
        if (scopeAllows(service, exporter, viewer)) add(service, exporter, true);
      }
    }
  }

  const views: GlobalServiceView[] = [];
  const viewerFirst = (a: string, b: string) =>
    a === viewer.context ? -1 : b === viewer.context ? 1 : a.localeCompare(b);
  for (const group of groups) {
    if (!group.exported) continue;
    const copies = group.copies.map((s) => s.ref);
    views.push({
      viewer: viewer.context,
      namespace: group.namespace,
      name: group.name,
      hostname: globalHostname(group.name, group.namespace, group.domain),
      segment: group.segment,
      domain: group.domain,
      contributors:
        group.contributors.length > 1 ? group.contributors.sort(viewerFirst) : group.contributors,
      copies: copies.length > 1 ? copies.sort(compareRefs) : copies,
    });
  }
  return views.sort((a, b) => a.hostname.localeCompare(b.hostname));
}
