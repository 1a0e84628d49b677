import { readFileSync } from 'node:fs';

import yaml from 'js-yaml';
import { z } from 'zod';

import { type Env } from '../config/kubeconfig';
import { AppError } from '../http/app-error';

/**
 * SEGSCOPE_CONFIG: an optional YAML file that selects contexts, names them and sets timeouts.
 *
 *   clusters:                 # omit to watch every context of the kubeconfig
 *     - context: prod-east
 *       displayName: Production East
 *       timeoutMs: 5000
 *   timeoutMs: 3000           # per probe (discovery) request to a cluster
 *   listTimeoutMs: 60000      # per list: a large cluster's first list takes a while
 *   probeIntervalMs: 5000     # how often each cluster's reachability and rights are checked
 *   debounceMs: 30            # watch events are batched this long before re-analysis
 *   maxBackoffMs: 10000       # cap of the jittered backoff between reconnection attempts
 */
export const LiveConfigSchema = z
  .object({
    clusters: z
      .array(
        z
          .object({
            context: z.string().min(1),
            displayName: z.string().min(1).optional(),
            timeoutMs: z.number().int().positive().optional(),
          })
          .strict(),
      )
      .min(1)
      .optional(),
    timeoutMs: z.number().int().positive().default(3000),
    listTimeoutMs: z.number().int().positive().default(60_000),
    probeIntervalMs: z.number().int().min(100).default(5000),
    debounceMs: z.number().int().min(0).max(5000).default(30),
    maxBackoffMs: z.number().int().min(100).default(10_000),
  })
  .strict();
export type LiveConfig = z.infer<typeof LiveConfigSchema>;

const positive = (value: string | undefined): number | undefined => {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
};

/** The config file (if any) with environment overrides; errors name the file and the field. */
export function loadLiveConfig(env: Env = process.env): LiveConfig {
  const path = env.SEGSCOPE_CONFIG;
  let raw: unknown = {};
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new AppError(
        'kubeconfig_invalid',
        `SEGSCOPE_CONFIG ${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    try {
      raw = yaml.load(text) ?? {};
    } catch (e) {
      throw new AppError(
        'kubeconfig_invalid',
        `SEGSCOPE_CONFIG ${path} is not valid YAML: ${(e as Error).message.split('\n')[0]}`,
      );
    }
  }
  const parsed = LiveConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`)
      .join('; ');
    throw new AppError(
      'kubeconfig_invalid',
      `SEGSCOPE_CONFIG ${path ?? ''} is invalid: ${problems}`,
    );
  }
  const config = parsed.data;
  // The variable of the request-time reads keeps working.
  const timeoutMs = positive(env.SEGSCOPE_CLUSTER_TIMEOUT_MS);
  const probeIntervalMs = positive(env.SEGSCOPE_PROBE_INTERVAL_MS);
  return {
    ...config,
    ...(timeoutMs && !path ? { timeoutMs } : {}),
    ...(probeIntervalMs ? { probeIntervalMs } : {}),
  };
}

/** The selected contexts in kubeconfig order, each with its display name and timeout. */
export function selectClusters(
  config: LiveConfig,
  contexts: { name: string; server: string }[],
): { context: string; server: string; displayName: string; timeoutMs: number }[] {
  const known = new Map(contexts.map((c) => [c.name, c]));
  if (!config.clusters)
    return contexts.map((c) => ({
      context: c.name,
      server: c.server,
      displayName: c.name,
      timeoutMs: config.timeoutMs,
    }));
  const unknown = config.clusters.filter((c) => !known.has(c.context)).map((c) => c.context);
  if (unknown.length)
    throw new AppError(
      'kubeconfig_invalid',
      `SEGSCOPE_CONFIG names context ${unknown.map((c) => `"${c}"`).join(', ')}, which the kubeconfig does not have; it has ${[...known.keys()].join(', ')}`,
    );
  return config.clusters.map((c) => ({
    context: c.context,
    server: known.get(c.context)!.server,
    displayName: c.displayName ?? c.context,
    timeoutMs: c.timeoutMs ?? config.timeoutMs,
  }));
}
