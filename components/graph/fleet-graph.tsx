'use client';

import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import cytoscapeSvg from 'cytoscape-svg';
import { type RefObject, useEffect, useRef, useState } from 'react';

import type { GraphElement } from '@/lib/graph/elements';

import { graphStyle, readPalette } from './graph-style';
import type { LayoutRequest, LayoutResult } from './layout-protocol';

let extensionsRegistered = false;
function registerExtensions() {
  if (extensionsRegistered) return;
  cytoscape.use(cytoscapeSvg);
  extensionsRegistered = true;
}

/** What decides the layout: nodes with their parents and edges. Classes and data do not. */
const structureOf = (elements: GraphElement[]) =>
  elements
    .map((e) =>
      e.group === 'nodes'
        ? `${e.data.id}<${e.data.parent ?? ''}`
        : `${e.data.source}>${e.data.target}`,
    )
    .join('\n');

const toDefinition = (e: GraphElement): ElementDefinition => ({
  group: e.group,
  data: { ...e.data },
  classes: e.classes,
});

/** Sets data and classes of existing elements without touching positions. */
function updateInPlace(cy: Core, elements: GraphElement[]) {
  cy.batch(() => {
    for (const e of elements) {
      const ele = cy.getElementById(e.data.id);
      if (ele.empty()) continue;
      ele.data({ ...e.data });
      ele.classes(e.classes);
    }
  });
}

/**
 * The overview graph on a cytoscape canvas. Layout runs in a web worker (fcose); positions of
 * nodes that did not change are kept across live updates, so an update moves only what changed.
 * `aria-busy` stays true on the region until the first layout of the current structure is applied.
 */
export function FleetGraph({
  elements,
  selectedId,
  onSelect,
  cyRef,
  label,
}: {
  elements: GraphElement[];
  selectedId?: string;
  onSelect: (id: string | undefined) => void;
  cyRef: RefObject<Core | null>;
  label: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const worker = useRef<Worker | null>(null);
  const structure = useRef<string | null>(null);
  const request = useRef(0);
  const fitted = useRef(false);
  const onSelectRef = useRef(onSelect);
  const [busy, setBusy] = useState(true);
  const [layoutError, setLayoutError] = useState<string>();

  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);

  useEffect(() => {
    registerExtensions();
    const cy = cytoscape({
      container: container.current,
      style: graphStyle(readPalette()),
      minZoom: 0.05,
      maxZoom: 3,
      boxSelectionEnabled: false,
      autoungrabify: false,
    });
    cy.on('tap', 'node, edge', (e) => onSelectRef.current(e.target.id() as string));
    cy.on('tap', (e) => {
      if (e.target === cy) onSelectRef.current(undefined);
    });
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    const restyle = () => cy.style(graphStyle(readPalette()));
    scheme.addEventListener('change', restyle);
    // The canvas follows its box (it may be 0×0 when cytoscape starts, or the panel may resize).
    const resize = new ResizeObserver(() => {
      cy.resize();
      if (!fitted.current && cy.elements().nonempty()) {
        cy.fit(undefined, 30);
        fitted.current = cy.width() > 0;
      }
    });
    if (container.current) resize.observe(container.current);
    cyRef.current = cy;
    worker.current = new Worker(new URL('./layout.worker.ts', import.meta.url));
    return () => {
      scheme.removeEventListener('change', restyle);
      resize.disconnect();
      worker.current?.terminate();
      worker.current = null;
      cyRef.current = null;
      structure.current = null;
      cy.destroy();
    };
  }, [cyRef]);

  useEffect(() => {
    const cy = cyRef.current;
    const w = worker.current;
    if (!cy || !w) return;
    const next = structureOf(elements);
    if (next === structure.current) {
      updateInPlace(cy, elements);
      return;
    }
    setBusy(true);
    const id = ++request.current;
    const parents = new Map(
      cy.nodes().map((n) => [n.id(), n.data('parent') as string | undefined]),
    );
    const fixed: LayoutRequest['fixed'] = {};
    for (const e of elements) {
      if (e.group !== 'nodes' || !parents.has(e.data.id)) continue;
      const node = cy.getElementById(e.data.id);
      if (parents.get(e.data.id) === e.data.parent && node.isChildless())
        fixed[e.data.id] = { ...node.position() };
    }
    w.onmessage = (event: MessageEvent<LayoutResult>) => {
      const result = event.data;
      if (result.id !== request.current) return;
      const first = cy.elements().empty();
      const wanted = new Set(elements.map((e) => e.data.id));
      cy.batch(() => {
        cy.elements()
          .filter((e) => !wanted.has(e.id()))
          .remove();
        // Parents first, so children can move into a new segment.
        for (const e of elements) {
          const existing = cy.getElementById(e.data.id);
          if (existing.empty()) {
            cy.add({ ...toDefinition(e), position: result.positions[e.data.id] });
          } else if (e.group === 'nodes' && existing.data('parent') !== e.data.parent) {
            existing.move({ parent: e.data.parent ?? null });
          }
        }
        updateInPlace(cy, elements);
        cy.nodes()
          .filter((n) => n.isChildless() && Boolean(result.positions[n.id()]))
          .positions((n) => result.positions[n.id()]!);
      });
      if (first || !fitted.current) {
        cy.resize();
        cy.fit(undefined, 30);
        fitted.current = cy.width() > 0;
      }
      structure.current = next;
      setLayoutError(result.error);
      setBusy(false);
    };
    w.postMessage({
      id,
      nodes: elements
        .filter((e) => e.group === 'nodes')
        .map((e) => ({ id: e.data.id, ...(e.data.parent ? { parent: e.data.parent } : {}) })),
      edges: elements.flatMap((e) =>
        e.group === 'edges'
          ? [{ id: e.data.id, source: e.data.source, target: e.data.target }]
          : [],
      ),
      fixed,
    } satisfies LayoutRequest);
  }, [elements, cyRef]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.$(':selected').unselect();
    if (selectedId) cy.getElementById(selectedId).select();
  }, [selectedId, cyRef, busy]);

  return (
    <div
      role="region"
      aria-label={label}
      aria-busy={busy}
      className="relative h-full min-h-[420px] w-full"
    >
      <div
        ref={container}
        data-testid="graph-canvas"
        className="h-full min-h-[420px] w-full"
        aria-hidden="true"
      />
      {busy && (
        <p className="pointer-events-none absolute inset-x-0 top-1/2 text-center text-sm text-slate-500">
          Laying out the graph…
        </p>
      )}
      {layoutError && (
        <p role="alert" className="absolute top-2 left-2 text-xs text-red-700">
          Layout failed: {layoutError}
        </p>
      )}
    </div>
  );
}
