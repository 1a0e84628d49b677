import type { KubeConfig } from '@kubernetes/client-node';

import type { ClusterInput } from '@/lib/model/input';
import type { K8sObject } from '@/lib/model/objects';

import { ClusterTransport, FIRST_SYNC_CONNECTIONS } from './cluster-transport';
import { kubeGetCurrent, type KubeGetResult } from './kube-get';
import {
  COLLECTIONS,
  itemsOf,
  kept,
  type ListBody,
  segmentApisServed,
  servedGroupVersions,
  SINGLES,
  singlePath,
} from './kinds';

export { segmentApisServed } from './kinds';

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
 * Its requests share a few kept-alive connections, as the live server's first sync does: a TLS
 * handshake per request cost more CPU, on both ends, than the lists themselves.
 */
export async function readCluster(
  kc: KubeConfig,
  context: string,
  timeoutMs: number,
): Promise<ClusterInput> {
  const transport = new ClusterTransport(kc, context, { maxSockets: FIRST_SYNC_CONNECTIONS });
  try {
    return await readThrough(transport, context, timeoutMs);
  } finally {
    transport.close();
  }
}

async function readThrough(
  transport: ClusterTransport,
  context: string,
  timeoutMs: number,
): Promise<ClusterInput> {
  const kubeGet = (path: string) => kubeGetCurrent(transport, path, timeoutMs);
  const apis = await kubeGet('/apis');
  if (!apis.ok) return unreadable(context, 'API discovery', apis);
  const served = servedGroupVersions(apis.body);
  const segmentApis = segmentApisServed(apis.body);
  const collections = COLLECTIONS.filter((c) => served.has(c.groupVersion));
  const [lists, singles] = await Promise.all([
    Promise.all(collections.map((c) => kubeGet(c.path))),
    Promise.all(SINGLES.map((s) => kubeGet(singlePath(s)))),
  ]);
  const objects: K8sObject[] = [];
  for (const [i, result] of lists.entries()) {
    const collection = collections[i] as (typeof collections)[number];
    if (result.ok) objects.push(...itemsOf(result.body as ListBody));
    else if (!(collection.optional && result.status === 404))
      return unreadable(context, `list ${collection.path}`, result);
  }
  for (const [i, result] of singles.entries()) {
    if (result.ok) objects.push(kept(result.body as K8sObject));
    else if (result.status !== 404)
      return unreadable(context, `get ${SINGLES[i] ? singlePath(SINGLES[i]) : ''}`, result);
  }
  return { context, reachable: true, segmentApis, objects };
}
