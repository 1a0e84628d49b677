import type { NodeSingular, StylesheetJson } from 'cytoscape';

/** The colours of globals.css, read from the DOM so the graph follows the theme and the tables. */
export interface GraphPalette {
  bg: string;
  text: string;
  muted: string;
  node: string;
  nodeBorder: string;
  segment: string;
  segmentBorder: string;
  edge: string;
  ok: string;
  accent: string;
  down: string;
  error: string;
  warning: string;
  info: string;
}

const VARS: Record<keyof GraphPalette, string> = {
  bg: '--graph-bg',
  text: '--graph-text',
  muted: '--graph-muted',
  node: '--graph-node',
  nodeBorder: '--graph-node-border',
  segment: '--graph-segment',
  segmentBorder: '--graph-segment-border',
  edge: '--graph-edge',
  ok: '--graph-edge-ok',
  accent: '--graph-accent',
  down: '--graph-down',
  error: '--color-severity-error',
  warning: '--color-severity-warning',
  info: '--color-severity-info',
};

export function readPalette(el: Element = document.documentElement): GraphPalette {
  const css = getComputedStyle(el);
  return Object.fromEntries(
    Object.entries(VARS).map(([k, v]) => [k, css.getPropertyValue(v).trim() || '#888']),
  ) as unknown as GraphPalette;
}

/** A count badge drawn as an SVG background image in the node's top-right corner. */
function badge(count: number, colour: string): string {
  const text = count > 99 ? '99+' : String(count);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="22" height="22">` +
    `<circle cx="11" cy="11" r="10" fill="${colour}" stroke="white" stroke-width="1.5"/>` +
    `<text x="11" y="15" font-family="sans-serif" font-size="${text.length > 2 ? 8 : 11}" ` +
    `font-weight="bold" text-anchor="middle" fill="white">${text}</text></svg>`;
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

const clusterLabel = (n: NodeSingular) => {
  const lines = [n.data('label') as string];
  if (n.hasClass('fallback')) lines.push('⚠ segment label ignored');
  if (n.hasClass('down')) lines.push('✕ not available');
  if (n.hasClass('transitive-middle')) lines.push('⇄ merges unpeered clusters');
  return lines.join('\n');
};

export function graphStyle(p: GraphPalette): StylesheetJson {
  const sev = (s: string) => (s === 'error' ? p.error : s === 'warning' ? p.warning : p.info);
  return [
    {
      selector: 'node',
      style: {
        color: p.text,
        'font-size': 11,
        'text-wrap': 'wrap',
        'text-max-width': '140px',
        'min-zoomed-font-size': 6,
      },
    },
    {
      selector: 'node.segment',
      style: {
        shape: 'round-rectangle',
        'background-color': p.segment,
        'background-opacity': 0.9,
        'border-color': p.segmentBorder,
        'border-width': 1.5,
        label: 'data(label)',
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        'font-size': 12,
        'font-weight': 'bold',
        'text-wrap': 'none',
        padding: '24px',
      },
    },
    { selector: 'node.segment.implicit', style: { 'border-style': 'dashed' } },
    {
      selector: 'node.cluster, node.peer',
      style: {
        shape: 'round-rectangle',
        width: 46,
        height: 46,
        'background-color': p.node,
        'border-color': p.nodeBorder,
        'border-width': 2,
        label: clusterLabel,
        'text-valign': 'bottom',
        'text-margin-y': 5,
        'background-image': (n: NodeSingular) =>
          (n.data('count') as number) > 0
            ? badge(n.data('count') as number, sev(n.data('severity') as string))
            : 'none',
        'background-width': '22px',
        'background-height': '22px',
        'background-position-x': '40px',
        'background-position-y': '-16px',
        'background-clip': 'none',
        'background-image-containment': 'over',
        'bounds-expansion': 12,
      },
    },
    { selector: 'node.peer', style: { shape: 'hexagon', 'border-style': 'dashed' } },
    { selector: 'node.sev-info', style: { 'border-color': p.info, 'border-width': 3 } },
    { selector: 'node.sev-warning', style: { 'border-color': p.warning, 'border-width': 3 } },
    { selector: 'node.sev-error', style: { 'border-color': p.error, 'border-width': 3 } },
    { selector: 'node.segment.sev-error', style: { 'border-width': 2 } },
    { selector: 'node.fallback', style: { 'border-style': 'dashed', shape: 'diamond' } },
    {
      selector: 'node.down',
      style: { 'background-color': p.down, 'border-style': 'dotted', opacity: 0.75 },
    },
    {
      selector: 'node.transitive-middle',
      style: {
        'border-style': 'double',
        'border-width': 7,
        'underlay-color': p.error,
        'underlay-opacity': 0.25,
        'underlay-padding': 8,
        'underlay-shape': 'ellipse',
      },
    },
    {
      selector: 'edge',
      style: {
        width: 2,
        'curve-style': 'bezier',
        'line-color': p.edge,
        'target-arrow-shape': 'triangle',
        'target-arrow-color': p.edge,
        'arrow-scale': 1.1,
      },
    },
    { selector: 'edge.two-way', style: { 'source-arrow-shape': 'triangle' } },
    { selector: 'edge.state-connected', style: { 'line-color': p.ok } },
    {
      selector: 'edge.state-not-connected',
      style: { 'line-color': p.warning, 'line-style': 'dashed' },
    },
    { selector: 'edge.state-rejected', style: { 'line-color': p.error, 'line-style': 'dashed' } },
    {
      selector: 'edge.state-invalid',
      style: { 'line-color': p.error, 'line-style': 'dotted', width: 3 },
    },
    { selector: 'edge.state-unknown', style: { 'line-style': 'dotted' } },
    { selector: 'edge.forward-connected', style: { 'target-arrow-color': p.ok } },
    { selector: 'edge.forward-not-connected', style: { 'target-arrow-color': p.warning } },
    {
      selector: 'edge.forward-rejected, edge.forward-invalid',
      style: { 'target-arrow-color': p.error },
    },
    { selector: 'edge.backward-connected', style: { 'source-arrow-color': p.ok } },
    { selector: 'edge.backward-not-connected', style: { 'source-arrow-color': p.warning } },
    {
      selector: 'edge.backward-rejected, edge.backward-invalid',
      style: { 'source-arrow-color': p.error },
    },
    {
      selector: 'edge.sev-error, edge.sev-warning',
      style: {
        width: 3,
        'underlay-color': p.error,
        'underlay-opacity': 0.15,
        'underlay-padding': 4,
      },
    },
    { selector: 'edge.sev-warning', style: { 'underlay-color': p.warning } },
    { selector: '.faded', style: { opacity: 0.18 } },
    {
      selector: 'node.highlighted',
      style: {
        'underlay-color': p.accent,
        'underlay-opacity': 0.35,
        'underlay-padding': 10,
        opacity: 1,
      },
    },
    { selector: 'edge.highlighted', style: { width: 5, opacity: 1 } },
    {
      selector: 'node.viewer',
      style: { 'border-color': p.accent, 'border-width': 6, 'border-style': 'solid' },
    },
    { selector: 'node.contributor', style: { 'background-color': p.accent } },
    { selector: 'edge.contributing', style: { 'line-color': p.accent, width: 5 } },
    { selector: '.filtered-out', style: { display: 'none' } },
    {
      selector: 'node.search-match',
      style: { 'underlay-color': p.accent, 'underlay-opacity': 0.5, 'underlay-padding': 12 },
    },
    {
      selector: ':selected',
      style: { 'overlay-color': p.accent, 'overlay-opacity': 0.2, 'overlay-padding': 6 },
    },
  ] as StylesheetJson;
}
