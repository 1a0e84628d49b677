import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';

import { FIRST_SYNC_CONNECTIONS } from './cluster-transport';
import { contextOptions, scopedConfig } from './kube-get';
import { readCluster } from './read-cluster';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

const list = (kind: string, items: object[]) => ({
  kind: `${kind}List`,
  apiVersion: 'v1',
  metadata: { resourceVersion: '7' },
  items,
});

/** A core-only API server on loopback HTTP that counts connections and checks the token. */
async function coreServer() {
  const connections = new Set<Socket>();
  const tokens = new Set<string | undefined>();
  server = createServer((req, res) => {
    tokens.add(req.headers.authorization);
    const body =
      req.url === '/apis'
        ? { kind: 'APIGroupList', groups: [] }
        : req.url === '/api/v1/namespaces'
          ? list('Namespace', [{ metadata: { name: 'istio-system' } }])
          : req.url === '/api/v1/services'
            ? list('Service', [{ metadata: { name: 'a', namespace: 'x' }, spec: {} }])
            : undefined;
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? { kind: 'Status', code: 404, message: 'not found' }));
  });
  server.on('connection', (s: Socket) => connections.add(s));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      { name: 'other', server: 'http://127.0.0.1:1', skipTLSVerify: true },
      { name: 'c', server: url, skipTLSVerify: true },
    ],
    users: [
      { name: 'someone-else', token: 'other-token' },
      { name: 'u', token: 'the-token' },
    ],
    contexts: [
      { name: 'elsewhere', cluster: 'other', user: 'someone-else' },
      { name: 'ctx', cluster: 'c', user: 'u' },
    ],
    currentContext: 'elsewhere',
  });
  return { kc, connections, tokens };
}

describe('readCluster', () => {
  it('reads a cluster over a few kept-alive connections, with its own context’s credentials', async () => {
    const { kc, connections, tokens } = await coreServer();
    const input = await readCluster(kc, 'ctx', 2000);
    expect(input.reachable).toBe(true);
    expect(input.objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Namespace/istio-system',
      'Service/a',
    ]);
    // Discovery, 2 lists and 3 single gets: one TLS handshake each would be 6 connections.
    expect(connections.size).toBeLessThanOrEqual(FIRST_SYNC_CONNECTIONS);
    expect([...tokens]).toEqual(['Bearer the-token']);
  });
});

describe('scopedConfig', () => {
  it('keeps only the context, cluster and user it talks to', async () => {
    const { kc } = await coreServer();
    const scoped = scopedConfig(kc, 'ctx');
    expect(scoped.getCurrentContext()).toBe('ctx');
    expect(scoped.contexts.map((c) => c.name)).toEqual(['ctx']);
    expect(scoped.clusters.map((c) => c.name)).toEqual(['c']);
    expect(scoped.users.map((u) => u.name)).toEqual(['u']);
    expect(contextOptions(kc, 'missing').contexts).toEqual([]);
  });
});
