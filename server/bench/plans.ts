// Guided changes (issue 13 §5): plan + what-if, server-side dry-run and apply of a new segment
// spanning every cluster of a synthetic fleet (10 and 50 clusters), against the simulator in a
// child process, with the live fleet store reading it. Target: plans.total ≤ 3 s at 50 clusters.
//   SEGSCOPE_BENCH_PLAN_SIZES=10x20,50x20 (clusters × services per cluster)
//   SEGSCOPE_BENCH_PLAN_RUNS=5
import { KubeConfig } from '@kubernetes/client-node';
import pino from 'pino';

import { planIntent } from '@/lib/plan/planner';

import { FleetStore } from '../live/fleet-store';
import { applySteps, checkObserved, dryRunSteps } from '../plans/executor';
import { figureOf, type Reporter } from './report';
import { startSim } from './server';

export async function plansBench(report: Reporter): Promise<void> {
  const sizes = (process.env.SEGSCOPE_BENCH_PLAN_SIZES ?? '10x20,50x20')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const runs = Number(process.env.SEGSCOPE_BENCH_PLAN_RUNS ?? 5);
  for (const size of sizes) {
    const sim = await startSim(['--synthetic', size, '--no-istiod']);
    const store = new FleetStore(
      { KUBECONFIG: sim.kubeconfig },
      { log: pino({ level: 'silent' }) },
    ).start();
    try {
      await store.waitFor(
        (r) => r.ready && r.clusters.every((c) => c.health === 'synced'),
        600_000,
      );
      const kc = new KubeConfig();
      kc.loadFromFile(sim.kubeconfig);
      const clusters = store.revision.clusters.map((c) => c.context);
      const samples = { plan: [] as number[], dryRun: [] as number[], apply: [] as number[] };
      const totals: number[] = [];
      let steps = 0;
      for (let run = 0; run < runs; run++) {
        const name = `bench-${run}`;
        const t0 = performance.now();
        const planned = planIntent(
          { type: 'create-segment', name, domain: `${name}.bench.mesh`, clusters },
          store.revision,
        );
        if (!planned.ok) throw new Error(`bench plan refused: ${JSON.stringify(planned.errors)}`);
        const t1 = performance.now();
        const dry = await dryRunSteps(kc, planned.plan.steps);
        if (!dry.every((r) => r.ok))
          throw new Error(`bench dry-run failed: ${dry.find((r) => !r.ok)?.message}`);
        const t2 = performance.now();
        const { conflicts, current } = await checkObserved(kc, planned.plan.steps);
        if (conflicts.length) throw new Error(`bench apply refused: ${conflicts[0]?.message}`);
        const result = await applySteps(kc, name, planned.plan.steps, current);
        if (!result.ok)
          throw new Error(
            `bench apply failed: ${JSON.stringify(result.steps.find((s) => s.status === 'failed'))}`,
          );
        const t3 = performance.now();
        samples.plan.push(t1 - t0);
        samples.dryRun.push(t2 - t1);
        samples.apply.push(t3 - t2);
        totals.push(t3 - t0);
        steps = planned.plan.steps.length;
        // The next plan starts from a store that has seen this one (not timed).
        await store.waitFor((r) => r.snapshot.clusters.every((c) => c.segment === name), 120_000);
      }
      const note = `new segment on all ${clusters.length} clusters: ${steps} steps`;
      report.add(
        figureOf('plans.plan', size, 'ms', samples.plan, {
          note: `${note}; validation, steps, what-if`,
        }),
      );
      report.add(
        figureOf('plans.dry-run', size, 'ms', samples.dryRun, { note: 'dryRun=All of every step' }),
      );
      report.add(
        figureOf('plans.apply', size, 'ms', samples.apply, {
          note: 'resourceVersion check of every object, then Segments everywhere, then labels',
        }),
      );
      report.add(
        figureOf('plans.total', size, 'ms', totals, {
          note: 'plan + dry-run + apply; target ≤ 3000 ms at 50 clusters',
        }),
      );
    } finally {
      store.stop();
      await sim.stop();
    }
  }
}
