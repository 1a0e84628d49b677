// `sim.full-read-cpu`: the simulator's CPU time for serving everything the engine reads
// (server/clusters/read-cluster.ts) from a synthetic fleet. The fleet runs in its own process
// (`npm run sim`), so the client's parsing is not counted; its CPU time comes from the admin
// endpoint's GET /process before and after the read.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { KubeConfig } from '@kubernetes/client-node';
import yaml from 'js-yaml';

import { readCluster } from '../clusters/read-cluster';
import { figureOf, type Reporter } from './report';

const root = join(import.meta.dirname, '..', '..');

interface ProcessInfo {
  cpuUsage: { user: number; system: number };
}

async function cpu(adminUrl: string): Promise<{ user: number; system: number }> {
  const info = (await (await fetch(`${adminUrl}/process`)).json()) as ProcessInfo;
  return { user: info.cpuUsage.user / 1000, system: info.cpuUsage.system / 1000 };
}

async function cpuMs(adminUrl: string): Promise<number> {
  const { user, system } = await cpu(adminUrl);
  return user + system;
}

/** Waits until the simulator is idle (its istiod stand-in done with the first passes). */
async function settle(adminUrl: string): Promise<void> {
  let last = await cpuMs(adminUrl);
  for (let i = 0; i < 240; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await cpuMs(adminUrl);
    if (now - last < 25) return;
    last = now;
  }
  throw new Error('the simulator did not become idle within 2 minutes');
}

/** `nodeArgs` go to the simulator's node (`--cpu-prof` to profile what a read costs). */
export async function fullReadBench(
  report: Reporter,
  size: string,
  runs = 3,
  nodeArgs: string[] = [],
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'segscope-bench-read-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      '--import',
      'tsx',
      join(root, 'server', 'sim', 'cli.ts'),
      '--synthetic',
      size,
      '--kubeconfig',
      kubeconfigPath,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  child.stdout.setEncoding('utf8');
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: string) => {
        out += d;
        if (out.includes('segscope-sim ready')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`npm run sim exited with ${code}: ${out}`)));
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  try {
    const text = readFileSync(kubeconfigPath, 'utf8');
    const adminUrl = (yaml.load(text) as { extensions: { extension: { adminUrl: string } }[] })
      .extensions[0]!.extension.adminUrl;
    const kc = new KubeConfig();
    kc.loadFromString(text);
    const contexts = kc.getContexts().map((c) => c.name);
    await settle(adminUrl);
    const samples: number[] = [];
    let system = 0;
    let objects = 0;
    for (let i = 0; i < runs; i++) {
      const before = await cpu(adminUrl);
      const inputs = await Promise.all(contexts.map((c) => readCluster(kc, c, 120_000)));
      const after = await cpu(adminUrl);
      samples.push(after.user + after.system - before.user - before.system);
      system += after.system - before.system;
      const unread = inputs.filter((input) => !input.reachable);
      if (unread.length > 0) throw new Error(`full read failed: ${unread[0]?.error ?? ''}`);
      objects = inputs.reduce((n, input) => n + input.objects.length, 0);
    }
    report.add(
      figureOf('sim.full-read-cpu', size, 'ms', samples, {
        note: `simulator CPU (user+system; system ${Math.round(system / runs)} ms on average) for readCluster on ${contexts.length} clusters over two kept-alive connections each, as \`npm run analyze\` reads, ${objects} objects`,
      }),
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
