'use client';

import Link from 'next/link';

import { isDown } from '@/lib/graph/elements';

import { useLiveFleet } from '../queries/hooks';
import { HEALTH_LABEL } from '../clusters/health-badge';

/** On every page: the clusters Segscope cannot read right now; the rest keeps working. */
export function HealthBanner() {
  const { data } = useLiveFleet();
  const down = data?.clusters.filter(isDown) ?? [];
  if (down.length === 0) return null;
  return (
    <div
      role="alert"
      aria-label="Clusters not available"
      className="border-b border-amber-200 bg-amber-50 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
    >
      <p className="mx-auto max-w-7xl px-6 py-2">
        Partial view: {down.length} cluster{down.length > 1 ? 's' : ''} not available:{' '}
        {down.map((c, i) => (
          <span key={c.id}>
            {i > 0 && ', '}
            <Link href={`/clusters/${encodeURIComponent(c.id)}`} className="font-medium underline">
              {c.displayName}
            </Link>{' '}
            ({HEALTH_LABEL[c.health]}
            {c.lastSyncedAt ? `, last synced ${new Date(c.lastSyncedAt).toLocaleTimeString()}` : ''}
            )
          </span>
        ))}
        . Their last known objects are still analysed and marked stale.
      </p>
    </div>
  );
}
