import type { ClusterSummary } from '@/lib/api/contract';
import { cn } from '@/lib/ui/cn';

import { StateBadge } from './state-badge';

function Field({
  label,
  value,
  wide,
}: {
  label: string;
  value: string | undefined;
  wide?: boolean;
}) {
  return (
    <div className={cn('min-w-0', wide && 'col-span-2')}>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd
        className={cn('font-mono text-sm', wide ? 'whitespace-pre-line' : 'truncate')}
        title={value}
      >
        {value ?? '—'}
      </dd>
    </div>
  );
}

export function ClusterCard({ cluster }: { cluster: ClusterSummary }) {
  const ready = cluster.state === 'ready';
  return (
    <article
      aria-label={`Cluster ${cluster.context}`}
      className={cn(
        'h-full rounded-lg border bg-white p-4 shadow-sm',
        ready ? 'border-slate-200' : 'border-red-200 bg-red-50/40',
      )}
    >
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="truncate font-semibold">{cluster.context}</h3>
          <p className="truncate text-xs text-slate-500">{cluster.server}</p>
        </div>
        <StateBadge state={cluster.state} />
      </header>
      {ready ? (
        <dl className="mt-4 grid grid-cols-2 gap-3">
          <Field label="Network" value={cluster.network} />
          <Field
            label="Segment label"
            value={cluster.segmentLabel ?? (cluster.istioInstalled ? 'none (default)' : undefined)}
          />
          <Field label="Kubernetes" value={cluster.kubernetesVersion} />
          <Field label="Istio" value={cluster.istioInstalled ? 'installed' : 'not installed'} />
          <Field label="Segment API" value={cluster.segmentApis.join('\n') || 'not served'} wide />
        </dl>
      ) : (
        <p role="status" className="mt-4 text-sm text-red-800">
          <span className="font-mono break-words">
            {cluster.message ?? 'This cluster cannot be read.'}
          </span>
          <span className="mt-2 block text-slate-600">
            Its data is left out of the fleet view until it answers again.
          </span>
        </p>
      )}
    </article>
  );
}
