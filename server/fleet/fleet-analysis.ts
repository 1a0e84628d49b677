import 'server-only';

import { analyze, type Finding } from '@/lib/analyze';
import { buildSnapshot } from '@/lib/model/build-snapshot';
import type { ClusterInput } from '@/lib/model/input';

import { readCluster } from '../clusters/read-cluster';
import { type Env, loadKubeconfig } from '../config/kubeconfig';
import { clusterTimeout } from './fleet-summary';

export interface FleetAnalysis {
  generatedAt: string;
  /** Clusters that could not be read completely are listed, not analysed. */
  clusters: { context: string; reachable: boolean; error?: string }[];
  findings: Finding[];
}

/**
 * Reads every context in parallel and runs the engine on what could be read: the findings of
 * README §3. A cluster that cannot be read costs at most the timeout and is marked, not dropped.
 */
export async function fleetAnalysis(
  env: Env = process.env,
  now: () => Date = () => new Date(),
): Promise<FleetAnalysis> {
  const { kc, contexts } = loadKubeconfig(env);
  const timeoutMs = clusterTimeout(env);
  const inputs: ClusterInput[] = await Promise.all(
    contexts.map((c) => readCluster(kc, c.name, timeoutMs)),
  );
  const findings = analyze(buildSnapshot({ clusters: inputs }));
  return {
    generatedAt: now().toISOString(),
    clusters: inputs.map((c) => ({
      context: c.context,
      reachable: c.reachable,
      ...(c.error ? { error: c.error } : {}),
    })),
    findings,
  };
}
