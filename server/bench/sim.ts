// The simulator's own cost: starting a synthetic fleet, serving lists, what a full read of the
// engine's objects costs it (sim-full-read.ts), and a real kubectl against it.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { SIM_CA } from '../sim/cluster-server';
import { Fleet } from '../sim/fleet';
import { parseSyntheticSize, syntheticFleet } from '../sim/synthetic';
import { figureOf, type Reporter } from './report';
import { fullReadBench } from './sim-full-read';

const exec = promisify(execFile);

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

async function fleetBench(report: Reporter, size: string): Promise<void> {
  const started = performance.now();
  const fleet = await Fleet.start({ clusters: syntheticFleet(parseSyntheticSize(size)) });
  report.add(figureOf('sim.start', size, 'ms', [performance.now() - started]));
  const lists: number[] = [];
  let objects = 0;
  for (const cluster of fleet.clusters) {
    const t = performance.now();
    const list = await getJson(`${cluster.url}/api/v1/services`, cluster.users[0]?.token ?? '');
    lists.push(performance.now() - t);
    objects += list.items.length;
  }
  report.add(
    figureOf('sim.list-services', size, 'ms', lists, {
      note: `one cluster's Services, ${objects} in all`,
    }),
  );
  const fanOuts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await Promise.all(
      fleet.clusters.map((c) => getJson(`${c.url}/api/v1/services`, c.users[0]?.token ?? '')),
    );
    fanOuts.push(performance.now() - t);
  }
  report.add(
    figureOf('sim.list-services-all', size, 'ms', fanOuts, {
      note: `${fleet.clusters.length} clusters in parallel`,
    }),
  );
  await fleet.stop();
}

async function kubectlBench(report: Reporter, kubectl: string): Promise<void> {
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
    await exec(kubectl, ['get', 'ns'], { env });
    times.push(performance.now() - t);
  }
  report.add(
    figureOf('sim.kubectl-get', '1', 'ms', times.slice(1), {
      note: `kubectl get ns, warm discovery cache; first (cold) ${times[0]!.toFixed(0)} ms`,
    }),
  );
  await fleet.stop();
}

export async function simBench(report: Reporter, tools: { kubectl: string }): Promise<void> {
  for (const size of ['10x100', '50x500']) await fleetBench(report, size);
  await fullReadBench(report, '50x500');
  await kubectlBench(report, tools.kubectl);
}
