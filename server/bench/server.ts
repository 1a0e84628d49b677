// The live server's speed (issue 11 §6): cold start to the first complete analysed snapshot
// against its two baselines (kubectl per context, one after another; the same lists fetched raw in
// parallel), change to event, API latency under 100 clients, and memory. The simulator runs in a
// child process so that its CPU is not the store's event loop.
//   SEGSCOPE_BENCH_SERVER_SIZES=10x100,50x100 (default; the full run: 10x500,50x500,100x500)
//   SEGSCOPE_BENCH_CHANGES=20 (label changes timed for server.change-to-event)
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { KubeConfig } from '@kubernetes/client-node';
import autocannon from 'autocannon';
import pino from 'pino';

import { COLLECTIONS, SINGLE_COLLECTIONS } from '../clusters/kinds';
import { scopedConfig } from '../clusters/kube-get';
import { FleetStore } from '../live/fleet-store';
import { figureOf, type Reporter } from './report';

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

/** Every list the store makes, fetched raw, all clusters and kinds in parallel, bodies unparsed. */
async function rawFetchAll(kubeconfig: string): Promise<number> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const paths = ['/apis', ...[...COLLECTIONS, ...SINGLE_COLLECTIONS].map((c) => c.path)];
  let bytes = 0;
  await Promise.all(
    kc.getContexts().map(async (ctx) => {
      const scoped = scopedConfig(kc, ctx.name);
      const opts: { headers?: Record<string, string> } = {};
      await scoped.applyToHTTPSOptions(opts);
      const server = scoped.getCurrentCluster()!.server;
      await Promise.all(
        paths.map(
          (path) =>
            new Promise<void>((resolve, reject) => {
              httpsRequest(`${server}${path}`, opts, (res) => {
                res.on('data', (c: Buffer) => (bytes += c.length));
                res.on('end', () => resolve());
              })
                .on('error', reject)
                .end();
            }),
        ),
      );
    }),
  );
  return bytes;
}

async function coldSync(kubeconfig: string): Promise<{ ms: number; store: FleetStore }> {
  const started = performance.now();
  const store = new FleetStore({ KUBECONFIG: kubeconfig }, { log: quietLog() }).start();
  await store.waitFor((r) => r.ready && r.clusters.every((c) => c.health === 'synced'), 600_000);
  return { ms: performance.now() - started, store };
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

/** `next start` on the built console against the simulator, for the API under load. */
async function apiUnderLoad(report: Reporter, kubeconfig: string, size: string): Promise<void> {
  if (!existsSync(join(root, '.next', 'BUILD_ID'))) {
    report.log(`server.api-p99 skipped: run \`npm run build\` first`);
    return;
  }
  const port = 3900 + Math.floor(Math.random() * 90);
  const next = spawn(
    join(root, 'node_modules', '.bin', 'next'),
    ['start', '--hostname', '127.0.0.1', '--port', String(port)],
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
    for (const path of ['/api/fleet', '/api/findings']) {
      const result = await autocannon({
        url: `${base}${path}`,
        connections: 100,
        duration: 5,
      });
      const errors = result.errors + result.non2xx + result.timeouts;
      report.add(
        figureOf('server.api-p99', size, 'ms', [result.latency.p99], {
          note: `${path}, 100 clients for 5 s: median ${result.latency.p50} ms, ${result.requests.total} requests, ${errors} errors`,
        }),
      );
    }
  } finally {
    next.kill('SIGTERM');
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
      const raw: number[] = [];
      let bytes = 0;
      for (let run = 0; run < 3; run++) {
        const t = performance.now();
        bytes = await rawFetchAll(sim.kubeconfig);
        raw.push(performance.now() - t);
      }
      report.add(
        figureOf('server.raw-fetch-floor', size, 'ms', raw, {
          note: `every list of every cluster in parallel, unparsed, ${(bytes / 2 ** 20).toFixed(1)} MiB`,
        }),
      );
      const cold: number[] = [];
      let last: FleetStore | undefined;
      for (let run = 0; run < 2; run++) {
        last?.stop();
        const { ms, store } = await coldSync(sim.kubeconfig);
        cold.push(ms);
        last = store;
      }
      const floor = Math.min(...raw);
      report.add(
        figureOf('server.cold-sync', size, 'ms', cold, {
          note: `to the first complete analysed snapshot; ${(Math.min(...cold) / floor).toFixed(2)}× the raw floor`,
        }),
      );
      global.gc?.();
      report.add(
        figureOf('server.rss', size, 'MiB', [process.memoryUsage().rss / 2 ** 20], {
          note: 'this process with the store synced (the simulator runs in a child process)',
        }),
      );
      const isLast = i === sizes.length - 1;
      if (isLast) {
        const samples = await changeToEvent(last!, sim.kubeconfig, changes);
        report.add(
          figureOf('server.change-to-event', size, 'ms', samples, {
            p95: true,
            note: 'label PATCH to the published revision',
          }),
        );
      }
      last?.stop();
      const loop = await kubectlLoop(sim.kubeconfig, options.kubectl);
      report.add(
        figureOf('server.kubectl-loop', size, 'ms', [loop], {
          note: `kubectl get of the same kinds per context, one after another; ${(loop / Math.min(...cold)).toFixed(1)}× the cold sync`,
        }),
      );
      if (isLast) await apiUnderLoad(report, sim.kubeconfig, size);
    } finally {
      await sim.stop();
    }
  }
}
