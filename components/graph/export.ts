import type { Core } from 'cytoscape';

import type { GraphElement } from '@/lib/graph/elements';

import { readPalette } from './graph-style';

export function download(name: string, data: Blob) {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

export function exportPng(cy: Core) {
  const blob = cy.png({ full: true, scale: 2, bg: readPalette().bg, output: 'blob' });
  download(`segscope-graph-${stamp()}.png`, blob);
}

export function exportSvg(cy: Core) {
  const svg = (cy as Core & { svg(o: object): string }).svg({
    full: true,
    scale: 1,
    bg: readPalette().bg,
  });
  download(`segscope-graph-${stamp()}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
}

/** The current view as data: the elements with their classes and positions, and the filters. */
export function exportJson(
  cy: Core,
  elements: GraphElement[],
  meta: { revision: number; view: Record<string, string | undefined> },
) {
  const body = {
    ...meta,
    exportedAt: new Date().toISOString(),
    elements: elements.map((e) => {
      const ele = cy.getElementById(e.data.id);
      return e.group === 'nodes' && ele.nonempty() && ele.isNode() && ele.isChildless()
        ? { ...e, position: ele.position() }
        : e;
    }),
  };
  download(
    `segscope-graph-${stamp()}.json`,
    new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }),
  );
}
