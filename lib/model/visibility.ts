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
  contributors: Set<string>;
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
  const groups = new Map<string, Group>();
  const add = (service: ServiceModel, owner: ClusterModel, exported: boolean) => {
    const key = `${service.namespace}/${service.name}/${owner.segment}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        namespace: service.namespace,
        name: service.name,
        segment: owner.segment,
        domain: owner.segmentDomain,
        contributors: new Set(),
        copies: [],
        exported: false,
      };
      groups.set(key, group);
    }
    group.contributors.add(owner.context);
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
  for (const group of groups.values()) {
    if (!group.exported) continue;
    const contributors = [...group.contributors].sort((a, b) =>
      a === viewer.context ? -1 : b === viewer.context ? 1 : a.localeCompare(b),
    );
    views.push({
      viewer: viewer.context,
      namespace: group.namespace,
      name: group.name,
      hostname: globalHostname(group.name, group.namespace, group.domain),
      segment: group.segment,
      domain: group.domain,
      contributors,
      copies: group.copies.map((s) => s.ref).sort(compareRefs),
    });
  }
  return views.sort((a, b) => a.hostname.localeCompare(b.hostname));
}
