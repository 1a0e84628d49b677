import type { SegmentApiVersion } from '@/lib/model/input';
import type { K8sObject } from '@/lib/model/objects';

/**
 * What Segscope reads from every cluster (README §1 of the domain contract), shared by
 * `npm run analyze` (one read) and the live server (list + watch), so both see the same objects.
 */

export const SEGMENT_APIS: SegmentApiVersion[] = ['admin.istio.io/v1', 'admin.solo.io/v1alpha1'];

export interface Collection {
  groupVersion: string;
  /** The list path, also the watch path. */
  path: string;
  /** `resource.group` as RBAC and kubectl name it, e.g. `gateways.gateway.networking.k8s.io`. */
  resource: string;
  /** A 404 means the cluster simply does not have it. */
  optional?: boolean;
}

const collection = (groupVersion: string, resource: string, optional = false): Collection => {
  const group = groupVersion.includes('/') ? groupVersion.split('/')[0] : '';
  return {
    groupVersion,
    path: `${group ? `/apis/${groupVersion}` : '/api/v1'}/${resource}`,
    resource: group ? `${resource}.${group}` : resource,
    ...(optional ? { optional } : {}),
  };
};

/** Collections read whole, each only if its group version is served. */
export const COLLECTIONS: Collection[] = [
  collection('v1', 'namespaces'),
  collection('v1', 'services'),
  collection('gateway.networking.k8s.io/v1', 'gateways'),
  collection('gateway.networking.k8s.io/v1', 'httproutes', true),
  collection('networking.istio.io/v1', 'serviceentries'),
  collection('networking.istio.io/v1', 'workloadentries', true),
  collection('security.istio.io/v1', 'authorizationpolicies', true),
  ...SEGMENT_APIS.map((gv) => collection(gv, 'segments')),
];

/**
 * Single objects in istio-system that may legitimately be absent (istiod elsewhere, no mesh
 * ConfigMap yet): the CLI gets each by name, the live server watches their istio-system collection
 * and keeps these names.
 */
export interface Single {
  /** The namespaced collection that holds it (what the live server watches). */
  collection: Collection;
  name: string;
}

const inIstioSystem = (c: Collection): Collection => ({
  ...c,
  path: c.path.replace(/\/([a-z]+)$/, '/namespaces/istio-system/$1'),
});
const DEPLOYMENTS = inIstioSystem(collection('apps/v1', 'deployments'));
const CONFIGMAPS = inIstioSystem(collection('v1', 'configmaps'));

export const SINGLES: Single[] = [
  { collection: DEPLOYMENTS, name: 'istiod' },
  { collection: CONFIGMAPS, name: 'istio' },
  { collection: CONFIGMAPS, name: 'istio-ca-root-cert' },
];

export const singlePath = (s: Single): string => `${s.collection.path}/${s.name}`;

/** The istio-system collections the live server watches for SINGLES, once each. */
export const SINGLE_COLLECTIONS: Collection[] = [DEPLOYMENTS, CONFIGMAPS];

/** Whether an object of a SINGLE_COLLECTIONS list is one of the SINGLES the engine reads. */
export const isSingle = (collectionPath: string, name: string): boolean =>
  SINGLES.some((s) => s.collection.path === collectionPath && s.name === name);

export interface ListBody {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string };
  items?: K8sObject[];
}

/**
 * An object as Segscope keeps it: without `metadata.managedFields`, which nothing reads and which
 * is about half of a Service's JSON. Dropped right after parsing, it is young garbage rather than
 * memory held (and copied by the collector) for as long as the object is. In place; the property
 * stays, undefined, so that the object keeps its shape.
 */
export function kept<T extends object>(object: T): T {
  const metadata = (object as { metadata?: { managedFields?: unknown } }).metadata;
  if (metadata?.managedFields !== undefined) metadata.managedFields = undefined;
  return object;
}

/**
 * Lists of built-in kinds omit each item's apiVersion and kind; restore them from the list. The
 * items are the list's own (a freshly parsed body): completed in place (and `kept`), not copied.
 */
export function itemsOf(body: ListBody): K8sObject[] {
  const kind = (body.kind ?? '').replace(/List$/, '');
  const items = body.items ?? [];
  for (const item of items) {
    item.apiVersion ??= body.apiVersion ?? '';
    item.kind ??= kind;
    kept(item);
  }
  return items;
}

/** Group versions an `/apis` discovery document says the cluster serves (plus core `v1`). */
export function servedGroupVersions(apis: unknown): Set<string> {
  const groups = (
    (apis as { groups?: { versions?: { groupVersion: string }[] }[] }).groups ?? []
  ).flatMap((g) => g.versions ?? []);
  return new Set(['v1', ...groups.map((v) => v.groupVersion)]);
}

/** Segment API versions an `/apis` document says the cluster serves, preferred first. */
export function segmentApisServed(apis: unknown): SegmentApiVersion[] {
  const served = servedGroupVersions(apis);
  return SEGMENT_APIS.filter((gv) => served.has(gv));
}
