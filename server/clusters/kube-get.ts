import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';

import { KubeConfig } from '@kubernetes/client-node';

export type KubeGetResult =
  | { ok: true; status: number; body: unknown }
  | {
      ok: false;
      failure: 'unreachable' | 'timeout' | 'unauthorized' | 'forbidden' | 'error';
      message: string;
      status?: number;
    };

/** Socket error codes that mean the API server cannot be reached (as opposed to refusing us). */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EAI_AGAIN',
  'EPIPE',
]);

function statusMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { kind?: string; message?: string };
    return parsed.kind === 'Status' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a KubeConfig for one context needs of `kc`: that context, its cluster and its user.
 * client-node looks all three up by name, several times for every request, in lists as long as
 * the kubeconfig's (a fleet of 100 clusters meant 100-long scans per lookup, per request).
 */
export function contextOptions(kc: KubeConfig, context: string) {
  const ctx = kc.getContextObject(context);
  const only = <T extends { name: string }>(list: T[], name: string | undefined) =>
    list.filter((x) => x.name === name);
  return {
    clusters: only(kc.clusters, ctx?.cluster),
    users: only(kc.users, ctx?.user),
    contexts: only(kc.contexts, context),
    currentContext: context,
  };
}

/**
 * A private KubeConfig whose current context is `context`: client-node's requests and watches
 * use the current context, and several clusters are talked to at once.
 */
export function scopedConfig(kc: KubeConfig, context: string): KubeConfig {
  const scoped = new KubeConfig();
  scoped.loadFromOptions(contextOptions(kc, context));
  return scoped;
}

/**
 * One GET against a cluster's API with the kubeconfig's credentials and a hard deadline. Failures
 * come back as values, classified the way the console shows them; messages never echo credentials.
 */
export async function kubeGet(
  kc: KubeConfig,
  context: string,
  path: string,
  timeoutMs: number,
): Promise<KubeGetResult> {
  // A private copy per call: probes of several clusters run concurrently.
  return kubeGetCurrent(scopedConfig(kc, context), path, timeoutMs);
}

/** kubeGet against the current context of `scoped` (a ClusterTransport keeps its connections). */
export async function kubeGetCurrent(
  scoped: KubeConfig,
  path: string,
  timeoutMs: number,
): Promise<KubeGetResult> {
  const context = scoped.getCurrentContext();
  const cluster = scoped.getCurrentCluster();
  const options: RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
  await scoped.applyToHTTPSOptions(options);
  if (!cluster)
    return { ok: false, failure: 'error', message: `context ${context} has no cluster` };
  const url = new URL(path, cluster.server.endsWith('/') ? cluster.server : `${cluster.server}/`);
  const first = await send(url, options, timeoutMs);
  // A kept-alive connection the server closed as it was reused: the documented case for one retry.
  return first.retry ? (await send(url, options, timeoutMs)).result : first.result;
}

function send(
  url: URL,
  options: RequestOptions,
  timeoutMs: number,
): Promise<{ result: KubeGetResult; retry?: boolean }> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done) => {
    const resolve = (result: KubeGetResult) => done({ result });
    const req = request(url, { ...options, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status === 401)
          return resolve({
            ok: false,
            failure: 'unauthorized',
            status,
            message: 'the cluster rejected the kubeconfig credentials (401 Unauthorized)',
          });
        if (status === 403)
          return resolve({
            ok: false,
            failure: 'forbidden',
            status,
            message: statusMessage(text) ?? 'access forbidden (403)',
          });
        if (status < 200 || status >= 300)
          return resolve({
            ok: false,
            failure: 'error',
            status,
            message: statusMessage(text) ?? `the API server answered ${status}`,
          });
        try {
          resolve({ ok: true, status, body: JSON.parse(text) });
        } catch {
          resolve({
            ok: false,
            failure: 'error',
            status,
            message: 'the API server answered with something that is not JSON',
          });
        }
      });
      res.on('error', (e) => resolve({ ok: false, failure: 'unreachable', message: e.message }));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ ok: false, failure: 'timeout', message: `no answer within ${timeoutMs} ms` });
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      const result: KubeGetResult = UNREACHABLE_CODES.has(e.code ?? '')
        ? {
            ok: false,
            failure: 'unreachable',
            message: `cannot connect to ${url.host} (${e.code})`,
          }
        : { ok: false, failure: 'error', message: e.code ? `${e.code}: ${e.message}` : e.message };
      done({ result, retry: req.reusedSocket && e.code === 'ECONNRESET' });
    });
    req.end();
  });
}
