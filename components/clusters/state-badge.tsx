import type { ClusterState } from '@/lib/api/contract';
import { cn } from '@/lib/ui/cn';

const LABELS: Record<ClusterState, string> = {
  ready: 'Connected',
  unreachable: 'Unreachable',
  timeout: 'Timed out',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  error: 'Error',
};

const TONE: Record<ClusterState, string> = {
  ready: 'bg-green-50 text-ready ring-green-600/30',
  unreachable: 'bg-red-50 text-down ring-red-600/30',
  timeout: 'bg-amber-50 text-degraded ring-amber-600/30',
  unauthorized: 'bg-red-50 text-down ring-red-600/30',
  forbidden: 'bg-amber-50 text-degraded ring-amber-600/30',
  error: 'bg-red-50 text-down ring-red-600/30',
};

export function StateBadge({ state }: { state: ClusterState }) {
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset',
        TONE[state],
      )}
    >
      <span aria-hidden className="size-1.5 rounded-full bg-current" />
      {LABELS[state]}
    </span>
  );
}
