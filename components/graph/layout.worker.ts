// The fcose layout of the overview graph, off the main thread: a headless cytoscape in this
// worker computes positions; the page only applies them, so it never freezes at 200 clusters.
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';

import { type LayoutRequest, type LayoutResult, NODE_SIZE } from './layout-protocol';

cytoscape.use(fcose);

function layout(req: LayoutRequest): LayoutResult['positions'] {
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    elements: [
      ...req.nodes.map((n) => ({ group: 'nodes' as const, data: n })),
      ...req.edges.map((e) => ({ group: 'edges' as const, data: e })),
    ],
    style: [
      { selector: 'node', style: { width: NODE_SIZE, height: NODE_SIZE } },
      // Room for the segment's label above and the clusters' labels below.
      { selector: ':parent', style: { padding: '40px' } },
    ],
  });
  const fixed = Object.entries(req.fixed).filter(([id]) => cy.getElementById(id).isChildless());
  for (const [id, position] of fixed) cy.getElementById(id).position(position);
  // A new node starts beside a kept sibling, so the layout only has to nudge it into place.
  let offset = 0;
  for (const node of req.nodes) {
    if (req.fixed[node.id] || !node.parent) continue;
    const sibling = cy
      .getElementById(node.parent)
      .children()
      .filter((c) => Boolean(req.fixed[c.id()]))
      .first() as cytoscape.NodeSingular;
    if (sibling.nonempty()) {
      offset += 1;
      const p = sibling.position();
      cy.getElementById(node.id).position({ x: p.x + 70 * offset, y: p.y + 70 });
    }
  }
  const incremental = fixed.length > 0;
  cy.layout({
    name: 'fcose',
    animate: false,
    randomize: !incremental,
    quality: req.nodes.length > 400 ? 'draft' : 'default',
    nodeDimensionsIncludeLabels: false,
    packComponents: true,
    nodeRepulsion: () => 12_000,
    idealEdgeLength: () => 140,
    nestingFactor: 0.4,
    tilingPaddingVertical: 60,
    tilingPaddingHorizontal: 60,
    ...(incremental
      ? { fixedNodeConstraint: fixed.map(([nodeId, position]) => ({ nodeId, position })) }
      : {}),
  } as cytoscape.LayoutOptions).run();
  const positions: LayoutResult['positions'] = {};
  cy.nodes()
    .filter((n) => n.isChildless())
    .forEach((n) => {
      const { x, y } = n.position();
      positions[n.id()] = { x, y };
    });
  cy.destroy();
  return positions;
}

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const started = performance.now();
  const req = event.data;
  let result: LayoutResult;
  try {
    result = { id: req.id, positions: layout(req), ms: performance.now() - started };
  } catch (error) {
    result = { id: req.id, positions: {}, ms: 0, error: String(error) };
  }
  self.postMessage(result);
};
