import Link from 'next/link';

import type { FindingDto } from '@/lib/api/contract';

import { FixLink } from '../plans/fix-link';
import { link, muted, panel } from '../ui/styles';
import { SeverityBadge } from './severity-badge';

export const objectText = (o: FindingDto['objects'][number]) =>
  `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} @${o.cluster}`;

/** One finding: code, message, clusters and objects involved, fix (and "Fix…"), related codes. */
export function FindingItem({
  finding,
  actions,
  fixable = true,
}: {
  finding: FindingDto;
  actions?: React.ReactNode;
  /** Offer "Fix…" when the finding's fix is mechanical (not inside the fix flow itself). */
  fixable?: boolean;
}) {
  return (
    <article aria-label={`${finding.code} ${finding.title}`} className={`${panel} p-4`}>
      <header className="flex flex-wrap items-center gap-2">
        <SeverityBadge severity={finding.severity} />
        <Link
          href={`/findings/${finding.code}`}
          className={`${link} font-mono text-sm font-semibold`}
        >
          {finding.code}
        </Link>
        <h3 className="font-medium">{finding.title}</h3>
        {finding.suppressed && <span className={`text-xs ${muted}`}>(suppressed)</span>}
        <span className="ml-auto flex items-center gap-2">
          {fixable && <FixLink finding={finding} />}
          {actions}
        </span>
      </header>
      <p className="mt-2 text-sm">{finding.message}</p>
      <p className="mt-2 text-sm">
        <span className="font-medium">Fix: </span>
        {finding.fix}
      </p>
      <div className={`mt-2 grid gap-1 text-xs ${muted}`}>
        <p>
          Clusters:{' '}
          {finding.clusters.map((c, i) => (
            <span key={c}>
              {i > 0 && ', '}
              <Link className={link} href={`/clusters/${encodeURIComponent(c)}`}>
                {c}
              </Link>
            </span>
          ))}
        </p>
        <p className="font-mono">Objects: {finding.objects.map(objectText).join('; ')}</p>
        {finding.related && finding.related.length > 0 && (
          <p>
            Related:{' '}
            {finding.related.map((code, i) => (
              <span key={code}>
                {i > 0 && ', '}
                <Link className={link} href={`/findings/${code}`}>
                  {code}
                </Link>
              </span>
            ))}
          </p>
        )}
      </div>
    </article>
  );
}
