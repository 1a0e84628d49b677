// Helpers for the istiod stand-in's tests: simulated clusters described the way lib/testing
// builders describe them, and short ways to read and write their objects as kubectl would.
import { eastWestGateway, namespace, peerGateway, segment } from '../../../lib/testing/builders';
import type { K8sObject } from '../../../lib/model/objects';
import { PATCH_TYPES, type WriteOptions } from '../cluster-api';
import type { SimCluster } from '../cluster-server';
import type { ClusterSpec } from '../fleet';
import type { KubeObject, ResourceType } from '../types';

export const KUBECTL_WRITE: WriteOptions = {
  dryRun: false,
  fieldManager: 'kubectl-client-side-apply',
  fieldValidation: 'Strict',
};

export interface SimClusterOptions {
  /** Clusters this one holds a peer gateway for. */
  peers?: string[];
  /** `admin.solo.io/segment` on istio-system. */
  segmentLabel?: string;
  /** Segment resources: [name, domain]. */
  segments?: [string, string][];
  segmentApi?: ClusterSpec['segmentApi'];
  services?: K8sObject[];
  /** Extra objects, applied last. */
  objects?: K8sObject[];
}

/** A simulated cluster: bare Istio, an east-west gateway, peer gateways without status. */
export function simCluster(name: string, options: SimClusterOptions = {}): ClusterSpec {
  const apiVersion =
    options.segmentApi === 'admin.solo.io/v1alpha1'
      ? 'admin.solo.io/v1alpha1'
      : 'admin.istio.io/v1';
  const services = options.services ?? [];
  const appNamespaces = [...new Set(services.map((s) => s.metadata.namespace ?? 'default'))];
  const objects: K8sObject[] = [
    namespace('istio-system', {
      'topology.istio.io/network': name,
      ...(options.segmentLabel ? { 'admin.solo.io/segment': options.segmentLabel } : {}),
    }),
    namespace('istio-gateways'),
    ...appNamespaces.filter((n) => n !== 'istio-system').map((n) => namespace(n)),
    eastWestGateway(name),
    ...(options.peers ?? []).map((p) => peerGateway(p, { conditions: {} })),
    ...(options.segments ?? []).map(([n, d]) => segment(n, d, { apiVersion })),
    ...services,
    ...(options.objects ?? []),
  ];
  return {
    name,
    ...(options.segmentApi ? { segmentApi: options.segmentApi } : {}),
    manifests: objects.map((object) => ({ source: 'test', object: object as KubeObject })),
  };
}

export const KEY = {
  serviceEntries: 'serviceentries.networking.istio.io',
  gateways: 'gateways.gateway.networking.k8s.io',
  segments: 'segments.admin.istio.io',
  soloSegments: 'segments.admin.solo.io',
} as const;

export function typeOf(cluster: SimCluster, group: string, resource: string): ResourceType {
  const type = cluster.registry.all().find((t) => t.group === group && t.resource === resource);
  if (!type) throw new Error(`${cluster.name} serves no ${resource}.${group}`);
  return type;
}

export const serviceEntry = (c: SimCluster, name: string) =>
  c.store.get(KEY.serviceEntries, 'istio-system', name);

export const generatedNames = (c: SimCluster): string[] =>
  c.store
    .list(KEY.serviceEntries, 'istio-system')
    .map((o) => o.metadata.name)
    .filter((n) => n.startsWith('autogen.'));

export const peerGatewayOf = (c: SimCluster, peer: string) =>
  c.store.get(KEY.gateways, 'istio-gateways', `istio-remote-peer-${peer}`);

export interface StoredCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export function conditionOf(o: KubeObject | undefined, type: string): StoredCondition | undefined {
  const list = ((o?.status as { conditions?: StoredCondition[] } | undefined)?.conditions ??
    []) as StoredCondition[];
  return list.find((c) => c.type === type);
}

export const segmentOf = (c: SimCluster, name: string, key: string = KEY.segments) =>
  c.store.get(key, 'istio-system', name);

/** `kubectl label namespace istio-system admin.solo.io/segment=<segment>` (null removes it). */
export function labelIstioSystem(c: SimCluster, segmentName: string | null): void {
  c.api.patch(
    typeOf(c, '', 'namespaces'),
    undefined,
    'istio-system',
    PATCH_TYPES.merge,
    JSON.stringify({ metadata: { labels: { 'admin.solo.io/segment': segmentName } } }),
    KUBECTL_WRITE,
    undefined,
  );
}

/** `kubectl apply` of a new object. */
export function createObject(c: SimCluster, object: K8sObject): KubeObject {
  const [group, version] = object.apiVersion.includes('/')
    ? (object.apiVersion.split('/') as [string, string])
    : ['', object.apiVersion];
  const type = c.registry
    .all()
    .find((t) => t.group === group && t.version === version && t.kind === object.kind);
  if (!type) throw new Error(`${c.name} serves no ${object.apiVersion} ${object.kind}`);
  return c.api.create(type, object.metadata.namespace, object as KubeObject, KUBECTL_WRITE).object;
}

/** `kubectl patch --type merge`. */
export function mergePatch(
  c: SimCluster,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  patch: unknown,
): KubeObject {
  return c.api.patch(
    type,
    namespace,
    name,
    PATCH_TYPES.merge,
    JSON.stringify(patch),
    KUBECTL_WRITE,
    undefined,
  ).object;
}

/** Every cluster's current revision: unchanged revisions mean no writes happened. */
export const revisions = (clusters: readonly SimCluster[]): number[] =>
  clusters.map((c) => c.store.currentRv());
