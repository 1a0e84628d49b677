import type { ClusterHealth } from '@/lib/api/contract';
import { cn } from '@/lib/ui/cn';

export const HEALTH_LABEL: Record<ClusterHealth, string> = {
  connecting: 'Connecting',
  synced: 'Synced',
  stale: 'Stale',
  unreachable: 'Unreachable',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  timeout: 'Timed out',
  error: 'Error',
};

const TONE: Record<ClusterHealth, string> = {
  connecting: 'text-slate-600 ring-slate-400/40 dark:text-slate-300',
  synced: 'text-ready ring-green-600/30',
  stale: 'text-degraded ring-amber-600/30',
  unreachable: 'text-down ring-red-600/30',
  unauthorized: 'text-down ring-red-600/30',
  forbidden: 'text-degraded ring-amber-600/30',
  timeout: 'text-degraded ring-amber-600/30',
  error: 'text-down ring-red-600/30',
};

export function HealthBadge({ health }: { health: ClusterHealth }) {
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        TONE[health],
      )}
    >
      <span aria-hidden className="size-1.5 rounded-full bg-current" />
      {HEALTH_LABEL[health]}
    </span>
  );
}
