// fcose against ELK on the overview graph's shape (issue 12: "measure both at 200 and 1,000
// nodes"): clusters in compound segment nodes of ten, fully meshed inside a segment and linked to
// the neighbouring segments, laid out headless in Node as the page's web worker lays them out.
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import ELK from 'elkjs/lib/elk.bundled.js';

import { figureOf, type Reporter } from './report';

cytoscape.use(fcose);

interface Graph {
  nodes: { id: string; parent?: string }[];
  edges: { id: string; source: string; target: string }[];
}

function fleetGraph(clusters: number): Graph {
  const nodes: Graph['nodes'] = [];
  const edges: Graph['edges'] = [];
  const segments = Math.ceil(clusters / 10);
  for (let s = 0; s < segments; s++) nodes.push({ id: `segment-${s}` });
  for (let i = 0; i < clusters; i++)
    nodes.push({ id: `c${i}`, parent: `segment-${Math.floor(i / 10)}` });
  for (let i = 0; i < clusters; i++) {
    const s = Math.floor(i / 10);
    for (let j = i + 1; j < Math.min(clusters, (s + 1) * 10); j++)
      edges.push({ id: `c${i}-c${j}`, source: `c${i}`, target: `c${j}` });
    if (i % 10 === 0 && i + 10 < clusters)
      edges.push({ id: `c${i}-c${i + 10}`, source: `c${i}`, target: `c${i + 10}` });
  }
  return { nodes, edges };
}

function fcoseMs(graph: Graph): number {
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    elements: [
      ...graph.nodes.map((n) => ({ group: 'nodes' as const, data: n })),
      ...graph.edges.map((e) => ({ group: 'edges' as const, data: e })),
    ],
    style: [
      { selector: 'node', style: { width: 48, height: 48 } },
      { selector: ':parent', style: { padding: '40px' } },
    ],
  });
  const started = performance.now();
  cy.layout({
    name: 'fcose',
    animate: false,
    quality: graph.nodes.length > 400 ? 'draft' : 'default',
    packComponents: true,
  } as cytoscape.LayoutOptions).run();
  const ms = performance.now() - started;
  cy.destroy();
  return ms;
}

async function elkMs(graph: Graph): Promise<number> {
  const elk = new ELK();
  const children = graph.nodes
    .filter((n) => !n.parent)
    .map((s) => ({
      id: s.id,
      children: graph.nodes
        .filter((n) => n.parent === s.id)
        .map((n) => ({ id: n.id, width: 48, height: 48 })),
    }));
  const started = performance.now();
  await elk.layout({
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.hierarchyHandling': 'INCLUDE_CHILDREN' },
    children,
    edges: graph.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  return performance.now() - started;
}

/** `ui.layout-fcose` and `ui.layout-elk`: one layout of 200 and of 1,000 clusters, median of 3. */
export async function layoutBench(report: Reporter): Promise<void> {
  for (const clusters of [200, 1000]) {
    const graph = fleetGraph(clusters);
    const note = `${graph.nodes.length} nodes (${clusters} clusters in segments of 10), ${graph.edges.length} edges, headless`;
    const f: number[] = [];
    const e: number[] = [];
    for (let i = 0; i < 3; i++) {
      f.push(fcoseMs(graph));
      e.push(await elkMs(graph));
    }
    report.add(figureOf('ui.layout-fcose', String(clusters), 'ms', f, { note }));
    report.add(figureOf('ui.layout-elk', String(clusters), 'ms', e, { note }));
  }
}
