import type {
  ClusterDto,
  FindingDto,
  LiveFleetResponse,
  PeeringEdgeDto,
  SeverityCounts,
} from '../api/contract';

export type Severity = FindingDto['severity'];
export type EdgeState = PeeringEdgeDto['state'];

/** One cytoscape element as plain data: `data` plus space-separated-free `classes`. */
export interface GraphNode {
  group: 'nodes';
  data: {
    id: string;
    /** Compound parent (a segment node). */
    parent?: string;
    kind: 'segment' | 'cluster' | 'peer';
    /** The name shown: cluster display name, segment `name` + domain. */
    label: string;
    /** Cluster id, segment name or peer mesh ID, as used in URLs and the API. */
    ref: string;
    /** Unsuppressed findings on this node, for the count badge (0: no badge). */
    count: number;
    severity?: Severity;
  };
  classes: string[];
}

export interface GraphEdge {
  group: 'edges';
  data: {
    id: string;
    source: string;
    target: string;
    /** Directed peerings folded into this edge: source → target first, then the reverse. */
    peerings: string[];
    /** State of source → target, and of target → source when the peering is two-way. */
    forward: EdgeState;
    backward?: EdgeState;
    count: number;
    severity?: Severity;
  };
  classes: string[];
}

export type GraphElement = GraphNode | GraphEdge;

/** The overlays a user turns on: a selected finding, a service's contributors, filters. */
export interface GraphView {
  selectedFinding?: FindingDto;
  /** Which clusters resolve a global hostname in one viewing cluster and who backs it. */
  contributors?: { viewer: string; contributors: string[] };
  /** Show only these segments (undefined: all). */
  segments?: string[];
  /** Show only nodes and edges with a finding at or above this severity. */
  severity?: Severity;
}

export const DEFAULT_SEGMENT = 'default';
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
/** Worse first: the state a merged two-way edge shows on its line. */
const STATE_ORDER: EdgeState[] = ['invalid', 'rejected', 'not-connected', 'unknown', 'connected'];

export const segmentNodeId = (name: string) => `segment:${name}`;
export const clusterNodeId = (id: string) => `cluster:${id}`;
export const peerNodeId = (meshId: string) => `peer:${meshId}`;

export function worstSeverity(counts: SeverityCounts): Severity | undefined {
  return SEVERITIES.find((s) => counts[s] > 0);
}

const total = (c: SeverityCounts) => c.error + c.warning + c.info;
const atLeast = (s: Severity | undefined, min: Severity) =>
  s !== undefined && SEVERITIES.indexOf(s) <= SEVERITIES.indexOf(min);

/** A cluster is down when Segscope cannot currently read it (its last objects may still be shown). */
export function isDown(c: Pick<ClusterDto, 'health'>): boolean {
  return !['synced', 'connecting'].includes(c.health);
}

/**
 * The middle cluster of each transitive conflict (SVC413): the viewing cluster, which the
 * finding names first through its primary object (lib/analyze orders objects primary first).
 */
export function transitiveMiddles(findings: FindingDto[]): Set<string> {
  return new Set(
    findings
      .filter((f) => f.code === 'SVC413' && !f.suppressed)
      .map((f) => f.objects[0]?.cluster)
      .filter((c): c is string => c !== undefined),
  );
}

function clusterNode(c: ClusterDto, middles: Set<string>): GraphNode {
  const severity = worstSeverity(c.findings);
  const segment = c.segment ?? DEFAULT_SEGMENT;
  return {
    group: 'nodes',
    data: {
      id: clusterNodeId(c.id),
      parent: segmentNodeId(segment),
      kind: 'cluster',
      label: c.displayName,
      ref: c.id,
      count: total(c.findings),
      ...(severity ? { severity } : {}),
    },
    classes: [
      'cluster',
      `health-${c.health}`,
      ...(isDown(c) ? ['down'] : []),
      ...(c.segmentFallback ? ['fallback'] : []),
      ...(severity ? [`sev-${severity}`] : []),
      ...(middles.has(c.id) ? ['transitive-middle'] : []),
    ],
  };
}

function segmentNodes(fleet: LiveFleetResponse): GraphNode[] {
  const used = new Set(fleet.clusters.map((c) => c.segment ?? DEFAULT_SEGMENT));
  const known = new Map(fleet.segments.map((s) => [s.name, s]));
  return [...used].sort().map((name) => {
    const s = known.get(name);
    const severity = s ? worstSeverity(s.findings) : undefined;
    const domains = s ? s.domains : [];
    const domain = s?.domain ?? '';
    return {
      group: 'nodes',
      data: {
        id: segmentNodeId(name),
        kind: 'segment',
        label: domain ? `${name} · ${domain}` : name,
        ref: name,
        count: s ? total(s.findings) : 0,
        ...(severity ? { severity } : {}),
      },
      classes: [
        'segment',
        ...(name === DEFAULT_SEGMENT || s?.implicit ? ['implicit'] : []),
        ...(domains.length > 1 ? ['divergent'] : []),
        ...(severity ? [`sev-${severity}`] : []),
      ],
    };
  });
}

const sumCounts = (a: SeverityCounts, b?: SeverityCounts): SeverityCounts =>
  b
    ? {
        error: a.error + b.error,
        warning: a.warning + b.warning,
        info: a.info + b.info,
        suppressed: a.suppressed + b.suppressed,
      }
    : a;

/** Folds `a → b` and `b → a` into one edge with two arrowheads, keyed by the ordered pair. */
function peeringEdges(fleet: LiveFleetResponse, nodeOf: (id: string) => string): GraphEdge[] {
  const pairs = new Map<string, { there: PeeringEdgeDto; back?: PeeringEdgeDto }>();
  for (const e of [...fleet.edges].sort((x, y) => x.id.localeCompare(y.id))) {
    const [source, target] = [nodeOf(e.from), nodeOf(e.to)];
    if (source === target) continue;
    const reverse = pairs.get(`${target}|${source}`);
    if (reverse && !reverse.back) reverse.back = e;
    else if (!pairs.has(`${source}|${target}`)) pairs.set(`${source}|${target}`, { there: e });
  }
  return [...pairs.entries()].map(([key, { there, back }]) => {
    const [source, target] = key.split('|') as [string, string];
    const counts = sumCounts(there.findings, back?.findings);
    const severity = worstSeverity(counts);
    const worst = STATE_ORDER.find((s) => s === there.state || s === back?.state) ?? there.state;
    return {
      group: 'edges',
      data: {
        id: `edge:${key}`,
        source,
        target,
        peerings: [there.id, ...(back ? [back.id] : [])],
        forward: there.state,
        ...(back ? { backward: back.state } : {}),
        count: total(counts),
        ...(severity ? { severity } : {}),
      },
      classes: [
        'peering',
        back ? 'two-way' : 'one-way',
        `state-${worst}`,
        `forward-${there.state}`,
        ...(back ? [`backward-${back.state}`] : []),
        ...(there.managed && (back?.managed ?? true) ? [] : ['unmanaged']),
        ...(severity ? [`sev-${severity}`] : []),
      ],
    };
  });
}

/** Marks what a selected finding, a contributors layer and the filters ask for. */
function applyView(elements: GraphElement[], fleet: LiveFleetResponse, view: GraphView) {
  const byNode = new Map(elements.map((e) => [e.data.id, e]));
  const clusterOfNode = (id: string) => {
    const n = byNode.get(id);
    return n?.group === 'nodes' && n.data.kind !== 'segment' ? n.data.ref : undefined;
  };
  const finding = view.selectedFinding;
  const involved = new Set(finding?.clusters ?? []);
  const gateways = new Set(
    (finding?.objects ?? [])
      .filter((o) => o.kind === 'Gateway')
      .map((o) => `${o.cluster}/${o.namespace ?? ''}/${o.name}`),
  );
  const peeringGateway = new Map(
    fleet.edges.map((e) => [
      e.id,
      `${e.gateway.cluster}/${e.gateway.namespace ?? ''}/${e.gateway.name}`,
    ]),
  );
  const contributors = new Set(view.contributors?.contributors ?? []);
  const shownSegments = view.segments ? new Set(view.segments) : undefined;

  for (const el of elements) {
    const add = (c: string) => el.classes.push(c);
    if (el.group === 'nodes') {
      const ref = el.data.kind === 'segment' ? undefined : el.data.ref;
      if (finding) add(ref !== undefined && involved.has(ref) ? 'highlighted' : 'faded');
      if (view.contributors && ref !== undefined) {
        if (ref === view.contributors.viewer) add('viewer');
        if (contributors.has(ref)) add('contributor');
      }
      const segment = el.data.kind === 'segment' ? el.data.ref : el.data.parent?.slice(8);
      const segmentHidden =
        shownSegments !== undefined && segment !== undefined && !shownSegments.has(segment);
      const severityHidden =
        view.severity !== undefined &&
        el.data.kind !== 'segment' &&
        !atLeast(el.data.severity, view.severity);
      if (segmentHidden || severityHidden) add('filtered-out');
    } else {
      const [a, b] = [clusterOfNode(el.data.source), clusterOfNode(el.data.target)];
      if (finding) {
        const byGateway = el.data.peerings.some((p) => gateways.has(peeringGateway.get(p) ?? ''));
        const byEnds = a !== undefined && b !== undefined && involved.has(a) && involved.has(b);
        add(byGateway || byEnds ? 'highlighted' : 'faded');
      }
      if (view.contributors) {
        const viewer = view.contributors.viewer;
        if (
          (a === viewer && contributors.has(b ?? '')) ||
          (b === viewer && contributors.has(a ?? ''))
        )
          add('contributing');
      }
      if (view.severity !== undefined && !atLeast(el.data.severity, view.severity))
        add('filtered-out');
    }
  }
}

/**
 * The overview graph as data: segments as compound nodes (name and domain), clusters inside the
 * segment they resolve to (a SEG203 fallback sits in `default`, classed `fallback`), peers
 * Segscope cannot reach as `unmanaged` nodes, peerings as edges (a two-way peering is one edge
 * with both states), every node and edge classed by health, state and worst finding severity, the
 * middle cluster of each transitive conflict (SVC413) classed `transitive-middle`. Deterministic:
 * the same fleet gives the same elements in the same order, so the UI can diff by id.
 */
export function toGraphElements(
  fleet: LiveFleetResponse,
  findings: FindingDto[],
  view: GraphView = {},
): GraphElement[] {
  const middles = transitiveMiddles(findings);
  const clusterIds = new Set(fleet.clusters.map((c) => c.id));
  // Peers are named by context when managed; an edge may also name a managed cluster by mesh ID.
  const byMeshId = new Map(fleet.clusters.map((c) => [c.meshId ?? c.id, c.id]));
  const resolve = (id: string) =>
    clusterIds.has(id) ? id : byMeshId.has(id) ? (byMeshId.get(id) as string) : undefined;
  const nodeOf = (id: string) => {
    const cluster = resolve(id);
    return cluster !== undefined ? clusterNodeId(cluster) : peerNodeId(id);
  };
  const peers = [
    ...new Set(fleet.edges.flatMap((e) => [e.from, e.to]).filter((id) => !resolve(id))),
  ].sort();
  const elements: GraphElement[] = [
    ...segmentNodes(fleet),
    ...[...fleet.clusters]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((c) => clusterNode(c, middles)),
    ...peers.map((p): GraphNode => ({
      group: 'nodes',
      data: { id: peerNodeId(p), kind: 'peer', label: p, ref: p, count: 0 },
      classes: ['peer', 'unmanaged'],
    })),
    ...peeringEdges(fleet, nodeOf),
  ];
  applyView(elements, fleet, view);
  return elements;
}
