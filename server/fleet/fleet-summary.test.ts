import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { Fleet } from '../sim/fleet';
import type { Env } from '../config/kubeconfig';
import { AppError } from '../http/app-error';
import { fleetSummary } from './fleet-summary';

const dir = mkdtempSync(join(tmpdir(), 'segscope-fleet-'));
let fleet: Fleet;
let env: Env;

beforeAll(async () => {
  fleet = await Fleet.start({
    clusters: [
      { name: 'east' },
      { name: 'west', segmentApi: 'admin.solo.io/v1alpha1' },
      { name: 'plain', base: 'empty' },
    ],
  });
  writeFileSync(join(dir, 'kubeconfig'), fleet.kubeconfig());
  env = { KUBECONFIG: join(dir, 'kubeconfig'), SEGSCOPE_CLUSTER_TIMEOUT_MS: '500' };
});

afterEach(async () => {
  for (const c of fleet.clusters)
    await c.setFaults({ down: false, forbidden: false, latencyMs: 0 });
});

afterAll(() => fleet.stop());

const byName = async () =>
  Object.fromEntries((await fleetSummary(env)).clusters.map((c) => [c.context, c]));

describe('fleetSummary against the simulator', () => {
  it('reads every context: network, segment label and the Segment API each serves', async () => {
    await fleet
      .cluster('east')
      .api.patch(
        fleet.cluster('east').registry.find('', 'v1', 'namespaces')!,
        undefined,
        'istio-system',
        'application/merge-patch+json',
        JSON.stringify({ metadata: { labels: { 'admin.solo.io/segment': 'acme' } } }),
        { dryRun: false, fieldValidation: 'Strict' },
        undefined,
      );
    const clusters = await byName();
    expect(clusters.east).toMatchObject({
      state: 'ready',
      network: 'east',
      segmentLabel: 'acme',
      segmentApis: ['admin.istio.io/v1'],
      istioInstalled: true,
    });
    expect(clusters.west).toMatchObject({
      state: 'ready',
      network: 'west',
      segmentApis: ['admin.solo.io/v1alpha1'],
    });
    expect(clusters.west?.segmentLabel).toBeUndefined();
    expect(clusters.plain).toMatchObject({
      state: 'ready',
      segmentApis: [],
      istioInstalled: false,
    });
  });

  it('marks a cluster that is down, forbidden or slow, and still reads the others', async () => {
    await fleet.cluster('east').setFaults({ down: true });
    await fleet.cluster('west').setFaults({ forbidden: true });
    await fleet.cluster('plain').setFaults({ latencyMs: 2000 });
    const clusters = await byName();
    expect(clusters.east).toMatchObject({ state: 'unreachable' });
    expect(clusters.east?.message).toContain('ECONNREFUSED');
    expect(clusters.west).toMatchObject({ state: 'forbidden' });
    expect(clusters.west?.message).toContain('cannot get');
    expect(clusters.plain).toMatchObject({ state: 'timeout' });
  });

  it('reports a wrong token as unauthorized', async () => {
    const bad = join(dir, 'bad-token');
    writeFileSync(
      bad,
      fleet.kubeconfig().replace(fleet.cluster('west').users[0]!.token, 'not-the-token'),
    );
    const summary = await fleetSummary({ KUBECONFIG: bad });
    expect(summary.clusters.find((c) => c.context === 'west')).toMatchObject({
      state: 'unauthorized',
    });
    expect(summary.clusters.find((c) => c.context === 'east')).toMatchObject({ state: 'ready' });
  });
});

describe('bad kubeconfigs get clear errors', () => {
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return { KUBECONFIG: join(dir, name) };
  };

  it.each([
    ['missing file', { KUBECONFIG: join(dir, 'does-not-exist') }, /no kubeconfig found/],
    ['not YAML', write('broken', 'clusters: [\n  - {name: x'), /not valid YAML/],
    ['a list instead of a mapping', write('list', '- a\n- b\n'), /not valid YAML/],
    [
      'no contexts',
      write('empty', 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n'),
      /has no contexts/,
    ],
    [
      'context naming a missing cluster',
      write(
        'dangling',
        'apiVersion: v1\nkind: Config\nclusters: []\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: nowhere, user: u}}]\n',
      ),
      /names cluster "nowhere"/,
    ],
  ])('%s', async (_, badEnv, message) => {
    const error = await fleetSummary(badEnv).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('kubeconfig_invalid');
    expect((error as AppError).message).toMatch(message);
    expect((error as AppError).message).not.toContain('token: t');
  });
});
