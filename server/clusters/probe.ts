import type { KubeConfig } from '@kubernetes/client-node';

import type { ClusterSummary } from '@/lib/api/contract';

import type { ClusterContext } from '../config/kubeconfig';
import { kubeGet, type KubeGetResult } from './kube-get';
import { segmentApisServed } from './read-cluster';

interface NamespaceLike {
  metadata?: { labels?: Record<string, string> };
}

const failed = (
  context: ClusterContext,
  result: Extract<KubeGetResult, { ok: false }>,
): ClusterSummary => ({
  context: context.name,
  server: context.server,
  state: result.failure,
  message: result.message,
  segmentApis: [],
});

/**
 * What the console shows of one cluster before any analysis: can we reach it, with which rights,
 * which Segment API it serves and how its istio-system namespace is labelled.
 */
export async function probeCluster(
  kc: KubeConfig,
  context: ClusterContext,
  timeoutMs: number,
): Promise<ClusterSummary> {
  const started = performance.now();
  const [version, groups, istioSystem] = await Promise.all([
    kubeGet(kc, context.name, '/version', timeoutMs),
    kubeGet(kc, context.name, '/apis', timeoutMs),
    kubeGet(kc, context.name, '/api/v1/namespaces/istio-system', timeoutMs),
  ]);
  if (!version.ok) return failed(context, version);
  if (!groups.ok) return failed(context, groups);
  const istioMissing = !istioSystem.ok && istioSystem.status === 404;
  if (!istioSystem.ok && !istioMissing) return failed(context, istioSystem);
  const labels = istioSystem.ok ? ((istioSystem.body as NamespaceLike).metadata?.labels ?? {}) : {};
  return {
    context: context.name,
    server: context.server,
    state: 'ready',
    kubernetesVersion: (version.body as { gitVersion?: string }).gitVersion,
    network: labels['topology.istio.io/network'],
    segmentLabel: labels['admin.solo.io/segment'],
    segmentApis: segmentApisServed(groups.body),
    istioInstalled: !istioMissing,
    latencyMs: Math.round(performance.now() - started),
  };
}
