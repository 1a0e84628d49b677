import 'server-only';

import type { FleetResponse } from '@/lib/api/contract';

import { probeCluster } from '../clusters/probe';
import { type Env, loadKubeconfig } from '../config/kubeconfig';

const DEFAULT_TIMEOUT_MS = 3000;

export function clusterTimeout(env: Env): number {
  const value = Number(env.SEGSCOPE_CLUSTER_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_TIMEOUT_MS;
}

/** Every kubeconfig context probed in parallel; a slow or dead cluster costs at most the timeout. */
export async function fleetSummary(
  env: Env = process.env,
  now: () => Date = () => new Date(),
): Promise<FleetResponse> {
  const { kc, source, contexts } = loadKubeconfig(env);
  const timeoutMs = clusterTimeout(env);
  const clusters = await Promise.all(
    contexts.map((context) => probeCluster(kc, context, timeoutMs)),
  );
  return {
    generatedAt: now().toISOString(),
    kubeconfig: { source, contexts: contexts.length },
    clusters,
  };
}
