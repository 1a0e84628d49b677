'use client';

import { useQuery } from '@tanstack/react-query';

import { fleetSummaryOptions } from '../queries/fleet';
import { ClusterCard } from './cluster-card';

function Skeleton() {
  return (
    <div
      aria-busy="true"
      aria-label="Loading clusters"
      className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3"
    >
      {[0, 1, 2].map((i) => (
        <div key={i} className="h-40 animate-pulse rounded-lg border border-slate-200 bg-white" />
      ))}
    </div>
  );
}

export function FleetOverview() {
  const { data, error, isPending, dataUpdatedAt } = useQuery(fleetSummaryOptions());
  if (isPending) return <Skeleton />;
  if (error && !data) {
    return (
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6 text-red-800">
        <h2 className="font-semibold">The fleet cannot be read</h2>
        <p className="mt-1 text-sm">{error.message}</p>
      </div>
    );
  }
  const ready = data.clusters.filter((c) => c.state === 'ready').length;
  const down = data.clusters.length - ready;
  return (
    <section aria-labelledby="clusters-heading">
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="clusters-heading" className="text-xl font-semibold">
          Clusters
        </h2>
        <p className="text-sm text-slate-600">
          {data.clusters.length} in {data.kubeconfig.source.split('/').pop()} · {ready} connected
          {down > 0 && <span className="text-down"> · {down} not available (partial view)</span>}
          <span className="ml-2 text-slate-400">
            updated {new Date(dataUpdatedAt).toLocaleTimeString()}
          </span>
        </p>
      </div>
      {error && (
        <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          Refresh failed ({error.message}); showing the last known state.
        </p>
      )}
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {data.clusters.map((cluster) => (
          <li key={cluster.context}>
            <ClusterCard cluster={cluster} />
          </li>
        ))}
      </ul>
    </section>
  );
}
