import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Fleet } from '../sim/fleet';
import { loadScenario } from '../sim/scenario';
import { createSession, type KubectlSession } from '../sim/testing/kubectl';
import { FleetStore } from './fleet-store';

// The first sync: a cluster counts as synced once its lists are in the informers' caches, and
// watches wait for the fleet's first picture, resuming from their lists' resourceVersions.

let fleet: Fleet;
let session: KubectlSession;
let store: FleetStore | undefined;

beforeAll(async () => {
  fleet = await Fleet.start({ clusters: loadScenario('segmented').clusters.slice(0, 3) });
  session = createSession(fleet.kubeconfig());
}, 60_000);

afterAll(async () => {
  store?.stop();
  await fleet?.stop();
});

const segmentOf = (context: string) => {
  const ns = store!.revision.input.clusters
    .find((c) => c.context === context)
    ?.objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'istio-system');
  return ns?.metadata.labels?.['admin.solo.io/segment'];
};

describe('the first sync', () => {
  it('holds watches until the first picture, and loses no change made meanwhile', async () => {
    const [fast, , slow] = fleet.clusters;
    // The slow cluster keeps the fleet's first picture waiting; the bound is far away.
    await slow!.setFaults({ latencyMs: 2500 });
    const config = session.file('segscope.yaml', 'timeoutMs: 20000\n');
    store = new FleetStore(
      { KUBECONFIG: session.kubeconfigPath, SEGSCOPE_CONFIG: config },
      { log: pino({ level: 'silent' }), firstSyncHoldMs: 120_000 },
    ).start();

    // The fast clusters are synced (their lists taken whole) while the slow one is still listed.
    const partial = await store.waitFor(
      (r) =>
        !r.ready &&
        r.clusters.filter((c) => c.context !== slow!.name).every((c) => c.health === 'synced'),
      60_000,
    );
    expect(partial.clusters.find((c) => c.context === slow!.name)?.health).toBe('connecting');
    expect(fast!.hub.size).toBe(0);
    expect(store.watchesOpen()).toBe(0);

    // A change on a synced cluster whose watches are held back.
    const result = await session.kubectl(
      ['label', 'namespace', 'istio-system', 'admin.solo.io/segment=held-meanwhile', '--overwrite'],
      { context: fast!.name },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(store.revision.ready).toBe(false);

    await slow!.setFaults({ latencyMs: 0 });
    await store.waitFor((r) => r.ready, 60_000);
    // The watches open after the first picture and replay what changed since their lists.
    await store.waitFor(() => segmentOf(fast!.name) === 'held-meanwhile', 30_000);
    expect(fast!.hub.size).toBeGreaterThan(0);
    expect(store.watchesOpen()).toBeGreaterThan(0);
    const metrics = await store.metrics.registry.metrics();
    expect(metrics).toMatch(new RegExp(`segscope_watches_open\\{cluster="${fast!.name}"\\} [1-9]`));
  }, 120_000);

  it('leaves no watch open when stopped while its watches connect', async () => {
    store?.stop();
    await fleet.clusters[2]!.setFaults({ latencyMs: 0 });
    const openWatches = () => fleet.clusters.reduce((n, c) => n + c.hub.size, 0);
    await waitUntil(() => openWatches() === 0);
    for (let round = 0; round < 3; round++) {
      store = new FleetStore(
        { KUBECONFIG: session.kubeconfigPath },
        { log: pino({ level: 'silent' }) },
      ).start();
      await store.waitFor((r) => r.ready, 60_000);
      store.stop();
    }
    await waitUntil(() => openWatches() === 0);
    expect(openWatches()).toBe(0);
  }, 120_000);
});

/** Polls a condition of the simulator (which has no event for it), up to 20 s. */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 100));
}
