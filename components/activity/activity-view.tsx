'use client';

import type { ActivityRecord } from '@/lib/api/activity';
import { cn } from '@/lib/ui/cn';

import { useActivity } from '../queries/activity';
import { ErrorNote, Skeleton } from '../ui/skeleton';
import { muted, panel } from '../ui/styles';

/** `/activity`: every applied plan, newest first: who, when, what, where, and how it ended. */
export function ActivityView() {
  const { data, error, isPending } = useActivity();
  if (isPending) return <Skeleton label="Loading activity" className="h-96" />;
  if (!data) return <ErrorNote title="The activity cannot be read" error={error!} />;
  return (
    <div className="grid gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Activity</h1>
        <p className={cn('text-sm', muted)}>
          Every plan applied through Segscope. Each is also an Event (reason
          <code> SegscopePlanApplied</code>) in <code>istio-system</code> of every cluster it
          touched, and a line in the server log.
        </p>
      </div>
      {data.history.unreadable.length > 0 && (
        <p role="note" className="text-sm text-amber-800 dark:text-amber-200">
          Earlier plans recorded in {data.history.unreadable.join(', ')} could not be read back: the
          list may miss some.
        </p>
      )}
      {data.records.length === 0 ? (
        <div className={cn(panel, 'p-8 text-sm')}>
          <h2 className="text-lg font-semibold">No plan applied yet</h2>
          <p className={muted}>
            Plans applied since the server started, and those whose Events the clusters still keep
            (Kubernetes keeps Events for an hour by default), are listed here.
          </p>
        </div>
      ) : (
        <ol aria-label="Applied plans" className="grid gap-3">
          {data.records.map((r) => (
            <ActivityItem key={`${r.planId}@${r.at}`} record={r} />
          ))}
        </ol>
      )}
    </div>
  );
}

function ActivityItem({ record: r }: { record: ActivityRecord }) {
  return (
    <li className={cn(panel, 'grid gap-2 p-4 text-sm')} aria-label={`Plan ${r.planId}`}>
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span
          className={cn(
            'rounded-full px-2 py-0.5 text-xs font-medium',
            r.ok
              ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200'
              : 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
          )}
        >
          {r.ok ? 'Applied' : 'Failed'}
        </span>
        <span className="font-medium">{r.summary}</span>
        <span className={muted}>
          by {r.user}, <time dateTime={r.at}>{new Date(r.at).toLocaleString()}</time>
        </span>
      </div>
      <p>{r.outcome}</p>
      <p className={muted}>Clusters: {r.clusters.join(', ')}</p>
      <details>
        <summary className="cursor-pointer">Steps ({r.steps.length})</summary>
        <ol className="mt-2 grid gap-1 font-mono text-xs">
          {r.steps.map((s) => (
            <li key={`${s.cluster}-${s.step}`}>
              {s.step + 1}. {s.cluster}: {s.status}: {s.message}
            </li>
          ))}
          {r.rollback.map((s) => (
            <li key={`rb-${s.cluster}-${s.step}`}>
              rollback of {s.step + 1} on {s.cluster}: {s.ok ? 'done' : 'FAILED'}: {s.message}
            </li>
          ))}
        </ol>
      </details>
    </li>
  );
}
