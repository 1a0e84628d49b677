import type { Finding } from '../analyze';
import type { FleetSnapshot, ServiceModel } from '../model/snapshot';

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
  const views = snapshot.views.filter((v) => namespaces.has(v.namespace));
  return {
    ...snapshot,
    clusters,
    services: clusters.flatMap((c) => c.services),
    views,
  };
}
