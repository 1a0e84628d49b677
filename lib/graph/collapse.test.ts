import { describe, expect, it } from 'vitest';

import type { ClusterDto, LiveFleetResponse, PeeringEdgeDto } from '../api/contract';
import { collapseSegments } from './collapse';
import { type GraphEdge, type GraphElement, toGraphElements } from './elements';

const none = { error: 0, warning: 0, info: 0, suppressed: 0 };
const cluster = (id: string, segment: string, extra: Partial<ClusterDto> = {}): ClusterDto => ({
  id,
  context: id,
  displayName: id,
  server: '',
  state: 'ready',
  health: 'synced',
  segmentApis: [],
  segment,
  findings: none,
  ...extra,
});
const edge = (from: string, to: string, extra: Partial<PeeringEdgeDto> = {}): PeeringEdgeDto => ({
  id: `${from}->${to}`,
  from,
  to,
  managed: true,
  state: 'connected',
  gateway: { cluster: from, kind: 'Gateway', name: `peer-${to}` },
  findings: none,
  ...extra,
});

/** Two segments of three; b2 has a finding; a1 ↔ a2 inside a, a1 → b1 and a2 → b1 across. */
const fleet: LiveFleetResponse = {
  generatedAt: '',
  kubeconfig: { source: '', contexts: 6 },
  revision: 1,
  ready: true,
  counts: none,
  segments: [],
  clusters: [
    cluster('a1', 'a'),
    cluster('a2', 'a'),
    cluster('a3', 'a'),
    cluster('b1', 'b'),
    cluster('b2', 'b', { findings: { ...none, warning: 1 } }),
    cluster('b3', 'b', { health: 'unreachable' }),
  ],
  edges: [
    edge('a1', 'a2'),
    edge('a2', 'a1'),
    edge('a1', 'b1'),
    edge('a2', 'b1', { state: 'rejected' }),
    edge('a3', 'b2'),
  ],
};

const ids = (els: GraphElement[]) => els.map((e) => e.data.id).sort();
const edges = (els: GraphElement[]) => els.filter((e): e is GraphEdge => e.group === 'edges');

describe('collapseSegments', () => {
  it('changes nothing when no segment is collapsed', () => {
    const els = toGraphElements(fleet, []);
    expect(collapseSegments(els, new Set())).toBe(els);
  });

  it('folds clean clusters into their segment and keeps those with findings or down', () => {
    const els = collapseSegments(toGraphElements(fleet, []), new Set(['a', 'b']));
    expect(ids(els.filter((e) => e.group === 'nodes'))).toEqual([
      'cluster:b2',
      'cluster:b3',
      'segment:a',
      'segment:b',
    ]);
    const a = els.find((e) => e.data.id === 'segment:a');
    expect(a?.classes).toContain('collapsed');
    expect(a?.group === 'nodes' && a.data.label).toBe('a (+3 clusters)');
  });

  it('re-ends edges at the segment, drops inner ones and merges parallels with the worst state', () => {
    const els = collapseSegments(toGraphElements(fleet, []), new Set(['a', 'b']));
    const e = edges(els);
    expect(e.map((x) => [x.data.source, x.data.target].sort().join(' '))).toEqual([
      'segment:a segment:b',
      'cluster:b2 segment:a',
    ]);
    const ab = e[0]!;
    expect(ab.data.peerings.sort()).toEqual(['a1->b1', 'a2->b1']);
    expect(ab.classes).toEqual(expect.arrayContaining(['aggregate', 'state-rejected']));
    // Every endpoint exists.
    const nodes = new Set(els.filter((x) => x.group === 'nodes').map((x) => x.data.id));
    for (const x of e) expect(nodes.has(x.data.source) && nodes.has(x.data.target)).toBe(true);
  });

  it('keeps a highlighted cluster visible in a collapsed segment', () => {
    const finding = {
      code: 'PEER305',
      severity: 'warning' as const,
      title: '',
      message: '',
      clusters: ['a3'],
      objects: [],
      fix: '',
    };
    const els = collapseSegments(
      toGraphElements(fleet, [finding], { selectedFinding: finding }),
      new Set(['a']),
    );
    expect(ids(els)).toContain('cluster:a3');
    expect(ids(els)).not.toContain('cluster:a1');
  });
});
