import { describe, expect, it } from 'vitest';

import { analyseFleet, updateFleet } from '../engine/fleet-engine';
import type { FleetInput } from '../model/input';
import {
  aCluster,
  aFleet,
  fullMesh,
  globalLabel,
  replaceObject,
  namespace,
  service,
} from '../testing/builders';
import {
  ClusterDetailResponseSchema,
  FleetEventSchema,
  HostnameCalculationSchema,
  LiveFindingsResponseSchema,
  LiveFleetResponseSchema,
  ServicesResponseSchema,
} from './contract';
import {
  type ClusterStatus,
  clusterDetail,
  findingsResponse,
  fleetEvent,
  fleetResponse,
  hostnameCalculation,
  type LiveRevision,
  servicesResponse,
} from './fleet-view';

const CLUSTERS = ['east', 'west', 'lab'];

function fleet(labSegment = 'acme'): FleetInput {
  const mesh = fullMesh(CLUSTERS);
  return aFleet(
    ...CLUSTERS.map((c) =>
      aCluster(c, {
        peers: mesh[c],
        segmentLabel: c === 'lab' ? labSegment : 'acme',
        segments: [['acme', 'mesh.acme']],
        services: [service('payments', 'checkout', { ports: [{ port: 8080, name: 'http' }] })],
        namespaceLabels: { payments: globalLabel },
      }),
    ),
  );
}

const statuses = (health: Partial<Record<string, ClusterStatus['health']>> = {}): ClusterStatus[] =>
  CLUSTERS.map((c) => ({
    context: c,
    server: `https://${c}.example:6443`,
    displayName: c.toUpperCase(),
    health: health[c] ?? 'synced',
    ...(health[c] && health[c] !== 'synced' ? { message: `${c} is ${health[c]}` } : {}),
  }));

function revision(input: FleetInput, n = 1, health = {}): LiveRevision {
  return {
    revision: n,
    generatedAt: '2026-01-01T00:00:00.000Z',
    source: '/kubeconfig',
    ...analyseFleet(input),
    clusters: statuses(health),
    ready: true,
  };
}

describe('fleetResponse', () => {
  it('gives every cluster its health, segment and findings, and every segment its members', () => {
    const rev = revision(fleet('missing'));
    const dto = LiveFleetResponseSchema.parse(fleetResponse(rev));
    expect(dto.revision).toBe(1);
    const lab = dto.clusters.find((c) => c.id === 'lab')!;
    expect(lab).toMatchObject({
      displayName: 'LAB',
      health: 'synced',
      state: 'ready',
      segmentLabel: 'missing',
      segment: 'default',
      segmentFallback: true,
    });
    expect(lab.findings.error + lab.findings.warning).toBeGreaterThan(0);
    const acme = dto.segments.find((s) => s.name === 'acme')!;
    expect(acme.members).toEqual(['east', 'west']);
    expect(acme.holders.map((h) => h.cluster).sort()).toEqual(CLUSTERS.slice().sort());
    expect(acme.domains).toEqual(['mesh.acme']);
    expect(dto.edges).toHaveLength(6);
    expect(dto.counts.error + dto.counts.warning).toBe(
      rev.findings.filter((f) => !f.suppressed && f.severity !== 'info').length,
    );
  });

  it('maps health to the state of the summary and keeps the failure message', () => {
    const dto = fleetResponse(revision(fleet(), 1, { west: 'unreachable', lab: 'stale' }));
    expect(dto.clusters.find((c) => c.id === 'west')).toMatchObject({
      state: 'unreachable',
      message: 'west is unreachable',
    });
    expect(dto.clusters.find((c) => c.id === 'lab')?.state).toBe('error');
  });
});

describe('findingsResponse', () => {
  const rev = revision(fleet('missing'), 3, { west: 'unreachable' });

  it('lists the clusters not synced as left out and filters by code, severity and cluster', () => {
    const all = LiveFindingsResponseSchema.parse(findingsResponse(rev));
    expect(all.leftOut).toEqual([
      { context: 'west', health: 'unreachable', message: 'west is unreachable' },
    ]);
    expect(all.clusters.find((c) => c.context === 'west')?.reachable).toBe(false);
    expect(all.findings.length).toBeGreaterThan(0);
    const labStale = findingsResponse(revision(fleet('missing'), 4, { lab: 'stale' })).findings;
    for (const f of labStale)
      expect(f.unsynced).toEqual(f.clusters.includes('lab') ? ['lab'] : undefined);
    expect(labStale.some((f) => f.unsynced)).toBe(true);
    const seg203 = findingsResponse(rev, { code: ['SEG203'] }).findings;
    expect(seg203.length).toBeGreaterThan(0);
    expect(seg203.every((f) => f.code === 'SEG203')).toBe(true);
    expect(findingsResponse(rev, { cluster: ['nowhere'] }).findings).toEqual([]);
    const errors = findingsResponse(rev, { severity: ['error'] }).findings;
    expect(errors.every((f) => f.severity === 'error')).toBe(true);
    expect(
      findingsResponse(rev, { segment: ['acme'] }).findings.every((f) =>
        f.clusters.some((c) => c === 'east' || c === 'west'),
      ),
    ).toBe(true);
  });
});

describe('services and the hostname calculator', () => {
  const rev = revision(fleet('missing'));

  it('lists global services per viewer with ports, filtered by viewer and hostname', () => {
    const all = ServicesResponseSchema.parse(servicesResponse(rev));
    const east = servicesResponse(rev, { viewer: ['east'] }).services;
    expect(east.length).toBeGreaterThan(0);
    expect(east.every((s) => s.viewer === 'east')).toBe(true);
    const [first] = east;
    expect(first?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(servicesResponse(rev, { hostname: [first!.hostname] }).services.length).toBeLessThan(
      all.services.length + 1,
    );
  });

  it('names every hostname of one Service and why it is not visible elsewhere', () => {
    const calc = HostnameCalculationSchema.parse(
      hostnameCalculation(rev, 'east', 'payments', 'checkout'),
    );
    expect(calc.names[0]?.hostname).toBe('checkout.payments.svc.cluster.local');
    expect(calc.names.some((n) => n.hostname === 'checkout.payments.mesh.acme')).toBe(true);
    expect(calc.exported).toBe(true);
    expect(hostnameCalculation(rev, 'east', 'payments', 'nothing')).toBeUndefined();
  });

  it('details one cluster', () => {
    const detail = ClusterDetailResponseSchema.parse(clusterDetail(rev, 'lab'));
    expect(detail.peersOut.map((e) => e.to).sort()).toEqual(['east', 'west']);
    expect(detail.peersIn.map((e) => e.from).sort()).toEqual(['east', 'west']);
    expect(detail.objects.find((o) => o.kind === 'Service')?.count).toBe(1);
    expect(detail.findings.every((f) => f.clusters.includes('lab'))).toBe(true);
    expect(clusterDetail(rev, 'nowhere')).toBeUndefined();
  });
});

describe('fleetEvent', () => {
  it('names the findings added and removed, the views changed and the health changes', () => {
    const broken = fleet('missing');
    const before = revision(broken, 7);
    const fixedLab = replaceObject(
      broken.clusters[2]!,
      namespace('istio-system', {
        'topology.istio.io/network': 'lab',
        'admin.solo.io/segment': 'acme',
      }),
    );
    const input = { clusters: [broken.clusters[0]!, broken.clusters[1]!, fixedLab] };
    const after: LiveRevision = {
      ...before,
      revision: 8,
      ...updateFleet(before, input, new Set(['lab'])),
      clusters: statuses({ west: 'stale' }),
    };
    const event = FleetEventSchema.parse(fleetEvent(before, after, '2026-01-01T00:00:01.000Z'));
    expect(event.revision).toBe(8);
    expect(event.health).toEqual([{ context: 'west', health: 'stale' }]);
    expect(event.findings.removed.some((f) => f.code === 'SEG203')).toBe(true);
    expect(event.findings.added.some((f) => f.code === 'SEG203')).toBe(false);
    expect(event.viewsChanged).toContain('lab');
    // Nothing changed: an empty diff.
    const same = fleetEvent(after, { ...after, revision: 9 }, 'later');
    expect(same.findings).toEqual({ added: [], removed: [] });
    expect(same.viewsChanged).toEqual([]);
    expect(same.health).toEqual([]);
  });
});
