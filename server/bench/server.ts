// The live server's speed (issue 11 §6): cold start to the first complete analysed snapshot
// against its two baselines (kubectl per context, one after another; the same lists fetched raw in
// parallel), change to event, API latency under 100 clients, and memory. The simulator runs in a
// child process so that its CPU is not the store's event loop.
//   SEGSCOPE_BENCH_SERVER_SIZES=10x100,50x100 (default; the full run: 10x500,50x500,100x500)
//   SEGSCOPE_BENCH_CHANGES=20 (label changes timed for server.change-to-event)
// Beside the figures: server.cold-sync-cpu (the store's CPU during the cold sync, and how
// many cores both ends kept busy), server.one-shot-read (`npm run analyze`'s read and one
// analysis: the simplest client that ends with the same snapshot), server.parse-and-analyse
// (what any such client does beyond the floor, timed alone) and server.rss-console (`npm start`
// synced, at the largest size).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { KubeConfig } from '@kubernetes/client-node';
import pino from 'pino';

import { COLLECTIONS, SINGLE_COLLECTIONS } from '../clusters/kinds';
import { ClusterTransport, FIRST_SYNC_CONNECTIONS } from '../clusters/cluster-transport';
import { scopedConfig } from '../clusters/kube-get';
import { readCluster } from '../clusters/read-cluster';
import type { FleetInput } from '../../lib/model/input';
import { FleetStore } from '../live/fleet-store';
import { analyseFleet } from '../../lib/engine/fleet-engine';
import { figureOf, median, type Reporter } from './report';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const TSX = join(root, 'node_modules', '.bin', 'tsx');

interface Sim {
  child: ChildProcess;
  kubeconfig: string;
  stop: () => Promise<void>;
}

export async function startSim(args: string[]): Promise<Sim> {
  const dir = mkdtempSync(join(tmpdir(), 'segscope-bench-server-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const child = spawn(TSX, ['server/sim/cli.ts', ...args, '--kubeconfig', kubeconfig], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('segscope-sim ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}: ${out}`)));
  });
  child.stdout!.resume();
  return {
    child,
    kubeconfig,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const quietLog = () => pino({ level: 'silent' });

/** Runs of each timed read: on shared cores the floor alone varies by half from run to run. */
const RUNS = 5;

/** A full GC, so that RSS is the live set rather than the garbage of the previous run. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * `own(pid)` summed over a process and its descendants (tsx runs a script in a child), Linux.
 * Undefined when the process itself cannot be read; a child that exits meanwhile counts 0.
 */
function overTree(pid: number, own: (pid: number) => number): number | undefined {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(/\s+/)
      .filter(Boolean)
      .map((c) => overTree(Number(c), own) ?? 0);
    return own(pid) + children.reduce((a, b) => a + b, 0);
  } catch {
    return undefined;
  }
}

/** The resident memory of a process and its descendants, in MiB. */
const rssMiB = (pid: number): number | undefined =>
  overTree(pid, (p) => {
    const status = readFileSync(`/proc/${p}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  });

/** CPU time (user + system) of a process and its descendants so far, in ms. */
const cpuMsOf = (pid: number): number =>
  overTree(pid, (p) => {
    const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS);
  }) ?? 0;
/** USER_HZ: 100 on every Linux the bench runs on. */
const CLOCK_TICKS = 100;

const ownCpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/**
 * Every list the store makes, fetched raw, bodies unparsed: all clusters in parallel, each as the
 * store reads it (discovery first, then every list, over the same kept-alive transport with the
 * store's first-sync bound on connections).
 */
async function rawFetchAll(kubeconfig: string, keep?: Buffer[]): Promise<number> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const paths = [...COLLECTIONS, ...SINGLE_COLLECTIONS].map((c) => c.path);
  let bytes = 0;
  await Promise.all(
    kc.getContexts().map(async (ctx) => {
      const transport = new ClusterTransport(kc, ctx.name, { maxSockets: FIRST_SYNC_CONNECTIONS });
      const opts: { headers?: Record<string, string> } = {};
      await transport.applyToHTTPSOptions(opts);
      const server = transport.getCurrentCluster()!.server;
      const get = (path: string) =>
        new Promise<void>((resolve, reject) => {
          httpsRequest(`${server}${path}`, opts, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => {
              bytes += c.length;
              if (keep) chunks.push(c);
            });
            res.on('end', () => {
              if (keep) keep.push(Buffer.concat(chunks));
              resolve();
            });
          })
            .on('error', reject)
            .end();
        });
      await get('/apis');
      await Promise.all(paths.map(get));
      transport.close();
    }),
  );
  return bytes;
}

async function coldSync(
  kubeconfig: string,
): Promise<{ ms: number; cpuMs: number; store: FleetStore }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const store = new FleetStore({ KUBECONFIG: kubeconfig }, { log: quietLog() }).start();
  await store.waitFor((r) => r.ready && r.clusters.every((c) => c.health === 'synced'), 600_000);
  return { ms: performance.now() - started, cpuMs: ownCpuMs(cpu), store };
}

/** What `npm run analyze` does before it reports: every cluster read at once, one analysis. */
async function oneShotRead(kubeconfig: string): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const clusters = await Promise.all(kc.getContexts().map((c) => readCluster(kc, c.name, 600_000)));
  const unread = clusters.find((c) => !c.reachable);
  if (unread) throw new Error(`one-shot read: ${unread.context}: ${unread.error}`);
  analyseFleet({ clusters });
}

/**
 * What a cold sync must do beyond the raw floor, timed alone and warm: parse the floor's bodies
 * (JSON.parse, as the store does), and analyse the synced fleet in full once. Their sum is the
 * CPU any client that turns these lists into an analysed snapshot spends on top of fetching them.
 */
function parseAndAnalyse(
  bodies: Buffer[],
  input: FleetInput,
): { parseMs: number; analyseMs: number } {
  const parse: number[] = [];
  const analyse: number[] = [];
  for (let run = 0; run < 4; run++) {
    let t = performance.now();
    for (const body of bodies) JSON.parse(body.toString('utf8'));
    parse.push(performance.now() - t);
    t = performance.now();
    analyseFleet(input);
    analyse.push(performance.now() - t);
  }
  // The first of each warms the JIT up, as the store's earlier runs have.
  return { parseMs: median(parse.slice(1)), analyseMs: median(analyse.slice(1)) };
}

/**
 * Waits until a synced store's watches are open (they start after the first picture), so that
 * opening them does not load the simulator during the next measurement.
 */
async function settle(store: FleetStore): Promise<void> {
  let seen = -1;
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const open = store.watchesOpen();
    if (open > 0 && open === seen) return;
    seen = open;
  }
}

/** Resolves once the simulator has used under 5 ms of CPU in 200 ms (give up after 10 s). */
async function simulatorQuiet(sim: Sim): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const before = cpuMsOf(sim.child.pid!);
    await new Promise((r) => setTimeout(r, 200));
    if (cpuMsOf(sim.child.pid!) - before < 5) return;
  }
}

/** What a user does today: kubectl get of the same kinds, one context after another. */
async function kubectlLoop(kubeconfig: string, kubectl: string): Promise<number> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const dir = mkdtempSync(join(tmpdir(), 'segscope-bench-kubectl-'));
  const env = { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache') };
  const kinds = [
    'namespaces',
    'services',
    'gateways.gateway.networking.k8s.io',
    'httproutes.gateway.networking.k8s.io',
    'serviceentries.networking.istio.io',
    'workloadentries.networking.istio.io',
    'authorizationpolicies.security.istio.io',
    'segments.admin.istio.io',
  ].join(',');
  const started = performance.now();
  for (const ctx of kc.getContexts()) {
    await exec(kubectl, ['--context', ctx.name, 'get', kinds, '-A', '-o', 'json'], {
      env,
      maxBuffer: 256 * 1024 * 1024,
    });
    await exec(
      kubectl,
      ['--context', ctx.name, '-n', 'istio-system', 'get', 'deployments,configmaps', '-o', 'json'],
      { env, maxBuffer: 64 * 1024 * 1024 },
    );
  }
  return performance.now() - started;
}

/** Label PATCHes (what `kubectl label` sends) to the event the store publishes for them. */
async function changeToEvent(store: FleetStore, kubeconfig: string, changes: number) {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const contexts = kc.getContexts().map((c) => c.name);
  const samples: number[] = [];
  for (let i = 0; i < changes; i++) {
    const context = contexts[i % contexts.length]!;
    const scoped = scopedConfig(kc, context);
    const opts: { method?: string; headers?: Record<string, string> } = {};
    await scoped.applyToHTTPSOptions(opts);
    const value = `bench-${i}`;
    const seen = store.waitFor(
      (r) =>
        r.input.clusters
          .find((c) => c.context === context)
          ?.objects.some(
            (o) =>
              o.kind === 'Namespace' &&
              o.metadata.name === 'istio-system' &&
              o.metadata.labels?.['segscope.io/bench'] === value,
          ) ?? false,
      60_000,
    );
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const req = httpsRequest(
        `${scoped.getCurrentCluster()!.server}/api/v1/namespaces/istio-system`,
        {
          ...opts,
          method: 'PATCH',
          headers: { ...opts.headers, 'Content-Type': 'application/merge-patch+json' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ metadata: { labels: { 'segscope.io/bench': value } } }));
    });
    await seen;
    samples.push(performance.now() - started);
  }
  return samples;
}

interface LoadResult {
  latency: { p50: number; p99: number };
  requests: { total: number };
  errors: number;
  non2xx: number;
  timeouts: number;
}

/**
 * autocannon in a process of its own, as the clients are: in the bench's process it would compete
 * with nothing, but in the server's it would take the CPU the server is measured on.
 */
async function loadOf(url: string, seconds: number): Promise<LoadResult> {
  const { stdout } = await exec(
    join(root, 'node_modules', '.bin', 'autocannon'),
    // What a browser sends: it accepts compressed bodies.
    ['-j', '-c', '100', '-d', String(seconds), '-H', 'Accept-Encoding=gzip, deflate, br', url],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as LoadResult;
}

/** `npm start` (the built console) against the simulator, for the API under load. */
async function apiUnderLoad(report: Reporter, kubeconfig: string, size: string): Promise<void> {
  if (!existsSync(join(root, '.next', 'BUILD_ID'))) {
    report.log(`server.api-p99 skipped: run \`npm run build\` first`);
    return;
  }
  const port = 3900 + Math.floor(Math.random() * 90);
  const server = spawn(
    TSX,
    ['server/cli/start.ts', '--hostname', '127.0.0.1', '--port', String(port)],
    {
      cwd: root,
      env: { ...process.env, KUBECONFIG: kubeconfig, SEGSCOPE_LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    },
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/api/readyz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (i > 1200) throw new Error('the console did not become ready');
      await new Promise((r) => setTimeout(r, 250));
    }
    const idle = rssMiB(server.pid!);
    for (const path of ['/api/fleet', '/api/findings']) {
      await loadOf(`${base}${path}`, 1); // warm-up: JIT, the revision's compressed body
      const result = await loadOf(`${base}${path}`, 5);
      const errors = result.errors + result.non2xx + result.timeouts;
      report.add(
        figureOf('server.api-p99', size, 'ms', [result.latency.p99], {
          note: `${path}, 100 clients (autocannon, own process, Accept-Encoding as browsers send) for 5 s after 1 s of warm-up: median ${result.latency.p50} ms, ${result.requests.total} requests, ${errors} errors`,
        }),
      );
    }
    const loaded = rssMiB(server.pid!);
    if (idle !== undefined && loaded !== undefined)
      report.add(
        figureOf('server.rss-console', size, 'MiB', [idle, loaded], {
          note: '`npm start` (Next and the store) synced, before and after the API load',
        }),
      );
  } finally {
    server.kill('SIGTERM');
  }
}

export async function serverBench(report: Reporter, options: { kubectl: string }): Promise<void> {
  const sizes = (process.env.SEGSCOPE_BENCH_SERVER_SIZES ?? '10x100,50x100')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const changes = Number(process.env.SEGSCOPE_BENCH_CHANGES ?? 20);

  // Change to event on the demo fleet, then under the largest size below.
  {
    const sim = await startSim(['--scenario', 'demo']);
    try {
      const { store } = await coldSync(sim.kubeconfig);
      await settle(store);
      const samples = await changeToEvent(store, sim.kubeconfig, changes);
      report.add(
        figureOf('server.change-to-event', 'demo', 'ms', samples, {
          p95: true,
          note: 'label PATCH (as kubectl label sends it) to the published revision',
        }),
      );
      store.stop();
    } finally {
      await sim.stop();
    }
  }

  for (const [i, size] of sizes.entries()) {
    const sim = await startSim(['--synthetic', size, '--no-istiod']);
    try {
      // The floor and the cold sync alternate, so that a machine that slows down or speeds up
      // during the run (shared cores) moves both alike and their ratio stays meaningful.
      const raw: number[] = [];
      const cold: number[] = [];
      const cpu: number[] = [];
      // CPU of both ends during each: the client's (this process) and the simulator's.
      const rawCpu = { client: [] as number[], sim: [] as number[] };
      const coldSimCpu: number[] = [];
      let bytes = 0;
      let last: FleetStore | undefined;
      const floor = async () => {
        // Each measurement starts from a collected heap, not the previous one's garbage.
        collectGarbage();
        const t = performance.now();
        const ownCpu = process.cpuUsage();
        const simCpu = cpuMsOf(sim.child.pid!);
        bytes = await rawFetchAll(sim.kubeconfig);
        rawCpu.client.push(ownCpuMs(ownCpu));
        rawCpu.sim.push(cpuMsOf(sim.child.pid!) - simCpu);
        return performance.now() - t;
      };
      for (let run = 0; run < RUNS; run++) {
        if (last) {
          // Both reads start against a quiet simulator with no store's watches open: closing 500
          // watches and collecting their garbage took the simulator's CPU from the next read.
          await settle(last);
          last.stop();
          await simulatorQuiet(sim);
        }
        raw.push(await floor());
        collectGarbage();
        const simCpu = cpuMsOf(sim.child.pid!);
        const { ms, cpuMs, store } = await coldSync(sim.kubeconfig);
        coldSimCpu.push(cpuMsOf(sim.child.pid!) - simCpu);
        cold.push(ms);
        cpu.push(cpuMs);
        last = store;
      }
      await settle(last!);
      collectGarbage();
      const rss = process.memoryUsage().rss / 2 ** 20;
      const isLast = i === sizes.length - 1;
      const samples = isLast ? await changeToEvent(last!, sim.kubeconfig, changes) : [];
      const input = last!.revision.input;
      last!.stop();

      // The simplest client that ends with the same snapshot, alternating with the floor too.
      const oneShotFloor: number[] = [];
      const oneShot: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        oneShotFloor.push(await floor());
        collectGarbage();
        const t = performance.now();
        await oneShotRead(sim.kubeconfig);
        oneShot.push(performance.now() - t);
      }
      const bodies: Buffer[] = [];
      await rawFetchAll(sim.kubeconfig, bodies);
      const { parseMs, analyseMs } = parseAndAnalyse(bodies, input);
      bodies.length = 0;

      const cores = (cpuMs: number, wallMs: number) => (cpuMs / wallMs).toFixed(1);
      const floorCpu = median(rawCpu.client) + median(rawCpu.sim);
      report.add(
        figureOf('server.raw-fetch-floor', size, 'ms', raw, {
          note: `every list of every cluster in parallel, unparsed, ${(bytes / 2 ** 20).toFixed(1)} MiB; CPU (medians of ${rawCpu.client.length}) ${median(rawCpu.client).toFixed(0)} ms client + ${median(rawCpu.sim).toFixed(0)} ms simulator: ${cores(floorCpu, median([...raw, ...oneShotFloor]))} of this machine's ${availableParallelism()} cores busy`,
        }),
      );
      const ratio = (a: number[], b: number[]) => (median(a) / median(b)).toFixed(2);
      report.add(
        figureOf('server.cold-sync', size, 'ms', cold, {
          note: `to the first complete analysed snapshot; ${ratio(cold, raw)}× the raw floor (medians, runs alternating; best/best ${(Math.min(...cold) / Math.min(...raw)).toFixed(2)}×); ${(median(cold) - median(raw)).toFixed(0)} ms over it`,
        }),
      );
      report.add(
        figureOf('server.cold-sync-cpu', size, 'ms', cpu, {
          note: `CPU time (user + system) of the store during the cold sync, steadier than wall time on a busy machine; with the simulator's ${median(coldSimCpu).toFixed(0)} ms, ${cores(median(cpu) + median(coldSimCpu), median(cold))} cores busy`,
        }),
      );
      report.add(
        figureOf('server.one-shot-read', size, 'ms', oneShot, {
          note: `\`npm run analyze\`'s read of every cluster in parallel, then one analysis: the simplest client that ends with the same snapshot, no watches; ${ratio(oneShot, oneShotFloor)}× the raw floor measured between its runs (median ${median(oneShotFloor).toFixed(0)} ms); the cold sync is ${ratio(cold, oneShot)}× it`,
        }),
      );
      report.add(
        figureOf('server.parse-and-analyse', size, 'ms', [parseMs + analyseMs], {
          note: `beyond the floor, any client must parse the bodies (${parseMs.toFixed(0)} ms) and analyse the fleet (${analyseMs.toFixed(0)} ms): timed alone and warm, one core`,
        }),
      );
      report.add(
        figureOf('server.rss', size, 'MiB', [rss], {
          note: 'this process with the store synced, after a full GC (the simulator runs in a child process)',
        }),
      );
      if (isLast)
        report.add(
          figureOf('server.change-to-event', size, 'ms', samples, {
            p95: true,
            note: 'label PATCH to the published revision',
          }),
        );
      const loop = await kubectlLoop(sim.kubeconfig, options.kubectl);
      report.add(
        figureOf('server.kubectl-loop', size, 'ms', [loop], {
          note: `kubectl get of the same kinds per context, one after another; ${(loop / median(cold)).toFixed(1)}× the cold sync (median)`,
        }),
      );
      if (isLast) await apiUnderLoad(report, sim.kubeconfig, size);
    } finally {
      await sim.stop();
    }
  }
}
