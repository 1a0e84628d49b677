import type { FindingDto } from '@/lib/api/contract';
import { cn } from '@/lib/ui/cn';

const TONE: Record<FindingDto['severity'], string> = {
  error: 'text-sev-error ring-red-600/30',
  warning: 'text-sev-warning ring-amber-600/30',
  info: 'text-sev-info ring-blue-600/30',
};

export const SEVERITY_LABEL: Record<FindingDto['severity'], string> = {
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
      {SEVERITY_LABEL[severity]}
    </span>
  );
}
