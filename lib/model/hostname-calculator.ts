import { localHostname } from '../hostnames';
import type { FleetSnapshot } from './snapshot';

export interface HostnameReach {
  hostname: string;
  kind: 'local' | 'global';
  segment?: string;
  /** Clusters in which the name resolves to (among others) this cluster's copy. */
  viewers: string[];
  /** Every cluster whose endpoints share the name in at least one viewer. */
  mergedWith: string[];
}

/**
 * Every name `<svc>.<ns>` of cluster `cluster` is reachable under, and from which clusters: the
 * cluster-local name (only there) and its global hostname in every viewer whose aggregate includes
 * this copy (README §1 "hostname calculator"; reference.md §6.1).
 */
export function hostnamesOf(
  snapshot: FleetSnapshot,
  cluster: string,
  namespace: string,
  name: string,
): HostnameReach[] {
  const service = snapshot.services.find(
    (s) => s.cluster === cluster && s.namespace === namespace && s.name === name,
  );
  if (!service) return [];
  const byHostname = new Map<string, HostnameReach>();
  for (const view of snapshot.views) {
    if (view.namespace !== namespace || view.name !== name || !view.contributors.includes(cluster))
      continue;
    const reach = byHostname.get(view.hostname) ?? {
      hostname: view.hostname,
      kind: 'global' as const,
      segment: view.segment,
      viewers: [],
      mergedWith: [],
    };
    reach.viewers.push(view.viewer);
    reach.mergedWith = [
      ...new Set([...reach.mergedWith, ...view.contributors.filter((c) => c !== cluster)]),
    ].sort();
    byHostname.set(view.hostname, reach);
  }
  const global = [...byHostname.values()]
    .map((r) => ({ ...r, viewers: [...r.viewers].sort() }))
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
  return [
    { hostname: localHostname(name, namespace), kind: 'local', viewers: [cluster], mergedWith: [] },
    ...global,
  ];
}
