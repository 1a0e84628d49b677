// The demo fleet's segment mistakes (domain README §5), each fixed through a plan: the finding is
// gone once the live store has seen the apply, and nothing else was written.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { LiveRevision } from '@/lib/api/fleet-view';
import { findingKey } from '@/lib/graph/finding-key';
import type { Intent } from '@/lib/plan/intent';
import { planIntent } from '@/lib/plan/planner';

import { loadKubeconfig } from '../config/kubeconfig';
import { FleetStore } from '../live/fleet-store';
import { Fleet } from '../sim/fleet';
import { loadScenario } from '../sim/scenario';
import { createSession } from '../sim/testing/kubectl';
import { applySteps, checkObserved, dryRunSteps } from './executor';

let fleet: Fleet;
let store: FleetStore;
let kubeconfig: string;

beforeAll(async () => {
  fleet = await Fleet.start({ clusters: loadScenario('demo').clusters });
  kubeconfig = createSession(fleet.kubeconfig()).kubeconfigPath;
  store = new FleetStore({ KUBECONFIG: kubeconfig }, { log: pino({ level: 'silent' }) }).start();
  await store.waitFor((r) => r.ready && r.clusters.every((c) => c.health === 'synced'));
}, 60_000);

afterAll(async () => {
  store?.stop();
  await fleet?.stop();
});

const keysOf = (rev: LiveRevision, code: string) =>
  rev.findings.filter((f) => f.code === code).map(findingKey);

/**
 * Plans, dry-runs and applies `intent` as the console does. istiod keeps writing Segment status
 * while the fleet settles after the previous fix, so a plan can be made against a resourceVersion
 * that is already gone: then, as a user given the 409's fresh preview, plan again.
 */
async function fix(intent: Intent) {
  const { kc } = loadKubeconfig({ KUBECONFIG: kubeconfig });
  for (let attempt = 1; ; attempt++) {
    const rev = store.revision;
    const planned = planIntent(intent, rev);
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
    const dry = await dryRunSteps(kc, planned.plan.steps);
    const { conflicts, current } = await checkObserved(kc, planned.plan.steps);
    if ((conflicts.length || dry.some((r) => !r.ok)) && attempt < 5) {
      await store.waitFor((r) => r.revision > rev.revision, 5_000).catch(() => undefined);
      continue;
    }
    expect(dry.filter((r) => !r.ok)).toEqual([]);
    expect(conflicts).toEqual([]);
    const result = await applySteps(kc, 'demo', planned.plan.steps, current);
    expect(result.ok).toBe(true);
    return planned.plan;
  }
}

describe('fixing the demo fleet', () => {
  it('SEG203 (prod-west labelled prod without Segment prod), SEG201 and SEG202 (platform on hub) go away', async () => {
    const rev = store.revision;
    const [seg203] = keysOf(rev, 'SEG203');
    expect(seg203).toBeDefined();
    const plan203 = await fix({ type: 'fix', finding: seg203!, domain: 'prod.mesh' });
    expect(plan203.steps.every((s) => s.action === 'apply-segment')).toBe(true);
    await store.waitFor((r) => !keysOf(r, 'SEG203').includes(seg203!));

    const [seg202] = keysOf(store.revision, 'SEG202');
    expect(seg202).toBeDefined();
    const plan202 = await fix({ type: 'fix', finding: seg202!, domain: 'platform.mesh' });
    expect(plan202.steps.map((s) => s.action)).toEqual(['update-segment']);
    await store.waitFor((r) => keysOf(r, 'SEG202').length === 0);

    expect(keysOf(store.revision, 'SEG201').length).toBeGreaterThan(0);
    for (let round = 0; round < 5; round++) {
      const [key] = keysOf(store.revision, 'SEG201');
      if (!key) break;
      await fix({ type: 'fix', finding: key });
      await store.waitFor((r) => !keysOf(r, 'SEG201').includes(key));
    }
    expect(keysOf(store.revision, 'SEG201')).toEqual([]);
  });
});
