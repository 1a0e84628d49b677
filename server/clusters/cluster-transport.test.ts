import { createServer, type RequestOptions, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { CoreV1Api, HttpMethod, KubeConfig, RequestContext } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';

import { ClusterTransport } from './cluster-transport';
import { kubeGetCurrent } from './kube-get';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

/** An API server on loopback HTTP that counts connections; `onRequest` may misbehave. */
async function apiServer(
  onRequest: (n: number, socket: Socket) => 'answer' | 'reset',
  poolOptions?: { maxSockets?: number },
) {
  const connections = new Set<Socket>();
  let requests = 0;
  server = createServer((req, res) => {
    const socket = req.socket;
    if (onRequest(++requests, socket) === 'reset') {
      socket.destroy();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'APIGroupList', groups: [] }));
  });
  server.on('connection', (s: Socket) => connections.add(s));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'secret-token' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return { transport: new ClusterTransport(kc, 'ctx', poolOptions), connections, port };
}

describe('ClusterTransport', () => {
  it('keeps one connection for consecutive requests to its cluster', async () => {
    const { transport, connections } = await apiServer(() => 'answer');
    for (let i = 0; i < 3; i++)
      expect((await kubeGetCurrent(transport, '/apis', 2000)).ok).toBe(true);
    expect(connections.size).toBe(1);
    const a: RequestOptions = {};
    const b: RequestOptions = {};
    await transport.applyToHTTPSOptions(a);
    await transport.applyToHTTPSOptions(b);
    expect(a.agent).toBe(b.agent);
    transport.close();
  });

  it('pools the requests of client-node’s generated API clients too, within its bound', async () => {
    const { transport, connections, port } = await apiServer(() => 'answer', { maxSockets: 3 });
    const api = transport.makeApiClient(CoreV1Api);
    for (let i = 0; i < 3; i++) await api.getAPIResources();
    expect(connections.size).toBe(1);
    const contexts = [1, 2].map(
      () => new RequestContext(`http://127.0.0.1:${port}/api`, HttpMethod.GET),
    );
    for (const c of contexts) await transport.applySecurityAuthentication(c);
    expect(contexts[0]!.getAgent()).toBe(contexts[1]!.getAgent());
    expect((contexts[0]!.getAgent() as { maxSockets?: number }).maxSockets).toBe(3);
    transport.close();
  });

  it('keeps concurrent requests within its bound, and opens more once the bound is lifted', async () => {
    const { transport, connections } = await apiServer(() => 'answer', { maxSockets: 2 });
    const burst = () =>
      Promise.all(Array.from({ length: 6 }, () => kubeGetCurrent(transport, '/apis', 2000)));
    expect((await burst()).every((r) => r.ok)).toBe(true);
    expect(connections.size).toBe(2);
    transport.setMaxSockets(undefined);
    expect((await burst()).every((r) => r.ok)).toBe(true);
    expect(connections.size).toBeGreaterThan(2);
    transport.close();
  });

  it('retries once on a new connection when a kept-alive one is reset as it is reused', async () => {
    const { transport, connections } = await apiServer((n) => (n === 2 ? 'reset' : 'answer'));
    expect((await kubeGetCurrent(transport, '/apis', 2000)).ok).toBe(true);
    expect((await kubeGetCurrent(transport, '/apis', 2000)).ok).toBe(true);
    expect(connections.size).toBe(2);
    transport.close();
  });

  it('does not retry a reset on a fresh connection: that cluster is unreachable', async () => {
    const { transport } = await apiServer(() => 'reset');
    const result = await kubeGetCurrent(transport, '/apis', 2000);
    expect(result).toMatchObject({ ok: false, failure: 'unreachable' });
    transport.close();
  });
});
