'use client';

import type { Core } from 'cytoscape';
import dynamic from 'next/dynamic';
import { useCallback, useMemo, useRef, useState } from 'react';

import { COLLAPSE_THRESHOLD, collapseSegments } from '@/lib/graph/collapse';
import { contributorsOf } from '@/lib/graph/contributors';
import { type GraphEdge, type Severity, toGraphElements } from '@/lib/graph/elements';
import { findingKey } from '@/lib/graph/finding-key';

import { useFindings, useLiveFleet, useServices } from '../queries/hooks';
import { ErrorNote, Skeleton } from '../ui/skeleton';
import { button, muted } from '../ui/styles';
import { useSearchState } from '../ui/use-search-state';
import { exportJson, exportPng, exportSvg } from './export';
import { GraphLegend } from './graph-legend';
import { GraphSidePanel } from './graph-side-panel';
import { GraphTable } from './graph-table';
import { GraphToolbar } from './graph-toolbar';

// cytoscape touches `window` when it loads: the canvas is client-only.
const FleetGraph = dynamic(() => import('./fleet-graph').then((m) => m.FleetGraph), {
  ssr: false,
  loading: () => (
    <div
      role="region"
      aria-label="Peering graph"
      aria-busy="true"
      className="h-full min-h-[420px]"
    />
  ),
});

const KEYS = ['select', 'finding', 'segment', 'severity', 'hostname', 'viewer', 'expand'] as const;
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

/** The overview: the peering/segment graph with its controls, side panel, legend and table. */
export function Overview() {
  const fleet = useLiveFleet();
  const findings = useFindings();
  const [state, setState] = useSearchState(KEYS);
  // Every service record of a large fleet is big: fetched only once the service layer is wanted.
  const [servicesWanted, setServicesWanted] = useState(false);
  const services = useServices({}, servicesWanted || Boolean(state.hostname));
  const cyRef = useRef<Core | null>(null);

  const list = useMemo(() => findings.data?.findings ?? [], [findings.data]);
  const selectedFinding = useMemo(
    () => (state.finding ? list.find((f) => findingKey(f) === state.finding) : undefined),
    [list, state.finding],
  );
  const contributors = useMemo(
    () =>
      state.hostname && state.viewer
        ? contributorsOf(services.data?.services ?? [], state.hostname, state.viewer)
        : undefined,
    [services.data, state.hostname, state.viewer],
  );
  const severity = SEVERITIES.find((s) => s === state.severity);
  const full = useMemo(
    () =>
      fleet.data
        ? toGraphElements(fleet.data, list, {
            ...(selectedFinding ? { selectedFinding } : {}),
            ...(contributors ? { contributors } : {}),
            ...(state.segment ? { segments: [state.segment] } : {}),
            ...(severity ? { severity } : {}),
          })
        : [],
    [fleet.data, list, selectedFinding, contributors, state.segment, severity],
  );
  // Large fleets start with segments collapsed (clusters with findings stay visible); `?expand=`
  // lists the segments opened, or `all`.
  const large = full.length > COLLAPSE_THRESHOLD;
  const elements = useMemo(() => {
    if (!large || state.expand === 'all') return full;
    const open = new Set(state.expand?.split(',') ?? []);
    const segments = full.flatMap((e) =>
      e.group === 'nodes' && e.data.kind === 'segment' && !open.has(e.data.ref) ? [e.data.ref] : [],
    );
    return collapseSegments(full, new Set(segments));
  }, [full, large, state.expand]);

  const onSelect = useCallback(
    (id: string | undefined) => {
      const node = elements.find((e) => e.data.id === id);
      if (node?.group === 'nodes' && node.classes.includes('collapsed')) {
        const open = state.expand?.split(',').filter(Boolean) ?? [];
        setState({ select: id, expand: [...open, node.data.ref].join(',') });
      } else setState({ select: id });
    },
    [elements, setState, state.expand],
  );
  const onSearch = useCallback(
    (clusterId: string) => {
      const cy = cyRef.current;
      const node = cy?.getElementById(`cluster:${clusterId}`);
      if (!cy || !node || node.empty()) return false;
      cy.nodes().removeClass('search-match');
      node.addClass('search-match');
      cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
      setState({ select: node.id() });
      return true;
    },
    [setState],
  );

  if (fleet.isPending) return <Skeleton label="Loading the fleet" className="h-[560px]" />;
  if (!fleet.data) return <ErrorNote title="The fleet cannot be read" error={fleet.error!} />;
  if (fleet.data.clusters.length === 0) {
    return (
      <div className={`rounded-lg border border-dashed p-10 text-center ${muted}`}>
        <h1 className="text-lg font-semibold text-slate-900 dark:text-slate-100">
          No clusters yet
        </h1>
        <p className="mt-2">
          Segscope reads every context of the kubeconfig named by KUBECONFIG. Point it at a
          kubeconfig with your clusters, or run <code>npm run demo</code> for the simulated demo
          fleet.
        </p>
      </div>
    );
  }

  const selectedEdge = elements.find(
    (e): e is GraphEdge => e.group === 'edges' && e.data.id === state.select,
  );
  const { counts } = fleet.data;
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">Peering and segments</h1>
        {large && (
          <button
            type="button"
            className={button}
            onClick={() => setState({ expand: state.expand === 'all' ? undefined : 'all' })}
          >
            {state.expand === 'all' ? 'Collapse segments' : 'Expand all segments'}
          </button>
        )}
        <p className={`text-sm ${muted}`} aria-label="Findings by severity">
          <span className="text-sev-error">{counts.error} errors</span> ·{' '}
          <span className="text-sev-warning">{counts.warning} warnings</span> ·{' '}
          <span className="text-sev-info">{counts.info} infos</span> · {fleet.data.clusters.length}{' '}
          clusters
        </p>
      </div>
      <GraphToolbar
        cyRef={cyRef}
        fleet={fleet.data}
        services={services.data?.services ?? []}
        onWantServices={() => setServicesWanted(true)}
        filters={state}
        onFilters={setState}
        onSearch={onSearch}
        onExport={(format) => {
          const cy = cyRef.current;
          if (!cy) return;
          if (format === 'png') exportPng(cy);
          else if (format === 'svg') exportSvg(cy);
          else exportJson(cy, elements, { revision: fleet.data.revision, view: state });
        }}
      />
      <div className="grid gap-4 lg:h-[min(72vh,760px)] lg:grid-cols-[1fr_22rem]">
        <div className="h-[60vh] overflow-hidden rounded-lg border border-slate-200 bg-[var(--graph-bg)] lg:h-full dark:border-slate-800">
          <FleetGraph
            elements={elements}
            selectedId={state.select}
            onSelect={onSelect}
            cyRef={cyRef}
            label="Peering graph"
          />
        </div>
        <GraphSidePanel
          selectedId={state.select}
          peerings={selectedEdge?.data.peerings}
          fleet={fleet.data}
          findings={list}
          selectedFinding={selectedFinding}
          onSelectFinding={(finding) => setState({ finding, select: undefined })}
          onClose={() => setState({ select: undefined })}
        />
      </div>
      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <GraphTable fleet={fleet.data} elements={full} />
        <GraphLegend />
      </div>
    </div>
  );
}
