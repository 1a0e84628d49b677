import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FindingsResponseSchema } from '@/lib/api/contract';

import { Fleet } from '../sim/fleet';
import { fleetAnalysis } from './fleet-analysis';

const istioSystem = (segment: string) => ({
  source: 'test',
  object: {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: 'istio-system',
      labels: { 'topology.istio.io/network': 'east', 'admin.solo.io/segment': segment },
    },
  },
});

let fleet: Fleet;
let kubeconfig: string;

beforeAll(async () => {
  fleet = await Fleet.start({
    clusters: [{ name: 'east', manifests: [istioSystem('dev')] }, { name: 'west' }],
  });
  kubeconfig = join(mkdtempSync(join(tmpdir(), 'segscope-analysis-')), 'kubeconfig');
  writeFileSync(kubeconfig, fleet.kubeconfig());
});

afterAll(() => fleet.stop());

describe('fleetAnalysis against the simulator', () => {
  it('returns the findings of README §3 for the clusters it can read', async () => {
    const analysis = FindingsResponseSchema.parse(await fleetAnalysis({ KUBECONFIG: kubeconfig }));
    expect(analysis.clusters).toEqual([
      { context: 'east', reachable: true },
      { context: 'west', reachable: true },
    ]);
    expect(analysis.findings.map((f) => [f.code, f.clusters])).toContainEqual(['SEG203', ['east']]);
  });

  it('marks a cluster that is down as not analysed and still analyses the rest', async () => {
    await fleet.cluster('west').setFaults({ down: true });
    try {
      const analysis = await fleetAnalysis({
        KUBECONFIG: kubeconfig,
        SEGSCOPE_CLUSTER_TIMEOUT_MS: '1000',
      });
      expect(analysis.clusters.find((c) => c.context === 'west')).toMatchObject({
        reachable: false,
      });
      expect(analysis.clusters.find((c) => c.context === 'west')?.error).toMatch(/unreachable/);
      expect(analysis.findings.map((f) => f.code)).toContain('SEG203');
    } finally {
      await fleet.cluster('west').setFaults({ down: false });
    }
  });
});
