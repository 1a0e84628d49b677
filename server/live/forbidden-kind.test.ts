import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import { join } from 'node:path';

import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { fleetResponse } from '@/lib/api/fleet-view';

import { SIM_CA } from '../sim/cluster-server';
import { Fleet } from '../sim/fleet';
import { createSession } from '../sim/testing/kubectl';
import { FleetStore } from './fleet-store';

// RBAC that forbids one kind: the simulator forbids all or nothing, so a pass-through proxy with
// the simulator's own certificate answers 403 for Gateways while `blocked`, as an API server would.
const FIXTURES = join(import.meta.dirname, '..', 'sim', 'fixtures');
const GATEWAYS = '/apis/gateway.networking.k8s.io/v1/gateways';

let fleet: Fleet;
let proxy: Server;
let store: FleetStore;
let blocked = false;

beforeAll(async () => {
  fleet = await Fleet.start({ clusters: [{ name: 'east' }], istiod: false });
  const target = new URL(fleet.cluster('east').url);
  proxy = createServer(
    {
      cert: readFileSync(join(FIXTURES, 'sim-server.pem')),
      key: readFileSync(join(FIXTURES, 'sim-server.key')),
    },
    (req, res) => {
      if (blocked && req.url?.startsWith(GATEWAYS)) {
        res.writeHead(403, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            reason: 'Forbidden',
            code: 403,
            message:
              'gateways.gateway.networking.k8s.io is forbidden: User "east-admin" cannot list resource "gateways"',
          }),
        );
        return;
      }
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
          ca: SIM_CA,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.flushHeaders(); // a watch's headers come before its first event
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    },
  );
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  const port = (proxy.address() as { port: number }).port;
  const session = createSession(
    fleet.kubeconfig().replace(target.origin, `https://127.0.0.1:${port}`),
  );
  const config = session.file('segscope.yaml', 'probeIntervalMs: 300\nmaxBackoffMs: 500\n');
  store = new FleetStore(
    { KUBECONFIG: session.kubeconfigPath, SEGSCOPE_CONFIG: config },
    { log: pino({ level: 'silent' }) },
  ).start();
  await store.waitFor((r) => r.clusters.every((c) => c.health === 'synced'));
});

afterAll(async () => {
  store?.stop();
  proxy?.closeAllConnections();
  proxy?.close();
  await Promise.race([fleet?.stop(), new Promise((r) => setTimeout(r, 5000).unref())]);
});

it('a 403 on one kind marks the cluster forbidden naming that kind, and it recovers', async () => {
  blocked = true;
  fleet.cluster('east').hub.closeAll(false); // the Gateway watch reconnects, and is refused
  const rev = await store.waitFor((r) => r.clusters[0]?.health === 'forbidden');
  const east = fleetResponse(rev).clusters[0]!;
  expect(east.forbiddenKinds).toEqual(['gateways.gateway.networking.k8s.io']);
  expect(east.message).toMatch(/gateways/);
  // Its last objects are still analysed.
  expect(rev.input.clusters[0]?.reachable).toBe(true);
  blocked = false;
  await store.waitFor((r) => r.clusters[0]?.health === 'synced');
});
