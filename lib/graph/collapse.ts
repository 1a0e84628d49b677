import type { EdgeState, GraphEdge, GraphElement, GraphNode } from './elements';

/** Beyond this many elements the overview starts with its segments collapsed. */
export const COLLAPSE_THRESHOLD = 300;

const STATE_ORDER: EdgeState[] = ['invalid', 'rejected', 'not-connected', 'unknown', 'connected'];
const SEVERITY_ORDER = ['error', 'warning', 'info'] as const;

/** Clusters that must stay visible in a collapsed segment: findings, or part of a selection. */
const keepsVisible = (n: GraphNode) =>
  n.data.count > 0 ||
  ['highlighted', 'viewer', 'contributor', 'down', 'fallback'].some((c) => n.classes.includes(c));

const worseState = (a: EdgeState, b: EdgeState) =>
  STATE_ORDER.indexOf(a) <= STATE_ORDER.indexOf(b) ? a : b;

/** Merges an edge into one already drawn between the same two nodes. */
function mergeInto(into: GraphEdge, e: GraphEdge) {
  into.data.peerings.push(...e.data.peerings);
  into.data.count += e.data.count;
  const worst = worseState(into.data.forward, e.data.forward);
  into.data.forward = worst;
  const sev = SEVERITY_ORDER.find((s) => s === into.data.severity || s === e.data.severity);
  if (sev) into.data.severity = sev;
  into.classes = [
    'peering',
    'aggregate',
    'one-way',
    `state-${worst}`,
    `forward-${worst}`,
    ...(sev ? [`sev-${sev}`] : []),
    ...into.classes.filter((c) => ['highlighted', 'faded', 'contributing'].includes(c)),
  ];
  delete into.data.backward;
}

/**
 * Folds the clusters of the given segments into their segment node, keeping visible every cluster
 * with a finding, a health problem or a part in the current selection; edges to folded clusters
 * end at the segment, edges inside it disappear, parallel edges merge (worst state, summed
 * counts). The segment's label says how many clusters it hides.
 */
export function collapseSegments(
  elements: GraphElement[],
  collapsed: ReadonlySet<string>,
): GraphElement[] {
  if (collapsed.size === 0) return elements;
  const folded = new Map<string, string>();
  const hidden = new Map<string, number>();
  for (const e of elements) {
    if (e.group !== 'nodes' || e.data.kind !== 'cluster' || !e.data.parent) continue;
    const segment = e.data.parent.replace(/^segment:/, '');
    if (!collapsed.has(segment) || keepsVisible(e)) continue;
    folded.set(e.data.id, e.data.parent);
    hidden.set(e.data.parent, (hidden.get(e.data.parent) ?? 0) + 1);
  }
  const out: GraphElement[] = [];
  const edges = new Map<string, GraphEdge>();
  for (const e of elements) {
    if (e.group === 'nodes') {
      if (folded.has(e.data.id)) continue;
      const n = hidden.get(e.data.id);
      out.push(
        n
          ? {
              ...e,
              data: { ...e.data, label: `${e.data.label} (+${n} clusters)` },
              classes: [...e.classes, 'collapsed'],
            }
          : e,
      );
      continue;
    }
    const source = folded.get(e.data.source) ?? e.data.source;
    const target = folded.get(e.data.target) ?? e.data.target;
    if (source === target) continue;
    if (source === e.data.source && target === e.data.target) {
      out.push(e);
      continue;
    }
    const key = [source, target].sort().join('|');
    const copy: GraphEdge = {
      ...e,
      data: { ...e.data, id: `edge:${key}`, source, target, peerings: [...e.data.peerings] },
      classes: [...e.classes],
    };
    const existing = edges.get(key);
    if (existing) mergeInto(existing, copy);
    else {
      edges.set(key, copy);
      out.push(copy);
    }
  }
  return out;
}
