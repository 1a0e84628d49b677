import type { FindingDto } from '@/lib/api/contract';

import { SeverityBadge } from './severity-badge';

const objectText = (o: FindingDto['objects'][number]) =>
  `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} @${o.cluster}`;

export function FindingItem({ finding }: { finding: FindingDto }) {
  const [primary] = finding.objects;
  return (
    <article
      aria-label={`${finding.code} ${finding.title}`}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <header className="flex flex-wrap items-center gap-2">
        <SeverityBadge severity={finding.severity} />
        <span className="font-mono text-sm font-semibold">{finding.code}</span>
        <h3 className="font-medium">{finding.title}</h3>
        {finding.suppressed && <span className="text-xs text-slate-500">(suppressed)</span>}
      </header>
      {primary && <p className="mt-1 font-mono text-xs text-slate-500">{objectText(primary)}</p>}
      <p className="mt-2 text-sm">{finding.message}</p>
      <p className="mt-2 text-sm text-slate-700">
        <span className="font-medium">Fix: </span>
        {finding.fix}
      </p>
      <p className="mt-2 text-xs text-slate-500">Clusters: {finding.clusters.join(', ')}</p>
    </article>
  );
}
