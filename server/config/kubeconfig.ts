import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { KubeConfig } from '@kubernetes/client-node';
import yaml from 'js-yaml';

import { AppError } from '../http/app-error';

/** The environment variables Segscope reads; a plain record so tests can pass their own. */
export type Env = Record<string, string | undefined>;

export interface ClusterContext {
  /** Context name: Segscope's name for the cluster. */
  name: string;
  server: string;
}

export interface LoadedKubeconfig {
  kc: KubeConfig;
  /** Where it came from, for messages (a path, never its content). */
  source: string;
  contexts: ClusterContext[];
}

function kubeconfigPaths(env: Env): string[] {
  const fromEnv = (env.KUBECONFIG ?? '').split(':').filter(Boolean);
  return fromEnv.length > 0 ? fromEnv : [join(homedir(), '.kube', 'config')];
}

/** Validates what client-node accepts too leniently: a context must name a cluster and a user that exist. */
function contextsOf(kc: KubeConfig, source: string): ClusterContext[] {
  const contexts = kc.getContexts();
  if (contexts.length === 0)
    throw new AppError('kubeconfig_invalid', `kubeconfig ${source} has no contexts`);
  return contexts.map((ctx) => {
    const cluster = kc.getCluster(ctx.cluster);
    if (!cluster)
      throw new AppError(
        'kubeconfig_invalid',
        `context "${ctx.name}" in ${source} names cluster "${ctx.cluster}", which is not defined`,
      );
    if (ctx.user && !kc.getUser(ctx.user)) {
      throw new AppError(
        'kubeconfig_invalid',
        `context "${ctx.name}" in ${source} names user "${ctx.user}", which is not defined`,
      );
    }
    try {
      const url = new URL(cluster.server);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
    } catch {
      throw new AppError(
        'kubeconfig_invalid',
        `cluster "${cluster.name}" in ${source} has an invalid server URL`,
      );
    }
    return { name: ctx.name, server: cluster.server };
  });
}

/**
 * Loads the kubeconfig named by KUBECONFIG (or ~/.kube/config). A missing or malformed file is an
 * AppError with a message that names the file and the problem, never the file's content.
 */
export function loadKubeconfig(env: Env = process.env): LoadedKubeconfig {
  const paths = kubeconfigPaths(env);
  const source = paths.join(':');
  const present = paths.filter((p) => existsSync(p));
  if (present.length === 0) {
    throw new AppError(
      'kubeconfig_invalid',
      `no kubeconfig found at ${source}: set KUBECONFIG to a kubeconfig file`,
    );
  }
  const kc = new KubeConfig();
  for (const path of present) {
    try {
      const parsed = yaml.load(readFileSync(path, 'utf8'));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('not a YAML mapping');
    } catch (e) {
      throw new AppError(
        'kubeconfig_invalid',
        `kubeconfig ${path} is not valid YAML: ${(e as Error).message.split('\n')[0]}`,
      );
    }
  }
  try {
    if (present.length === 1) kc.loadFromFile(present[0] as string);
    else kc.loadFromDefault({}, false);
  } catch (e) {
    throw new AppError(
      'kubeconfig_invalid',
      `kubeconfig ${source} cannot be used: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  return { kc, source, contexts: contextsOf(kc, source) };
}
