import type { KubeConfig } from '@kubernetes/client-node';

import type { ClusterInput, SegmentApiVersion } from '@/lib/model/input';
import type { K8sObject } from '@/lib/model/objects';

import { kubeGet, type KubeGetResult } from './kube-get';

const SEGMENT_APIS: SegmentApiVersion[] = ['admin.istio.io/v1', 'admin.solo.io/v1alpha1'];

/** Collections Segscope reads from every cluster (README §1), each only if its group is served. */
const COLLECTIONS: { groupVersion: string; path: string; optional?: boolean }[] = [
  { groupVersion: 'v1', path: '/api/v1/namespaces' },
  { groupVersion: 'v1', path: '/api/v1/services' },
  {
    groupVersion: 'gateway.networking.k8s.io/v1',
    path: '/apis/gateway.networking.k8s.io/v1/gateways',
  },
  {
    groupVersion: 'gateway.networking.k8s.io/v1',
    path: '/apis/gateway.networking.k8s.io/v1/httproutes',
    optional: true,
  },
  { groupVersion: 'networking.istio.io/v1', path: '/apis/networking.istio.io/v1/serviceentries' },
  {
    groupVersion: 'networking.istio.io/v1',
    path: '/apis/networking.istio.io/v1/workloadentries',
    optional: true,
  },
  {
    groupVersion: 'security.istio.io/v1',
    path: '/apis/security.istio.io/v1/authorizationpolicies',
    optional: true,
  },
  ...SEGMENT_APIS.map((gv) => ({ groupVersion: gv, path: `/apis/${gv}/segments` })),
];

/** Single objects that may legitimately be absent (istiod elsewhere, no mesh ConfigMap yet). */
const SINGLES = [
  '/apis/apps/v1/namespaces/istio-system/deployments/istiod',
  '/api/v1/namespaces/istio-system/configmaps/istio',
  '/api/v1/namespaces/istio-system/configmaps/istio-ca-root-cert',
];

interface ListBody {
  apiVersion?: string;
  kind?: string;
  items?: K8sObject[];
}

/** Lists of built-in kinds omit each item's apiVersion and kind; restore them from the list. */
function itemsOf(body: ListBody): K8sObject[] {
  const kind = (body.kind ?? '').replace(/List$/, '');
  return (body.items ?? []).map((item) => ({
    ...item,
    apiVersion: item.apiVersion ?? body.apiVersion ?? '',
    kind: item.kind ?? kind,
  }));
}

/** Segment API versions an `/apis` document says the cluster serves, preferred first. */
export function segmentApisServed(apis: unknown): SegmentApiVersion[] {
  const served = servedGroupVersions(apis);
  return SEGMENT_APIS.filter((gv) => served.has(gv));
}

function servedGroupVersions(apis: unknown): Set<string> {
  const groups = (
    (apis as { groups?: { versions?: { groupVersion: string }[] }[] }).groups ?? []
  ).flatMap((g) => g.versions ?? []);
  return new Set(['v1', ...groups.map((v) => v.groupVersion)]);
}

const unreadable = (
  context: string,
  what: string,
  result: Extract<KubeGetResult, { ok: false }>,
): ClusterInput => ({
  context,
  reachable: false,
  error: `${result.failure}: ${what}: ${result.message}`,
  segmentApis: [],
  objects: [],
});

/**
 * Everything the engine needs from one cluster, read through its API with the kubeconfig's
 * credentials. A cluster that cannot be read completely is returned unreachable with the reason,
 * never half-read: a partial read would produce false findings (a missing Segment looks like SEG201).
 */
export async function readCluster(
  kc: KubeConfig,
  context: string,
  timeoutMs: number,
): Promise<ClusterInput> {
  const apis = await kubeGet(kc, context, '/apis', timeoutMs);
  if (!apis.ok) return unreadable(context, 'API discovery', apis);
  const served = servedGroupVersions(apis.body);
  const segmentApis = segmentApisServed(apis.body);
  const collections = COLLECTIONS.filter((c) => served.has(c.groupVersion));
  const [lists, singles] = await Promise.all([
    Promise.all(collections.map((c) => kubeGet(kc, context, c.path, timeoutMs))),
    Promise.all(SINGLES.map((path) => kubeGet(kc, context, path, timeoutMs))),
  ]);
  const objects: K8sObject[] = [];
  for (const [i, result] of lists.entries()) {
    const collection = collections[i] as (typeof collections)[number];
    if (result.ok) objects.push(...itemsOf(result.body as ListBody));
    else if (!(collection.optional && result.status === 404))
      return unreadable(context, `list ${collection.path}`, result);
  }
  for (const [i, result] of singles.entries()) {
    if (result.ok) objects.push(result.body as K8sObject);
    else if (result.status !== 404) return unreadable(context, `get ${SINGLES[i] ?? ''}`, result);
  }
  return { context, reachable: true, segmentApis, objects };
}
