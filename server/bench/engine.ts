// Engine benchmark: the fleet model and the analysis, timed without the simulator.
import { fork } from 'node:child_process';
import { join } from 'node:path';

import { analyze, DETECTORS, type Finding } from '../../lib/analyze';
import { buildSnapshot } from '../../lib/model/build-snapshot';
import type { ClusterInput, FleetInput } from '../../lib/model/input';
import type { K8sObject } from '../../lib/model/objects';
import type { FleetSnapshot } from '../../lib/model/snapshot';
import type { ProposedChange } from '../../lib/plan/changes';
import { baseline, whatIf } from '../../lib/plan/what-if';
import { analyseFleet, updateFleet } from '../../lib/engine/fleet-engine';
import { applyEdit, type FleetEdit } from '../../lib/testing/random-changes';
import { bareIstioCluster } from '../sim/base-cluster';
import type { ClusterSpec } from '../sim/fleet';
import { parseSyntheticSize, syntheticFleet, type SyntheticSize } from '../sim/synthetic';
import { figureOf, median, type Reporter } from './report';

const objectKey = (o: K8sObject) =>
  `${o.apiVersion.split('/').slice(0, -1).join('/')}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;

/**
 * What Segscope would read from a simulated cluster, without starting it: the bare Istio objects
 * the simulator seeds, then the spec's manifests in order (a later object replaces an earlier one
 * of the same group, kind, namespace and name, as an apply would).
 */
export function clusterInputOf(spec: ClusterSpec): ClusterInput {
  const objects = new Map<string, K8sObject>();
  const base = (spec.base ?? 'istio') === 'istio' ? bareIstioCluster(spec.name) : [];
  for (const o of [...base, ...(spec.manifests ?? []).map((m) => m.object)]) {
    objects.set(objectKey(o as K8sObject), o as K8sObject);
  }
  return {
    context: spec.name,
    reachable: true,
    segmentApis: ['admin.istio.io/v1'],
    objects: [...objects.values()],
  };
}

/** The synthetic benchmark fleet (server/sim/synthetic.ts) as engine input. */
export const syntheticInput = (size: SyntheticSize): FleetInput => ({
  clusters: syntheticFleet(size).map(clusterInputOf),
});

export interface EngineTiming {
  buildMs: number;
  analyzeMs: number;
  totalMs: number;
  /** Every run's total (build + analyze), for the spread. */
  totals: number[];
  /** Median CPU time (user + system, all threads: includes parallel GC) of a full analysis. */
  cpuMs: number;
  views: number;
  findings: number;
  objects: number;
}

const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** Median build, analyze and total times of `runs` full analyses after one warm-up. */
export function timeEngine(input: FleetInput, runs = 5, onRun?: () => void): EngineTiming {
  const builds: number[] = [];
  const analyses: number[] = [];
  const totals: number[] = [];
  const cpus: number[] = [];
  let snapshot: FleetSnapshot | undefined;
  let findings: Finding[] = [];
  for (let i = 0; i <= runs; i++) {
    snapshot = undefined;
    // A fresh copy: the model memoises per object (a live fleet's unchanged objects), and a full
    // analysis is timed cold, as the first one after start-up.
    const cold = structuredClone(input);
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    snapshot = buildSnapshot(cold);
    const t1 = performance.now();
    findings = analyze(snapshot);
    const t2 = performance.now();
    onRun?.();
    if (i === 0) continue;
    builds.push(t1 - t0);
    analyses.push(t2 - t1);
    totals.push(t2 - t0);
    cpus.push(cpuMsSince(cpu));
  }
  return {
    buildMs: median(builds),
    analyzeMs: median(analyses),
    totalMs: median(totals),
    totals,
    cpuMs: median(cpus),
    views: snapshot?.views.length ?? 0,
    findings: findings.length,
    objects: input.clusters.reduce((n, c) => n + c.objects.length, 0),
  };
}

/** Time of each detector in DETECTORS on one snapshot (median of `runs`), slowest first. */
export function timeDetectors(
  snapshot: FleetSnapshot,
  runs = 3,
): { index: number; name: string; ms: number; drafts: number }[] {
  return DETECTORS.map((detect, index) => {
    const times: number[] = [];
    let drafts = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      drafts = detect(snapshot).length;
      times.push(performance.now() - t);
    }
    return { index, name: detect.name || `detector #${index}`, ms: median(times), drafts };
  }).sort((a, b) => b.ms - a.ms);
}

/**
 * A what-if a user would type on the synthetic fleet: a new segment applied to a cluster and its
 * ring neighbours, the cluster moved into it, and one namespace exposed globally.
 */
export function benchChanges(input: FleetInput): ProposedChange[] {
  const contexts = input.clusters.map((c) => c.context).sort();
  const moved = contexts[Math.floor(contexts.length / 2)] ?? contexts[0] ?? '';
  const i = contexts.indexOf(moved);
  const around = [-2, -1, 0, 1, 2]
    .map((d) => contexts[(i + d + contexts.length) % contexts.length])
    .filter((c): c is string => c !== undefined);
  return [
    { kind: 'apply-segment', clusters: [...new Set(around)], name: 'bench', domain: 'bench.mesh' },
    { kind: 'set-cluster-segment', cluster: moved, segment: 'bench' },
    { kind: 'set-namespace-scope', cluster: moved, namespace: 'team-0', scope: 'global' },
  ];
}

/** Median time of one what-if (apply, incremental rebuild, analyze, diffs) against a base. */
export function timeWhatIf(
  input: FleetInput,
  runs = 7,
): {
  ms: number;
  samples: number[];
  cpuMs: number;
  changes: number;
  changed: number;
  introduced: number;
  resolved: number;
  viewersChanged: number;
} {
  const before = baseline(input);
  const changes = benchChanges(input);
  const times: number[] = [];
  const cpus: number[] = [];
  let last: ReturnType<typeof whatIf> | undefined;
  for (let i = 0; i <= runs; i++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    last = whatIf(input, changes, before);
    if (i === 0) continue;
    times.push(performance.now() - t);
    cpus.push(cpuMsSince(cpu));
  }
  if (!last?.ok) throw new Error(`what-if failed: ${JSON.stringify(last)}`);
  return {
    ms: median(times),
    samples: times,
    cpuMs: median(cpus),
    changes: changes.length,
    changed: last.changed.length,
    introduced: last.findingsDiff.introduced.length,
    resolved: last.findingsDiff.resolved.length,
    viewersChanged: last.hostnameDiff.length,
  };
}

const ENGINE_SIZES = ['10x100', '50x500', '200x1000'];

/**
 * Peak RSS of a fresh process that builds and analyses one synthetic fleet (engine-rss.ts): the
 * memory a full analysis of that size needs, apart from whatever else this bench process holds.
 */
function peakRssOfFullAnalysis(size: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(join(import.meta.dirname, 'engine-rss.ts'), [size], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    child.on('message', (m: { peakRssMiB: number }) => resolve(m.peakRssMiB));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`engine-rss ${size} exited with ${code}`));
    });
  });
}

/** `engine.*` figures: full build + analysis, its memory, the what-if, incremental updates. */
export async function engineBench(
  report: Reporter,
  options: { detectors: boolean },
): Promise<void> {
  for (const size of ENGINE_SIZES) {
    const input = syntheticInput(parseSyntheticSize(size));
    report.sampleMemory();
    const t = timeEngine(input, 5, () => report.sampleMemory());
    report.add(
      figureOf('engine.full', size, 'ms', t.totals, {
        note: `build ${t.buildMs.toFixed(0)} + analyze ${t.analyzeMs.toFixed(0)}, cpu ${t.cpuMs.toFixed(0)} ms; ${t.views} views, ${t.findings} findings, ${t.objects} objects`,
      }),
    );
    if (options.detectors && size === ENGINE_SIZES[ENGINE_SIZES.length - 1]) {
      for (const d of timeDetectors(buildSnapshot(input)).slice(0, 5))
        report.log(
          `  detector ${d.name.padEnd(32)} ${d.ms.toFixed(1).padStart(7)} ms (${d.drafts} drafts)`,
        );
    }
  }
  const rss: number[] = [];
  for (let i = 0; i < 3; i++) rss.push(await peakRssOfFullAnalysis('200x1000'));
  report.add(
    figureOf('engine.peak-rss', '200x1000', 'MiB', rss, {
      note: 'peak RSS of a fresh process: input + snapshot + findings',
    }),
  );
  for (const size of ['50x500', '200x1000']) {
    const input = syntheticInput(parseSyntheticSize(size));
    const full = timeEngine(input, 3);
    const inc = timeIncremental(input);
    const kinds = Object.entries(inc.byKind).map(([k, ms]) => `${k} ${ms.toFixed(1)}`);
    report.add(
      figureOf('engine.incremental', size, 'ms', inc.samples, {
        note: `per kind: ${kinds.join(', ')} ms; ${((100 * median(inc.samples)) / full.totalMs).toFixed(1)}% of a full analysis (${full.totalMs.toFixed(0)} ms) in this run`,
      }),
    );
  }
  const input = syntheticInput(parseSyntheticSize('50x500'));
  const w = timeWhatIf(input);
  report.add(
    figureOf('engine.what-if', '50x500', 'ms', w.samples, {
      note: `${w.changes} changes on ${w.changed} clusters: ${w.viewersChanged} viewers see other hostnames, findings +${w.introduced} / -${w.resolved}`,
    }),
  );
}

/**
 * One cluster's change of each kind the live server sees, on the synthetic fleet: its segment
 * label (moved to the next segment), one Service rescoped, a new Segment, a peer gateway removed.
 */
function oneClusterEdits(input: FleetInput): { name: string; edit: FleetEdit }[] {
  const i = Math.floor(input.clusters.length / 2);
  const cluster = input.clusters[i]!;
  const label = cluster.objects.find(
    (o) => o.kind === 'Namespace' && o.metadata.name === 'istio-system',
  )?.metadata.labels?.['admin.solo.io/segment'];
  const segments = cluster.objects.filter((o) => o.kind === 'Segment').map((o) => o.metadata.name);
  const other = segments.find((s) => s !== label) ?? null;
  const svc = cluster.objects.find((o) => o.kind === 'Service')!;
  const peer = cluster.objects.find(
    (o) =>
      o.kind === 'Gateway' &&
      (o.spec as { gatewayClassName?: string }).gatewayClassName === 'istio-remote',
  );
  const peerIndex = input.clusters.findIndex(
    (c) => peer && peer.metadata.labels?.['topology.istio.io/cluster'] === c.context,
  );
  return [
    { name: 'label', edit: { kind: 'label', cluster: i, value: other } },
    {
      name: 'service',
      edit: {
        kind: 'service',
        cluster: i,
        namespace: svc.metadata.namespace!,
        name: svc.metadata.name,
        scope: 'cluster',
      },
    },
    { name: 'segment', edit: { kind: 'segment', cluster: i, name: 'bench', domain: 'bench.mesh' } },
    {
      name: 'gateway',
      edit: { kind: 'peer', cluster: i, peer: Math.max(peerIndex, 0), present: false },
    },
  ];
}

/** Medians of `updateFleet` after each kind of one-cluster change, alternating there and back. */
export function timeIncremental(
  input: FleetInput,
  runs = 5,
): { samples: number[]; byKind: Record<string, number> } {
  const base = analyseFleet(input);
  const samples: number[] = [];
  const byKind: Record<string, number> = {};
  for (const { name, edit } of oneClusterEdits(input)) {
    const { input: next, changed } = applyEdit(input, edit);
    const times: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const t = performance.now();
      const after = updateFleet(base, next, changed);
      const elapsed = performance.now() - t;
      if (after.snapshot === base.snapshot) throw new Error(`${name}: nothing changed`);
      if (i > 0) times.push(elapsed);
    }
    byKind[name] = median(times);
    samples.push(...times);
  }
  return { samples, byKind };
}
