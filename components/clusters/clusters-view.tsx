'use client';

import { isDown } from '@/lib/graph/elements';

import { useLiveFleet } from '../queries/hooks';
import { ErrorNote, Skeleton } from '../ui/skeleton';
import { muted, panel } from '../ui/styles';
import { ClusterCard } from './cluster-card';

/** `/clusters`: one card per kubeconfig context, a cluster that is down marked. */
export function ClustersView() {
  const { data, error, isPending } = useLiveFleet();
  if (isPending)
    return (
      <div
        aria-busy="true"
        aria-label="Loading clusters"
        className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3"
      >
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} label="Loading cluster" className="h-52" />
        ))}
      </div>
    );
  if (!data) return <ErrorNote title="The fleet cannot be read" error={error!} />;
  const down = data.clusters.filter(isDown).length;
  return (
    <section aria-labelledby="clusters-heading" className="grid gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 id="clusters-heading" className="text-xl font-semibold">
          Clusters
        </h1>
        <p className={`text-sm ${muted}`}>
          {data.clusters.length} in {data.kubeconfig.source.split('/').pop()} ·{' '}
          {data.clusters.length - down} synced
          {down > 0 && <span className="text-down"> · {down} not available (partial view)</span>}
        </p>
      </div>
      {data.clusters.length === 0 ? (
        <p className={`${panel} p-6 text-sm ${muted}`}>
          No kubeconfig contexts. Set KUBECONFIG to a kubeconfig with your clusters (every context
          is a cluster), or run npm run demo.
        </p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {data.clusters.map((c) => (
            <li key={c.id}>
              <ClusterCard cluster={c} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
