import Link from 'next/link';

import type { ClusterDto } from '@/lib/api/contract';
import { isDown } from '@/lib/graph/elements';
import { cn } from '@/lib/ui/cn';

import { link, muted, panel } from '../ui/styles';
import { HealthBadge, HEALTH_LABEL } from './health-badge';

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
      <dt className={cn('text-xs', muted)}>{label}</dt>
      <dd
        className={cn('font-mono text-sm', wide ? 'whitespace-pre-line' : 'truncate')}
        title={value}
      >
        {value ?? '—'}
      </dd>
    </div>
  );
}

/** Why a cluster is not synced, in words, with what it still shows. */
export function healthText(c: ClusterDto): string {
  const since = c.lastSyncedAt ? ` since ${new Date(c.lastSyncedAt).toLocaleString()}` : '';
  switch (c.health) {
    case 'synced':
      return 'Synced and watching.';
    case 'connecting':
      return 'Connecting: first list and watch in progress.';
    case 'stale':
      return `Watch broken, reconnecting; data may be old${since}.`;
    case 'forbidden':
      return `Forbidden: may not list or watch ${c.forbiddenKinds?.join(', ') || 'some kinds'}${c.message ? ` (${c.message})` : ''}.`;
    default:
      return `${HEALTH_LABEL[c.health]}${c.message ? `: ${c.message}` : ''}. Last known objects kept${since}.`;
  }
}

export function ClusterCard({ cluster: c }: { cluster: ClusterDto }) {
  const down = isDown(c);
  const total = c.findings.error + c.findings.warning + c.findings.info;
  return (
    <article
      aria-label={`Cluster ${c.id}`}
      className={cn(panel, 'h-full p-4', down && 'border-red-300 dark:border-red-900')}
    >
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="truncate font-semibold">
            <Link className={link} href={`/clusters/${encodeURIComponent(c.id)}`}>
              {c.displayName}
            </Link>
          </h3>
          <p className={cn('truncate text-xs', muted)}>{c.server}</p>
        </div>
        <HealthBadge health={c.health} />
      </header>
      {c.health !== 'synced' && (
        <p role="status" className={cn('mt-2 text-sm', down ? 'text-down' : muted)}>
          {healthText(c)}
        </p>
      )}
      {c.segmentFallback && (
        <p className="text-sev-error mt-2 text-sm">
          Label {c.segmentLabel} names a Segment this cluster does not hold: silently in default
          (SEG203).
        </p>
      )}
      <dl className="mt-3 grid grid-cols-2 gap-3">
        <Field label="Segment" value={c.segment ?? 'default'} />
        <Field label="Domain" value={c.segmentDomain} />
        <Field label="Network" value={c.network} />
        <Field label="Trust domain" value={c.trustDomain} />
        <Field label="Segment API" value={c.segmentApis.join('\n') || 'not served'} wide />
        <Field
          label="Findings"
          value={
            total
              ? `${c.findings.error} errors, ${c.findings.warning} warnings, ${c.findings.info} infos`
              : 'none'
          }
          wide
        />
      </dl>
    </article>
  );
}
