import Link from 'next/link';

import type { LiveFleetResponse } from '@/lib/api/contract';

import { HealthBadge } from '../clusters/health-badge';
import { muted, panel } from '../ui/styles';

const th = 'px-3 py-2 text-left font-medium';
const td = 'px-3 py-1.5 align-top';

const STATE_TEXT: Record<LiveFleetResponse['edges'][number]['state'], string> = {
  connected: 'Connected',
  'not-connected': 'Not connected',
  rejected: 'Rejected',
  invalid: 'Invalid gateway',
  unknown: 'Unknown',
};

/**
 * The graph as tables, for screen readers and keyboard users: clusters with their segment and
 * health, and every directed peering with its state. It shows what the canvas shows, highlights
 * included.
 */
export function GraphTable({
  fleet,
  highlighted,
}: {
  fleet: LiveFleetResponse;
  highlighted: Set<string>;
}) {
  const name = new Map(fleet.clusters.map((c) => [c.id, c.displayName]));
  return (
    <section aria-labelledby="graph-table-heading" className={`${panel} overflow-x-auto p-4`}>
      <h2 id="graph-table-heading" className="text-base font-semibold">
        The graph as a table
      </h2>
      <table aria-label="Clusters in the graph" className="mt-3 w-full text-sm">
        <thead className={muted}>
          <tr>
            <th className={th}>Cluster</th>
            <th className={th}>Segment</th>
            <th className={th}>Health</th>
            <th className={th}>Findings</th>
            <th className={th}>In selection</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {fleet.clusters.map((c) => (
            <tr key={c.id} aria-label={`Cluster ${c.id}`}>
              <td className={td}>
                <Link
                  className="font-medium hover:underline"
                  href={`/clusters/${encodeURIComponent(c.id)}`}
                >
                  {c.displayName}
                </Link>
              </td>
              <td className={td}>
                {c.segment ?? 'default'}
                {c.segmentFallback && (
                  <span className="text-sev-error ml-1">
                    (label {c.segmentLabel ?? ''} names a missing Segment)
                  </span>
                )}
              </td>
              <td className={td}>
                <HealthBadge health={c.health} />
              </td>
              <td className={td}>
                {c.findings.error} errors, {c.findings.warning} warnings, {c.findings.info} infos
              </td>
              <td className={td}>{highlighted.has(c.id) ? 'Highlighted' : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table aria-label="Peerings in the graph" className="mt-6 w-full text-sm">
        <thead className={muted}>
          <tr>
            <th className={th}>From (discovers)</th>
            <th className={th}>To</th>
            <th className={th}>State</th>
            <th className={th}>Findings</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {fleet.edges.map((e) => (
            <tr key={e.id} aria-label={`Peering ${e.from} to ${e.to}`}>
              <td className={td}>{name.get(e.from) ?? e.from}</td>
              <td className={td}>
                {name.get(e.to) ?? e.to}
                {!e.managed && <span className={muted}> (unmanaged peer)</span>}
              </td>
              <td className={td}>
                {STATE_TEXT[e.state]}
                {e.rejection && <span className={muted}> ({e.rejection})</span>}
              </td>
              <td className={td}>
                {e.findings.error + e.findings.warning + e.findings.info || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
