import type { ClusterInput, FleetInput } from './input';
import type { K8sObject } from './objects';

const CLUSTER_SCOPED = new Set(['Namespace', 'CustomResourceDefinition']);

const identity = (o: K8sObject) =>
  `${o.apiVersion.split('/').length > 1 ? o.apiVersion.split('/')[0] : ''}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;

/** Defaults a manifest's namespace the way `kubectl apply` does (namespaced kinds go to `default`). */
export function normaliseManifest(o: K8sObject): K8sObject {
  if (CLUSTER_SCOPED.has(o.kind) || o.metadata.namespace) return o;
  return { ...o, metadata: { ...o.metadata, namespace: 'default' } };
}

/**
 * A cluster's objects with local manifests laid over them, as if applied (what-if from files,
 * like `istioctl analyze -f`): a manifest replaces the live object of the same group, kind,
 * namespace and name, or is added. Nothing is written anywhere.
 */
export function overlayCluster(cluster: ClusterInput, manifests: K8sObject[]): ClusterInput {
  if (manifests.length === 0) return cluster;
  const byId = new Map(cluster.objects.map((o) => [identity(o), o]));
  for (const manifest of manifests.map(normaliseManifest)) byId.set(identity(manifest), manifest);
  return { ...cluster, objects: [...byId.values()] };
}

export function overlayFleet(input: FleetInput, manifests: Map<string, K8sObject[]>): FleetInput {
  return { clusters: input.clusters.map((c) => overlayCluster(c, manifests.get(c.context) ?? [])) };
}
