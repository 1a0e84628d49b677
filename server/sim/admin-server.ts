import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import type { SimCluster } from './cluster-server';
import type { Fleet } from './fleet';
import { readBody, sendJson } from './http-io';

/**
 * The simulator's control plane for tests and demos: faults per cluster, cutting watches,
 * compaction (forcing 410), restarts and user rights, over HTTP on loopback.
 *
 * GET   /clusters                          every cluster with its state
 * GET   /clusters/:c                       one cluster
 * PATCH /clusters/:c/faults                {latencyMs, errorRate, throttleRate, unavailableRate,
 *                                           retryAfterSeconds, down, forbidden, dropWatches,
 *                                           failNext: {count, code, verb?, resource?, group?}}
 * POST  /clusters/:c/watches/close[?abort=true]
 * POST  /clusters/:c/compact               forget history: watches from older revisions get 410
 * POST  /clusters/:c/bookmark              send a BOOKMARK on every watch that allows them
 * POST  /clusters/:c/restart               stop and start again on the same port
 * PATCH /clusters/:c/users/:user           {readOnly}
 * GET   /process                           the simulator process's CPU time (µs) and memory, for
 *                                          benchmarks that measure what serving costs
 */
export class AdminServer {
  private server?: Server;
  port = 0;

  constructor(private readonly fleet: Fleet) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private describe(c: SimCluster) {
    return {
      name: c.name,
      url: c.url,
      listening: c.listening,
      faults: c.faults,
      users: c.users.map((u) => ({ name: u.name, readOnly: u.readOnly })),
      resourceVersion: String(c.store.currentRv()),
      openWatches: c.hub.size,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://admin.invalid');
      const parts = url.pathname.split('/').filter(Boolean);
      const method = req.method ?? 'GET';
      if (parts[0] === 'process' && parts.length === 1 && method === 'GET')
        return sendJson(res, 200, {
          cpuUsage: process.cpuUsage(),
          memoryUsage: process.memoryUsage(),
          istiodPasses: this.fleet.istiod?.passes ?? null,
        });
      if (parts[0] !== 'clusters')
        return sendJson(res, 404, { error: `unknown admin path ${url.pathname}` });
      if (parts.length === 1 && method === 'GET')
        return sendJson(
          res,
          200,
          this.fleet.clusters.map((c) => this.describe(c)),
        );
      const cluster = this.fleet.clusters.find((c) => c.name === parts[1]);
      if (!cluster)
        return sendJson(res, 404, { error: `no simulated cluster named "${parts[1] ?? ''}"` });
      const action = parts.slice(2).join('/');
      const body = method === 'GET' ? undefined : await readJson(req);

      if (action === '' && method === 'GET') return sendJson(res, 200, this.describe(cluster));
      if (action === 'faults' && method === 'GET') return sendJson(res, 200, cluster.faults);
      if (action === 'faults' && (method === 'PATCH' || method === 'PUT')) {
        return sendJson(res, 200, await cluster.setFaults(body));
      }
      if (action === 'watches/close' && method === 'POST') {
        return sendJson(res, 200, {
          closed: cluster.hub.closeAll(url.searchParams.get('abort') === 'true'),
        });
      }
      if (action === 'compact' && method === 'POST') {
        cluster.store.compact();
        return sendJson(res, 200, { compactedAt: String(cluster.store.currentRv()) });
      }
      if (action === 'bookmark' && method === 'POST') {
        for (const send of cluster.hub.bookmarkAll) send();
        return sendJson(res, 200, { sent: cluster.hub.bookmarkAll.size });
      }
      if (action === 'restart' && method === 'POST') {
        await cluster.stop();
        await cluster.start();
        return sendJson(res, 200, this.describe(cluster));
      }
      if (parts[2] === 'users' && parts[3] && method === 'PATCH') {
        const user = cluster.users.find((u) => u.name === parts[3]);
        if (!user) return sendJson(res, 404, { error: `no user "${parts[3]}" in ${cluster.name}` });
        const readOnly = (body as { readOnly?: unknown } | undefined)?.readOnly;
        if (typeof readOnly !== 'boolean')
          return sendJson(res, 400, { error: 'readOnly must be true or false' });
        user.readOnly = readOnly;
        return sendJson(res, 200, { name: user.name, readOnly });
      }
      return sendJson(res, 404, { error: `unknown admin action ${method} ${url.pathname}` });
    } catch (e) {
      sendJson(res, 400, { error: (e as Error).message });
    }
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req);
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error('the request body must be JSON');
  }
}
