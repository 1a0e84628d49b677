// `npm run bench`: speed of the parts of Segscope that have a budget, reported as medians and
// peak memory. Numbers are for reading and comparing, never asserted (shared, noisy machines).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { buildSnapshot } from '../../lib/model/build-snapshot';
import { SIM_CA } from '../sim/cluster-server';
import { Fleet } from '../sim/fleet';
import { parseSyntheticSize, syntheticFleet } from '../sim/synthetic';
import { median, syntheticInput, timeDetectors, timeEngine, timeWhatIf } from './engine';

const exec = promisify(execFile);
const KUBECTL = process.env.KUBECTL ?? join(import.meta.dirname, '..', '..', '.tools', 'kubectl');

const ms = (n: number) => `${n.toFixed(1)} ms`;
let peakRss = 0;
const sampleMemory = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

function getJson(url: string, token: string): Promise<{ items: unknown[] }> {
  return new Promise((resolve, reject) => {
    request(url, { ca: SIM_CA, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { items: unknown[] }),
      );
    })
      .on('error', reject)
      .end();
  });
}

async function fleetBench(size: string): Promise<void> {
  const started = performance.now();
  const fleet = await Fleet.start({ clusters: syntheticFleet(parseSyntheticSize(size)) });
  const startMs = performance.now() - started;
  sampleMemory();
  const lists: number[] = [];
  let objects = 0;
  for (const cluster of fleet.clusters) {
    const t = performance.now();
    const list = await getJson(`${cluster.url}/api/v1/services`, cluster.users[0]?.token ?? '');
    lists.push(performance.now() - t);
    objects += list.items.length;
  }
  const all = performance.now();
  await Promise.all(
    fleet.clusters.map((c) => getJson(`${c.url}/api/v1/services`, c.users[0]?.token ?? '')),
  );
  const fanOut = performance.now() - all;
  sampleMemory();
  console.log(
    `sim ${size.padEnd(8)} start ${ms(startMs).padStart(10)} | list services per cluster median ${ms(median(lists))} | all ${fleet.clusters.length} clusters in parallel ${ms(fanOut)} (${objects} services)`,
  );
  await fleet.stop();
}

async function kubectlBench(): Promise<void> {
  const fleet = await Fleet.start({ clusters: [{ name: 'bench' }] });
  const dir = mkdtempSync(join(tmpdir(), 'segscope-bench-'));
  writeFileSync(join(dir, 'kubeconfig'), fleet.kubeconfig());
  const env = {
    ...process.env,
    KUBECONFIG: join(dir, 'kubeconfig'),
    KUBECACHEDIR: join(dir, 'cache'),
  };
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    await exec(KUBECTL, ['get', 'ns'], { env });
    times.push(performance.now() - t);
  }
  console.log(
    `kubectl get ns against the simulator: median ${ms(median(times.slice(1)))} (first, cold discovery: ${ms(times[0] ?? NaN)})`,
  );
  await fleet.stop();
}

const ENGINE_SIZES = ['10x100', '50x500', '200x1000'];

// The fleet model and analysis (no simulator): targets 200x1000 fully analysed < 1 s and one
// what-if on 50x500 < 50 ms.
function engineBench(withDetectors: boolean): void {
  for (const size of ENGINE_SIZES) {
    const input = syntheticInput(parseSyntheticSize(size));
    sampleMemory();
    const t = timeEngine(input, 5, sampleMemory);
    console.log(
      `engine ${size.padEnd(8)} build ${ms(t.buildMs).padStart(9)} | analyze ${ms(t.analyzeMs).padStart(9)} | total ${ms(t.totalMs).padStart(9)} (cpu ${ms(t.cpuMs)}) | ${t.views} views, ${t.findings} findings, ${t.objects} objects`,
    );
    if (withDetectors && size === ENGINE_SIZES[ENGINE_SIZES.length - 1]) {
      const slowest = timeDetectors(buildSnapshot(input)).slice(0, 5);
      for (const d of slowest)
        console.log(`  detector ${d.name.padEnd(32)} ${ms(d.ms).padStart(9)} (${d.drafts} drafts)`);
    }
  }
  const input = syntheticInput(parseSyntheticSize('50x500'));
  const w = timeWhatIf(input);
  sampleMemory();
  console.log(
    `what-if 50x500: median ${ms(w.ms)} (cpu ${ms(w.cpuMs)}) for ${w.changes} changes on ${w.changed} clusters: ${w.viewersChanged} viewers see other hostnames, findings +${w.introduced} / -${w.resolved}`,
  );
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  console.log(`segscope bench on node ${process.version}, ${new Date().toISOString()}`);
  // `npm run bench -- engine` runs the engine part only; `--detectors` adds per-detector times.
  engineBench(args.has('--detectors'));
  if (!args.has('engine')) {
    for (const size of ['10x100', '50x500']) await fleetBench(size);
    await kubectlBench();
  }
  console.log(`peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
