import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

import { test as base } from '@playwright/test';
import yaml from 'js-yaml';

const KUBECONFIG = '.segscope/e2e.kubeconfig';

interface Kubeconfig {
  users: { name: string; user: { token: string } }[];
  extensions?: { name: string; extension: { adminUrl?: string } }[];
}

const readKubeconfig = () => yaml.load(readFileSync(KUBECONFIG, 'utf8')) as Kubeconfig;

/** The simulator behind the console, driven over its admin HTTP endpoint (never imported). */
export class Simulator {
  constructor(private readonly adminUrl: string) {}

  async setFaults(cluster: string, faults: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${this.adminUrl}/clusters/${cluster}/faults`, {
      method: 'PATCH',
      body: JSON.stringify(faults),
    });
    if (!res.ok) throw new Error(`setting faults on ${cluster}: ${await res.text()}`);
  }

  async clearAllFaults(): Promise<void> {
    const res = await fetch(`${this.adminUrl}/clusters`);
    const clusters = (await res.json()) as { name: string }[];
    await Promise.all(
      clusters.map((c) =>
        this.setFaults(c.name, {
          latencyMs: 0,
          errorRate: 0,
          down: false,
          forbidden: false,
          dropWatches: false,
        }),
      ),
    );
  }

  tokens(): string[] {
    return readKubeconfig().users.map((u) => u.user.token);
  }
}

const run = promisify(execFile);

/** The pinned upstream kubectl against the demo fleet, as a user would make a change. */
export async function kubectl(context: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('.tools/kubectl', [
    '--kubeconfig',
    KUBECONFIG,
    '--context',
    context,
    ...args,
  ]);
  return stdout;
}

export const test = base.extend<{ sim: Simulator }>({
  sim: async ({}, provide) => {
    const adminUrl = readKubeconfig().extensions?.find((e) => e.name === 'segscope.io/simulator')
      ?.extension.adminUrl;
    if (!adminUrl) throw new Error(`${KUBECONFIG} has no simulator admin URL`);
    const sim = new Simulator(adminUrl);
    await sim.clearAllFaults();
    await provide(sim);
    await sim.clearAllFaults();
  },
});

export { expect } from '@playwright/test';
