import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Fleet } from '../sim/fleet';
import { CLI_TIMEOUT_MS, runAnalyze } from './testing';

const analyzeCli = runAnalyze;

const dir = mkdtempSync(join(tmpdir(), 'segscope-analyze-'));
const kubeconfig = join(dir, 'kubeconfig');
let fleet: Fleet;

const checkout = (labels: Record<string, string>) => ({
  source: 'test',
  object: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'checkout', namespace: 'payments', labels },
    spec: { selector: { app: 'checkout' }, ports: [{ name: 'http', port: 8080 }] },
  },
});
const paymentsNs = {
  source: 'test',
  object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
};

beforeAll(async () => {
  fleet = await Fleet.start({
    clusters: [
      { name: 'east', manifests: [paymentsNs, checkout({ 'solo.io/service-scope': 'global' })] },
      { name: 'west', manifests: [paymentsNs, checkout({ 'solo.io/service-scope': 'Global' })] },
      { name: 'gone' },
    ],
  });
  await fleet.cluster('gone').setFaults({ down: true });
  writeFileSync(kubeconfig, fleet.kubeconfig());
});

afterAll(() => fleet.stop());

// Each test runs the CLI as a child process: its own deadline (CLI_TIMEOUT_MS) is the one that
// matters, not the runner's default, which a loaded machine's cold tsx start can exceed.
describe('npm run analyze against the simulator', { timeout: CLI_TIMEOUT_MS + 10_000 }, () => {
  it('prints findings as istioctl-style lines, reports the unreachable cluster on stderr and fails on the threshold', async () => {
    const run = await analyzeCli(['--kubeconfig', kubeconfig, '--fail-on', 'warning']);
    expect(run.stderr).toMatch(/cluster gone not analysed: unreachable/);
    expect(run.stdout).toMatch(/^Warning \[SVC401\] \(Service payments\/checkout @west\) .+$/m);
    expect(run.code).toBe(1);
  });

  it('exits 0 below the threshold and includes unreachable clusters and services in JSON', async () => {
    const run = await analyzeCli(['--kubeconfig', kubeconfig, '-o', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      clusters: { context: string; reachable: boolean; error?: string }[];
      findings: { code: string; clusters: string[] }[];
      services: { viewer: string; hostname: string; contributors: string[] }[];
    };
    expect(report.clusters.map((c) => [c.context, c.reachable])).toEqual([
      ['east', true],
      ['west', true],
      ['gone', false],
    ]);
    expect(report.findings.map((f) => f.code)).toContain('SVC401');
    expect(report.services).toContainEqual(
      expect.objectContaining({
        viewer: 'east',
        hostname: 'checkout.payments.mesh.internal',
        contributors: ['east'],
      }),
    );
  });

  it('analyses only the named contexts', async () => {
    const run = await analyzeCli(['--kubeconfig', kubeconfig, '--context', 'east', '-o', 'json']);
    const report = JSON.parse(run.stdout) as { clusters: { context: string }[] };
    expect(report.clusters.map((c) => c.context)).toEqual(['east']);
  });

  it('overlays local manifests with -f without writing to the cluster', async () => {
    const overlay = join(dir, 'overlay');
    mkdirSync(join(overlay, 'west'), { recursive: true });
    writeFileSync(
      join(overlay, 'west', 'fix.yaml'),
      'apiVersion: v1\nkind: Service\nmetadata: {name: checkout, namespace: payments, labels: {solo.io/service-scope: global}}\nspec: {selector: {app: checkout}, ports: [{name: http, port: 8080}]}\n',
    );
    const run = await analyzeCli(['--kubeconfig', kubeconfig, '-f', overlay, '-o', 'json']);
    const report = JSON.parse(run.stdout) as { findings: { code: string }[] };
    expect(report.findings.map((f) => f.code)).not.toContain('SVC401');
    const live = await analyzeCli(['--kubeconfig', kubeconfig, '-o', 'json']);
    expect(
      (JSON.parse(live.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code),
    ).toContain('SVC401');
  });

  it.each([
    ['an unknown flag', ['--bogus']],
    ['an unknown output', ['--output', 'xml']],
    ['an unknown context', ['--context', 'nowhere']],
    ['an overlay folder for another context', ['-f', join(dir, 'bad-overlay')]],
  ])('exits 2 on %s', async (_, args) => {
    mkdirSync(join(dir, 'bad-overlay', 'elsewhere'), { recursive: true });
    const run = await analyzeCli(['--kubeconfig', kubeconfig, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/segscope analyze: /);
  });

  it('exits 2 when no cluster can be read', async () => {
    const only = join(dir, 'only-gone');
    writeFileSync(only, fleet.kubeconfig());
    const run = await analyzeCli(['--kubeconfig', only, '--context', 'gone']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no cluster could be read/);
  });
});
