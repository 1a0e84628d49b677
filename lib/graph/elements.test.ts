import { describe, expect, it } from 'vitest';

import type {
  ClusterDto,
  FindingDto,
  LiveFleetResponse,
  PeeringEdgeDto,
  SegmentDto,
  ServiceRecord,
} from '../api/contract';
import { contributorsOf } from './contributors';
import { type GraphEdge, type GraphElement, type GraphNode, toGraphElements } from './elements';

const none = { error: 0, warning: 0, info: 0, suppressed: 0 };

const cluster = (id: string, extra: Partial<ClusterDto> = {}): ClusterDto => ({
  id,
  context: id,
  displayName: id,
  server: `https://127.0.0.1/${id}`,
  state: 'ready',
  health: 'synced',
  segmentApis: ['admin.istio.io/v1'],
  findings: none,
  ...extra,
});

const segment = (
  name: string,
  domain: string,
  members: string[],
  extra: Partial<SegmentDto> = {},
) =>
  ({
    name,
    domain,
    domains: [domain],
    implicit: name === 'default',
    members,
    holders: [],
    findings: none,
    ...extra,
  }) satisfies SegmentDto;

const edge = (from: string, to: string, extra: Partial<PeeringEdgeDto> = {}): PeeringEdgeDto => ({
  id: `${from}->${to}`,
  from,
  to,
  managed: true,
  state: 'connected',
  gateway: { cluster: from, kind: 'Gateway', namespace: 'istio-gateways', name: `peer-${to}` },
  findings: none,
  ...extra,
});

const fleet = (parts: Partial<LiveFleetResponse>): LiveFleetResponse => ({
  generatedAt: '2026-11-30T10:00:00Z',
  kubeconfig: { source: 'test', contexts: parts.clusters?.length ?? 0 },
  revision: 1,
  clusters: [],
  segments: [],
  edges: [],
  counts: none,
  ready: true,
  ...parts,
});

const finding = (code: string, clusters: string[], objects: FindingDto['objects']): FindingDto => ({
  code,
  severity: 'error',
  title: code,
  message: code,
  clusters,
  objects,
  fix: 'fix it',
});

const nodes = (els: GraphElement[]) => els.filter((e): e is GraphNode => e.group === 'nodes');
const edges = (els: GraphElement[]) => els.filter((e): e is GraphEdge => e.group === 'edges');
const node = (els: GraphElement[], id: string) => {
  const found = nodes(els).find((n) => n.data.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
};

/** The transitive situation: A ↔ hub ↔ C, A and C in segment team, not peered. */
const transitive = fleet({
  clusters: [
    cluster('team-a', { segment: 'team', segmentDomain: 'team.mesh' }),
    cluster('hub', {
      segment: 'platform',
      segmentDomain: 'platform.mesh',
      findings: { ...none, error: 2, warning: 1 },
    }),
    cluster('team-c', { segment: 'team', segmentDomain: 'team.mesh' }),
    cluster('prod-west', { segmentLabel: 'prod', segmentFallback: true }),
  ],
  segments: [
    segment('team', 'team.mesh', ['team-a', 'team-c'], { findings: { ...none, warning: 1 } }),
    segment('platform', 'platform.mesh', ['hub']),
    segment('default', 'mesh.internal', ['prod-west']),
    segment('unused', 'unused.mesh', []),
  ],
  edges: [
    edge('hub', 'team-a'),
    edge('team-a', 'hub', { state: 'rejected', rejection: 'domain-mismatch' }),
    edge('hub', 'team-c', { findings: { ...none, error: 1 } }),
    edge('team-c', 'hub'),
    edge('prod-west', 'far-away', { managed: false, state: 'unknown' }),
  ],
});

const svc413 = finding(
  'SVC413',
  ['hub', 'team-a', 'team-c'],
  [
    { cluster: 'hub', kind: 'Gateway', namespace: 'istio-gateways', name: 'peer-team-a' },
    { cluster: 'team-a', kind: 'Service', namespace: 'inventory', name: 'stock' },
  ],
);

describe('toGraphElements', () => {
  it('puts clusters in the segment they resolve to, labelled with name and domain', () => {
    const els = toGraphElements(transitive, []);
    expect(
      nodes(els)
        .filter((n) => n.data.kind === 'segment')
        .map((n) => n.data.label),
    ).toEqual(['default · mesh.internal', 'platform · platform.mesh', 'team · team.mesh']);
    expect(node(els, 'cluster:team-a').data.parent).toBe('segment:team');
    expect(node(els, 'cluster:hub').data.parent).toBe('segment:platform');
    expect(node(els, 'segment:default').classes).toContain('implicit');
  });

  it('puts a cluster whose label names a missing segment in default with a fallback badge', () => {
    const pw = node(toGraphElements(transitive, []), 'cluster:prod-west');
    expect(pw.data.parent).toBe('segment:default');
    expect(pw.classes).toContain('fallback');
    expect(node(toGraphElements(transitive, []), 'cluster:hub').classes).not.toContain('fallback');
  });

  it('draws a peer Segscope cannot reach as an unmanaged node outside every segment', () => {
    const els = toGraphElements(transitive, []);
    const peer = node(els, 'peer:far-away');
    expect(peer.data.parent).toBeUndefined();
    expect(peer.classes).toEqual(['peer', 'unmanaged']);
    const e = edges(els).find((x) => x.data.target === 'peer:far-away');
    expect(e?.classes).toEqual(expect.arrayContaining(['one-way', 'state-unknown', 'unmanaged']));
  });

  it('folds a two-way peering into one edge with both directions and their states', () => {
    const els = toGraphElements(transitive, []);
    const hubA = edges(els).filter(
      (e) =>
        [e.data.source, e.data.target].includes('cluster:hub') &&
        [e.data.source, e.data.target].includes('cluster:team-a'),
    );
    expect(hubA).toHaveLength(1);
    expect(hubA[0]!.data).toMatchObject({
      source: 'cluster:hub',
      target: 'cluster:team-a',
      forward: 'connected',
      backward: 'rejected',
      peerings: ['hub->team-a', 'team-a->hub'],
    });
    // The line shows the worse direction; each arrowhead its own.
    expect(hubA[0]!.classes).toEqual(
      expect.arrayContaining([
        'two-way',
        'state-rejected',
        'forward-connected',
        'backward-rejected',
      ]),
    );
    expect(edges(els)).toHaveLength(3);
  });

  it('colours nodes and edges by their worst severity with a count', () => {
    const els = toGraphElements(transitive, []);
    const hub = node(els, 'cluster:hub');
    expect(hub.data).toMatchObject({ count: 3, severity: 'error' });
    expect(hub.classes).toContain('sev-error');
    expect(node(els, 'segment:team').classes).toContain('sev-warning');
    const clean = node(els, 'cluster:team-a');
    expect(clean.data.count).toBe(0);
    expect(clean.classes.filter((c) => c.startsWith('sev-'))).toEqual([]);
    const hubC = edges(els).find((e) => e.data.peerings.includes('hub->team-c'));
    expect(hubC?.data).toMatchObject({ count: 1, severity: 'error' });
  });

  it('marks the middle cluster of a transitive conflict', () => {
    const els = toGraphElements(transitive, [svc413]);
    expect(node(els, 'cluster:hub').classes).toContain('transitive-middle');
    expect(node(els, 'cluster:team-a').classes).not.toContain('transitive-middle');
    const suppressed = toGraphElements(transitive, [{ ...svc413, suppressed: true }]);
    expect(node(suppressed, 'cluster:hub').classes).not.toContain('transitive-middle');
  });

  it('marks a cluster that is down, and no other', () => {
    const down = fleet({
      ...transitive,
      clusters: transitive.clusters.map((c) =>
        c.id === 'team-c' ? { ...c, health: 'unreachable' as const } : c,
      ),
    });
    const els = toGraphElements(down, []);
    expect(node(els, 'cluster:team-c').classes).toEqual(
      expect.arrayContaining(['down', 'health-unreachable']),
    );
    expect(nodes(els).filter((n) => n.classes.includes('down'))).toHaveLength(1);
  });

  it('highlights the clusters and edges of a selected finding and fades the rest', () => {
    const els = toGraphElements(transitive, [svc413], { selectedFinding: svc413 });
    const highlighted = nodes(els).filter((n) => n.classes.includes('highlighted'));
    expect(highlighted.map((n) => n.data.ref).sort()).toEqual(['hub', 'team-a', 'team-c']);
    expect(node(els, 'cluster:prod-west').classes).toContain('faded');
    const hl = edges(els).filter((e) => e.classes.includes('highlighted'));
    expect(hl.map((e) => e.data.id).sort()).toEqual([
      'edge:cluster:hub|cluster:team-a',
      'edge:cluster:hub|cluster:team-c',
    ]);
  });

  it('shows which clusters contribute to a hostname in a viewing cluster', () => {
    const services: ServiceRecord[] = [
      {
        viewer: 'hub',
        hostname: 'stock.inventory.team.mesh',
        namespace: 'inventory',
        name: 'stock',
        segment: 'team',
        domain: 'team.mesh',
        contributors: ['team-c', 'team-a'],
        ports: [],
      },
    ];
    expect(contributorsOf(services, 'stock.inventory.team.mesh', 'team-a')).toBeUndefined();
    const layer = contributorsOf(services, 'stock.inventory.team.mesh', 'hub');
    expect(layer).toEqual({ viewer: 'hub', contributors: ['team-a', 'team-c'] });
    const els = toGraphElements(transitive, [], { contributors: layer! });
    expect(node(els, 'cluster:hub').classes).toContain('viewer');
    expect(
      nodes(els)
        .filter((n) => n.classes.includes('contributor'))
        .map((n) => n.data.ref),
    ).toEqual(['team-a', 'team-c']);
    expect(edges(els).filter((e) => e.classes.includes('contributing'))).toHaveLength(2);
  });

  it('filters by segment and severity without removing elements (positions stay)', () => {
    const all = toGraphElements(transitive, []);
    const filtered = toGraphElements(transitive, [], { segments: ['team'], severity: 'error' });
    expect(filtered.map((e) => e.data.id)).toEqual(all.map((e) => e.data.id));
    const out = (id: string) => node(filtered, id).classes.includes('filtered-out');
    expect(out('segment:team')).toBe(false);
    expect(out('segment:platform')).toBe(true);
    expect(out('cluster:hub')).toBe(true); // shown severity-wise, but its segment is filtered out
    expect(out('cluster:team-a')).toBe(true); // in team, but no error
  });

  it('is deterministic whatever the order of the input', () => {
    const shuffled = fleet({
      ...transitive,
      clusters: [...transitive.clusters].reverse(),
      edges: [...transitive.edges].reverse(),
      segments: [...transitive.segments].reverse(),
    });
    expect(toGraphElements(shuffled, [svc413])).toEqual(toGraphElements(transitive, [svc413]));
  });
});
