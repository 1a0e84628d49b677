import type { Core } from 'cytoscape';
import { type FormEvent, type RefObject, useState } from 'react';

import type { LiveFleetResponse, ServiceRecord } from '@/lib/api/contract';

import { button, control } from '../ui/styles';

export interface GraphFilters {
  segment?: string;
  severity?: string;
  hostname?: string;
  viewer?: string;
}

/** Zoom, fit, search, filters, the contributors layer and exports of the overview graph. */
export function GraphToolbar({
  cyRef,
  fleet,
  services,
  filters,
  onFilters,
  onSearch,
  onExport,
  onWantServices,
}: {
  cyRef: RefObject<Core | null>;
  fleet: LiveFleetResponse;
  services: ServiceRecord[];
  filters: GraphFilters;
  onFilters: (patch: GraphFilters) => void;
  onSearch: (clusterId: string) => boolean;
  onExport: (format: 'png' | 'svg' | 'json') => void;
  onWantServices: () => void;
}) {
  const [query, setQuery] = useState('');
  const [notFound, setNotFound] = useState(false);
  const zoom = (factor: number) => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.zoom({
      level: cy.zoom() * factor,
      renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 },
    });
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    const q = query.trim().toLowerCase();
    const match =
      fleet.clusters.find((c) => c.id.toLowerCase() === q || c.displayName.toLowerCase() === q) ??
      fleet.clusters.find((c) => c.displayName.toLowerCase().includes(q));
    setNotFound(!match || !onSearch(match.id));
  };
  const hostnames = [...new Set(services.map((s) => s.hostname))].sort();
  const viewers = [
    ...new Set(services.filter((s) => s.hostname === filters.hostname).map((s) => s.viewer)),
  ].sort();
  return (
    <div role="toolbar" aria-label="Graph controls" className="flex flex-wrap items-center gap-2">
      <div className="flex gap-1">
        <button type="button" className={button} aria-label="Zoom in" onClick={() => zoom(1.25)}>
          +
        </button>
        <button type="button" className={button} aria-label="Zoom out" onClick={() => zoom(0.8)}>
          −
        </button>
        <button type="button" className={button} onClick={() => cyRef.current?.fit(undefined, 30)}>
          Fit
        </button>
      </div>
      <form onSubmit={search} className="flex items-center gap-1" role="search">
        <label htmlFor="graph-search" className="sr-only">
          Find a cluster
        </label>
        <input
          id="graph-search"
          list="graph-clusters"
          className={`${control} w-40`}
          placeholder="Find a cluster"
          value={query}
          aria-invalid={notFound}
          onChange={(e) => {
            setQuery(e.target.value);
            setNotFound(false);
          }}
        />
        <datalist id="graph-clusters">
          {fleet.clusters.map((c) => (
            <option key={c.id} value={c.displayName} />
          ))}
        </datalist>
        <button type="submit" className={button}>
          Find
        </button>
        {notFound && <span className="text-sev-error text-xs">No such cluster</span>}
      </form>
      <label className="flex items-center gap-1 text-sm">
        Segment
        <select
          className={control}
          value={filters.segment ?? ''}
          onChange={(e) => onFilters({ segment: e.target.value || undefined })}
        >
          <option value="">All</option>
          {[...new Set(fleet.clusters.map((c) => c.segment ?? 'default'))].sort().map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1 text-sm">
        Severity
        <select
          className={control}
          value={filters.severity ?? ''}
          onChange={(e) => onFilters({ severity: e.target.value || undefined })}
        >
          <option value="">All</option>
          <option value="error">Errors</option>
          <option value="warning">Warnings and worse</option>
          <option value="info">Any finding</option>
        </select>
      </label>
      <label className="flex items-center gap-1 text-sm">
        Service
        <select
          className={`${control} max-w-56`}
          value={filters.hostname ?? ''}
          onFocus={onWantServices}
          onPointerDown={onWantServices}
          onChange={(e) => onFilters({ hostname: e.target.value || undefined, viewer: undefined })}
        >
          <option value="">None</option>
          {hostnames.map((h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
        </select>
      </label>
      {filters.hostname && (
        <label className="flex items-center gap-1 text-sm">
          seen from
          <select
            className={control}
            value={filters.viewer ?? ''}
            onChange={(e) => onFilters({ viewer: e.target.value || undefined })}
          >
            <option value="">Pick a cluster</option>
            {viewers.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="ml-auto flex gap-1">
        <button type="button" className={button} onClick={() => onExport('png')}>
          PNG
        </button>
        <button type="button" className={button} onClick={() => onExport('svg')}>
          SVG
        </button>
        <button type="button" className={button} onClick={() => onExport('json')}>
          JSON
        </button>
      </div>
    </div>
  );
}
