import { Writable } from 'node:stream';

import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  LiveFindingsResponseSchema,
  LiveFleetResponseSchema,
  ServicesResponseSchema,
  type FleetEvent,
} from '@/lib/api/contract';
import { findingsResponse, fleetResponse, servicesResponse } from '@/lib/api/fleet-view';
import { analyseFleet } from '@/lib/engine/fleet-engine';

import { runAnalyze } from '../analyze/testing';
import { readCluster } from '../clusters/read-cluster';
import { loadKubeconfig } from '../config/kubeconfig';
import type { SimCluster } from '../sim/cluster-server';
import { Fleet } from '../sim/fleet';
import { loadScenario } from '../sim/scenario';
import { createSession, type KubectlSession } from '../sim/testing/kubectl';
import { FleetStore } from './fleet-store';

let fleet: Fleet;
let session: KubectlSession;
let store: FleetStore;
const logLines: string[] = [];
const events: FleetEvent[] = [];

beforeAll(async () => {
  fleet = await Fleet.start({ clusters: loadScenario('segmented').clusters.slice(0, 4) });
  session = createSession(fleet.kubeconfig());
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  // Short timeouts and backoff: a loaded machine still recovers well within a test's time.
  const config = session.file(
    'segscope.yaml',
    'timeoutMs: 1000\nprobeIntervalMs: 500\nmaxBackoffMs: 1000\n',
  );
  store = new FleetStore(
    { KUBECONFIG: session.kubeconfigPath, SEGSCOPE_CONFIG: config },
    { log: pino({ level: 'debug' }, sink) },
  ).start();
  store.subscribe((e) => events.push(e));
  await store.waitFor((r) => r.ready && r.clusters.every((c) => c.health === 'synced'));
}, 60_000);

afterAll(async () => {
  store?.stop();
  // After the compaction case a simulated server's close() can wait on a connection it no longer
  // tracks; teardown is bounded so that it cannot fail the suite (the process ends anyway).
  await Promise.race([fleet?.stop(), new Promise((r) => setTimeout(r, 5000).unref())]);
});

const health = (context: string) =>
  store.revision.clusters.find((c) => c.context === context)?.health;

const waitHealth = (context: string, wanted: string, timeoutMs = 40_000) =>
  store.waitFor((r) => r.clusters.find((c) => c.context === context)?.health === wanted, timeoutMs);

/** What `npm run analyze` reads fresh from the same kubeconfig, through the same engine. */
async function fresh() {
  const { kc, contexts } = loadKubeconfig({ KUBECONFIG: session.kubeconfigPath });
  const inputs = await Promise.all(contexts.map((c) => readCluster(kc, c.name, 5000)));
  return analyseFleet({ clusters: inputs });
}

/** The store equals a fresh read once every cluster is synced again (nothing lost). */
async function expectEqualsFreshRead() {
  const rev = await store.waitFor((r) => r.clusters.every((c) => c.health === 'synced'));
  // A change may still be in flight; the store converges to the fresh read.
  const expected = await fresh();
  const settled = await store.waitFor(
    (r) =>
      JSON.stringify(r.findings) === JSON.stringify(expected.findings) &&
      JSON.stringify(r.snapshot.views) === JSON.stringify(expected.snapshot.views),
    20_000,
  );
  expect(settled.findings).toEqual(expected.findings);
  expect(servicesResponse(settled).services).toEqual(
    servicesResponse({ ...rev, ...expected }).services,
  );
}

const label = (context: string, segment: string) =>
  session.kubectl(
    ['label', 'namespace', 'istio-system', `admin.solo.io/segment=${segment}`, '--overwrite'],
    { context },
  );

describe('the live fleet store against the simulator, changed with the real kubectl', () => {
  it('serves the contract shapes from memory', () => {
    const rev = store.revision;
    const f = LiveFleetResponseSchema.parse(fleetResponse(rev));
    expect(f.ready).toBe(true);
    expect(f.clusters.map((c) => c.health)).toEqual(rev.clusters.map(() => 'synced'));
    expect(f.clusters.every((c) => c.state === 'ready')).toBe(true);
    LiveFindingsResponseSchema.parse(findingsResponse(rev));
    ServicesResponseSchema.parse(servicesResponse(rev));
  });

  it('a label change made with kubectl shows in the fleet, the findings and as an event', async () => {
    const context = store.revision.clusters[0]!.context;
    const before = store.revision.revision;
    const seen = events.length;
    const result = await label(context, 'no-such-segment');
    expect(result.code, result.stderr).toBe(0);
    const rev = await store.waitFor((r) =>
      r.findings.some((f) => f.code === 'SEG203' && f.clusters.includes(context)),
    );
    expect(rev.revision).toBeGreaterThan(before);
    const cluster = fleetResponse(rev).clusters.find((c) => c.context === context);
    expect(cluster).toMatchObject({ segmentLabel: 'no-such-segment', segmentFallback: true });
    const event = events.slice(seen).find((e) => e.findings.added.some((f) => f.code === 'SEG203'));
    expect(event?.revision).toBeGreaterThan(before);
    expect(event?.viewsChanged.length).toBeGreaterThan(0);
    // Revisions only ever grow.
    const ids = events.map((e) => e.revision);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    await expectEqualsFreshRead();
  });

  describe(
    'fault matrix: the store keeps serving, marks the cluster and recovers by itself',
    { timeout: 60_000 },
    () => {
      const victim = () => fleet.clusters[1] as SimCluster;

      it('a cluster that is down is unreachable, its last objects still analysed', async () => {
        const name = victim().name;
        const objectsBefore = store.revision.input.clusters.find((c) => c.context === name)!.objects
          .length;
        await victim().setFaults({ down: true });
        const rev = await waitHealth(name, 'unreachable');
        const input = rev.input.clusters.find((c) => c.context === name)!;
        expect(input.reachable).toBe(true);
        expect(input.objects.length).toBe(objectsBefore);
        const findings = findingsResponse(rev);
        expect(findings.leftOut).toContainEqual(
          expect.objectContaining({ context: name, health: 'unreachable' }),
        );
        expect(
          fleetResponse(rev).clusters.find((c) => c.context === name)?.lastSyncedAt,
        ).toBeTruthy();
        await victim().setFaults({ down: false });
        await waitHealth(name, 'synced');
        await expectEqualsFreshRead();
      });

      it('a slow cluster times out, and comes back', async () => {
        const name = victim().name;
        await victim().setFaults({ latencyMs: 3000 });
        await waitHealth(name, 'timeout');
        await victim().setFaults({ latencyMs: 0 });
        await waitHealth(name, 'synced');
        await expectEqualsFreshRead();
      });

      it('rejected credentials are unauthorized (401)', async () => {
        const user = victim().users[0]!;
        const token = user.token;
        user.token = 'rotated-elsewhere';
        await waitHealth(victim().name, 'unauthorized');
        user.token = token;
        await waitHealth(victim().name, 'synced');
        await expectEqualsFreshRead();
      });

      it('a forbidden cluster is forbidden (403), and a change made meanwhile is not lost', async () => {
        const name = victim().name;
        await victim().setFaults({ forbidden: true });
        await waitHealth(name, 'forbidden');
        expect(store.revision.clusters.find((c) => c.context === name)?.message).toMatch(/cannot/);
        await victim().setFaults({ forbidden: false });
        await waitHealth(name, 'synced');
        await expectEqualsFreshRead();
      });

      it('dropped watches reconnect and changes keep arriving', async () => {
        const name = victim().name;
        await victim().setFaults({ dropWatches: true });
        const result = await label(name, 'dropped-watch-segment');
        expect(result.code, result.stderr).toBe(0);
        await store.waitFor((r) =>
          r.findings.some((f) => f.code === 'SEG203' && f.clusters.includes(name)),
        );
        await victim().setFaults({ dropWatches: false });
        await expectEqualsFreshRead();
      });

      it('a restarted simulator is picked up again', async () => {
        const name = victim().name;
        // stop() stops listening at once; its promise waits for every connection to drain, which
        // one caught mid-handshake can hold up, so the test waits on the store instead.
        void victim().stop();
        await store.waitFor((r) => r.clusters.find((c) => c.context === name)?.health !== 'synced');
        await victim().start();
        const result = await label(name, 'after-restart');
        expect(result.code, result.stderr).toBe(0);
        await store.waitFor(
          (r) =>
            r.input.clusters
              .find((c) => c.context === name)
              ?.objects.some(
                (o) =>
                  o.kind === 'Namespace' &&
                  o.metadata.labels?.['admin.solo.io/segment'] === 'after-restart',
              ) ?? false,
        );
        await expectEqualsFreshRead();
      });

      it('compacted history (410) relists by itself', async () => {
        const name = victim().name;
        const relists = () =>
          store.metrics.listDuration
            .get()
            .then((m) =>
              m.values
                .filter((v) => v.metricName?.endsWith('_count') && v.labels.cluster === name)
                .reduce((n, v) => n + v.value, 0),
            );
        const listsBefore = await relists();
        const result = await label(name, 'before-compaction');
        expect(result.code, result.stderr).toBe(0);
        victim().store.compact();
        victim().hub.closeAll(false);
        await store.waitFor(
          (r) =>
            r.input.clusters
              .find((c) => c.context === name)
              ?.objects.some(
                (o) => o.metadata.labels?.['admin.solo.io/segment'] === 'before-compaction',
              ) ?? false,
        );
        await expectEqualsFreshRead();
        await expect.poll(relists, { timeout: 10_000 }).toBeGreaterThan(listsBefore);
        expect(health(name)).toBe('synced');
      });
    },
  );

  it('after the fault matrix, equals what `npm run analyze --output json` reads fresh', async () => {
    const rev = await store.waitFor((r) => r.clusters.every((c) => c.health === 'synced'));
    const run = await runAnalyze([
      '--kubeconfig',
      session.kubeconfigPath,
      '--output',
      'json',
      '--fail-on',
      'never',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: unknown[]; services: unknown[] };
    expect(findingsResponse(store.revision).findings).toEqual(report.findings);
    expect(servicesResponse(store.revision).services).toEqual(report.services);
    expect(store.revision.revision).toBeGreaterThanOrEqual(rev.revision);
  }, 90_000);

  it('no credential of the kubeconfig reaches a response, an event or a log line', () => {
    const tokens = fleet.clusters.map((c) => c.users[0]!.token);
    const rev = store.revision;
    const everything = [
      JSON.stringify(fleetResponse(rev)),
      JSON.stringify(findingsResponse(rev)),
      JSON.stringify(servicesResponse(rev)),
      JSON.stringify(events),
      ...logLines,
    ].join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    for (const token of tokens) expect(everything).not.toContain(token);
    expect(everything).not.toMatch(/certificate-authority-data|BEGIN CERTIFICATE|Bearer /);
  });
});
