import type { FindingDto } from '@/lib/api/contract';
import { cn } from '@/lib/ui/cn';

const TONE: Record<FindingDto['severity'], string> = {
  error: 'bg-red-50 text-down ring-red-600/30',
  warning: 'bg-amber-50 text-degraded ring-amber-600/30',
  info: 'bg-blue-50 text-blue-700 ring-blue-600/30',
};

const LABEL: Record<FindingDto['severity'], string> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
};

export function SeverityBadge({ severity }: { severity: FindingDto['severity'] }) {
  return (
    <span
      className={cn(
        'inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset',
        TONE[severity],
      )}
    >
      {LABEL[severity]}
    </span>
  );
}
