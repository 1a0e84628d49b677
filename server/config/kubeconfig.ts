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

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * In a pod (KUBERNETES_SERVICE_HOST set) without a kubeconfig file, or with SEGSCOPE_IN_CLUSTER=true:
 * the local cluster through the pod's service account, as context SEGSCOPE_LOCAL_CLUSTER
 * (default `in-cluster`), plus the remote clusters of a mounted KUBECONFIG, if any.
 */
function inCluster(env: Env, kubeconfigPresent: boolean): boolean {
  if (env.SEGSCOPE_IN_CLUSTER === 'true') return true;
  if (env.SEGSCOPE_IN_CLUSTER === 'false') return false;
  return !!env.KUBERNETES_SERVICE_HOST && !kubeconfigPresent;
}

function serviceAccountConfig(env: Env): KubeConfig {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  const dir = `${env.SEGSCOPE_SERVICE_ACCOUNT_DIR ?? SERVICE_ACCOUNT}`;
  if (!host)
    throw new AppError(
      'kubeconfig_invalid',
      'in-cluster mode needs KUBERNETES_SERVICE_HOST (set by Kubernetes in every pod)',
    );
  if (!existsSync(join(dir, 'token')))
    throw new AppError(
      'kubeconfig_invalid',
      `in-cluster mode: no service account token at ${join(dir, 'token')} (automountServiceAccountToken?)`,
    );
  const name = env.SEGSCOPE_LOCAL_CLUSTER ?? 'in-cluster';
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name,
        server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
        caFile: join(dir, 'ca.crt'),
        skipTLSVerify: false,
      },
    ],
    // client-node re-reads the projected token file, which the kubelet rotates.
    users: [
      { name, authProvider: { name: 'tokenFile', config: { tokenFile: join(dir, 'token') } } },
    ],
    contexts: [{ name, cluster: name, user: name }],
    currentContext: name,
  });
  return kc;
}

/**
 * Files merged the way kubectl merges KUBECONFIG: the first file that names a cluster, user or
 * context wins; the current context is the first one set.
 */
function mergeFiles(paths: string[], into?: KubeConfig): KubeConfig {
  const clusters = [...(into?.clusters ?? [])];
  const users = [...(into?.users ?? [])];
  const contexts = [...(into?.contexts ?? [])];
  let currentContext = into?.currentContext ?? '';
  for (const path of paths) {
    const one = new KubeConfig();
    one.loadFromFile(path);
    for (const c of one.clusters) if (!clusters.some((x) => x.name === c.name)) clusters.push(c);
    for (const u of one.users) if (!users.some((x) => x.name === u.name)) users.push(u);
    for (const c of one.contexts) if (!contexts.some((x) => x.name === c.name)) contexts.push(c);
    currentContext ||= one.currentContext;
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters, users, contexts, currentContext });
  return kc;
}

/**
 * Loads the kubeconfig named by KUBECONFIG (several files merged as kubectl does, default
 * ~/.kube/config), or the pod's service account in a cluster. A missing or malformed file is an
 * AppError with a message that names the file and the problem, never the file's content.
 */
export function loadKubeconfig(env: Env = process.env): LoadedKubeconfig {
  const paths = kubeconfigPaths(env);
  const present = paths.filter((p) => existsSync(p));
  const podMode = inCluster(env, present.length > 0);
  const source = podMode
    ? `service account${present.length ? ` + ${present.join(':')}` : ''}`
    : paths.join(':');
  if (present.length === 0 && !podMode) {
    throw new AppError(
      'kubeconfig_invalid',
      `no kubeconfig found at ${source}: set KUBECONFIG to a kubeconfig file`,
    );
  }
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
  let kc: KubeConfig;
  try {
    kc = mergeFiles(present, podMode ? serviceAccountConfig(env) : undefined);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError(
      'kubeconfig_invalid',
      `kubeconfig ${source} cannot be used: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  return { kc, source, contexts: contextsOf(kc, source) };
}
