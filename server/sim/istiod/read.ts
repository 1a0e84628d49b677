// What the istiod stand-in reads of one simulated cluster: the same objects Segscope reads through
// the API (server/clusters/read-cluster.ts), taken straight from the in-process store. In a real
// mesh a cluster's istiod learns its peers' state over the peering xDS connection; the simulator
// is one process, so reading the peer's store stands in for that connection.
import type { ClusterInput, SegmentApiVersion } from '../../../lib/model/input';
import type { K8sObject } from '../../../lib/model/objects';
import type { SimCluster } from '../cluster-server';
import type { KubeObject, ResourceType } from '../types';
import { groupVersion, storageKey } from '../types';

export const SYSTEM_NAMESPACE = 'istio-system';

export const SEGMENT_APIS: SegmentApiVersion[] = ['admin.istio.io/v1', 'admin.solo.io/v1alpha1'];
const SEGMENT_GROUPS = new Set(['admin.istio.io', 'admin.solo.io']);

export const KEYS = {
  namespaces: 'namespaces.',
  services: 'services.',
  configmaps: 'configmaps.',
  deployments: 'deployments.apps',
  gateways: 'gateways.gateway.networking.k8s.io',
  serviceEntries: 'serviceentries.networking.istio.io',
  crds: 'customresourcedefinitions.apiextensions.k8s.io',
} as const;

/** A cluster is reachable while its API server listens and is not faulted `down`. */
export const isReachable = (cluster: SimCluster): boolean =>
  cluster.listening && !cluster.faults.down;

/** The served type of a resource, preferring the first version the registry lists. */
export function servedType(
  cluster: SimCluster,
  group: string,
  resource: string,
): ResourceType | undefined {
  return cluster.registry.all().find((t) => t.group === group && t.resource === resource);
}

/** Served Segment types, one per group (both groups may be served during an upgrade). */
export function segmentTypes(cluster: SimCluster): ResourceType[] {
  const seen = new Set<string>();
  const types: ResourceType[] = [];
  for (const t of cluster.registry.all()) {
    if (t.resource !== 'segments' || !SEGMENT_GROUPS.has(t.group) || seen.has(t.group)) continue;
    seen.add(t.group);
    types.push(t);
  }
  return types;
}

/** Objects as stored carry the apiVersion they were last written through; show the served one. */
const as = (type: ResourceType, o: KubeObject): K8sObject => {
  const apiVersion = groupVersion(type);
  return (o.apiVersion === apiVersion ? o : { ...o, apiVersion }) as K8sObject;
};

/** The engine's input for one cluster (objects are the store's own: never mutate them). */
export function clusterInput(cluster: SimCluster): ClusterInput {
  const { store } = cluster;
  const segments = segmentTypes(cluster);
  const served = new Set(segments.map(groupVersion));
  const objects: K8sObject[] = [];
  const add = (list: KubeObject[]) => {
    for (const o of list) objects.push(o as K8sObject);
  };
  add(store.list(KEYS.namespaces));
  add(store.list(KEYS.services));
  const gateways = servedType(cluster, 'gateway.networking.k8s.io', 'gateways');
  if (gateways) for (const o of store.list(KEYS.gateways)) objects.push(as(gateways, o));
  for (const type of segments) {
    for (const o of store.list(storageKey(type))) objects.push(as(type, o));
  }
  for (const [key, name] of [
    [KEYS.deployments, 'istiod'],
    [KEYS.configmaps, 'istio'],
    [KEYS.configmaps, 'istio-ca-root-cert'],
  ] as const) {
    const o = store.get(key, SYSTEM_NAMESPACE, name);
    if (o) add([o]);
  }
  const reachable = isReachable(cluster);
  return {
    context: cluster.name,
    reachable,
    ...(reachable ? {} : { error: 'cannot connect (simulated cluster is down)' }),
    segmentApis: SEGMENT_APIS.filter((gv) => served.has(gv)),
    objects,
  };
}

type Obj = Record<string, unknown>;

/** Who a cluster is and whom it peers with, read cheaply (the same rules as build-cluster.ts). */
export interface PeeringIdentity {
  /** Mesh cluster ID: istiod CLUSTER_ID, else the istio-system network label, else the name. */
  id: string;
  /** The cluster IDs its `istio-remote` Gateways point at. */
  peerIds: string[];
}

export function peeringIdentity(cluster: SimCluster): PeeringIdentity {
  const { store } = cluster;
  const istiod = store.get(KEYS.deployments, SYSTEM_NAMESPACE, 'istiod');
  const containers = (
    ((istiod?.spec as Obj | undefined)?.template as Obj | undefined)?.spec as Obj | undefined
  )?.containers as Obj[] | undefined;
  const container = containers?.find((c) => c.name === 'discovery') ?? containers?.[0];
  const env = ((container?.env ?? []) as Obj[]).find(
    (e) => e.name === 'CLUSTER_ID' && typeof e.value === 'string',
  );
  const network =
    store.get(KEYS.namespaces, undefined, SYSTEM_NAMESPACE)?.metadata.labels?.[
      'topology.istio.io/network'
    ] || undefined;
  const peerIds: string[] = [];
  for (const g of store.list(KEYS.gateways)) {
    if ((g.spec as Obj | undefined)?.gatewayClassName !== 'istio-remote') continue;
    const labels = g.metadata.labels ?? {};
    const peerId = labels['topology.istio.io/cluster'] ?? labels['topology.istio.io/network'];
    if (peerId) peerIds.push(peerId);
  }
  return { id: (env?.value as string | undefined) ?? network ?? cluster.name, peerIds };
}
