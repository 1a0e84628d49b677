import Link from 'next/link';

import type { LiveFleetResponse } from '@/lib/api/contract';
import type { GraphElement, GraphNode } from '@/lib/graph/elements';

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

/** What the canvas marks on a cluster node, in words. */
function marks(n: GraphNode): string[] {
  const has = (c: string) => n.classes.includes(c);
  return [
    ...(has('fallback') ? ['segment label names a missing Segment'] : []),
    ...(has('down') ? ['not available'] : []),
    ...(has('transitive-middle') ? ['middle of a transitive conflict'] : []),
    ...(has('viewer') ? ['viewing cluster'] : []),
    ...(has('contributor') ? ['contributes endpoints'] : []),
  ];
}

/**
 * The graph as tables, for screen readers and keyboard users: built from the same elements as
 * the canvas (segment = the node's compound parent, highlights = its classes), plus every directed
 * peering with its state.
 */
export function GraphTable({
  fleet,
  elements,
}: {
  fleet: LiveFleetResponse;
  elements: GraphElement[];
}) {
  const health = new Map(fleet.clusters.map((c) => [c.id, c.health]));
  const name = new Map(fleet.clusters.map((c) => [c.id, c.displayName]));
  const clusters = elements.filter(
    (e): e is GraphNode => e.group === 'nodes' && e.data.kind === 'cluster',
  );
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
            <th className={th}>Marked</th>
            <th className={th}>Selected finding</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {clusters.map((n) => {
            const id = n.data.ref;
            const h = health.get(id);
            return (
              <tr key={id} aria-label={`Cluster ${id}`}>
                <td className={td}>
                  <Link
                    className="font-medium hover:underline"
                    href={`/clusters/${encodeURIComponent(id)}`}
                  >
                    {n.data.label}
                  </Link>
                </td>
                <td className={td} data-column="segment">
                  {n.data.parent?.replace(/^segment:/, '')}
                </td>
                <td className={td}>{h && <HealthBadge health={h} />}</td>
                <td className={td}>
                  {n.data.count ? `${n.data.count} (worst: ${n.data.severity})` : 'none'}
                </td>
                <td className={td} data-column="marks">
                  {marks(n).join('; ') || '—'}
                </td>
                <td className={td} data-column="highlight">
                  {n.classes.includes('highlighted')
                    ? 'Highlighted'
                    : n.classes.includes('faded')
                      ? 'Not involved'
                      : '—'}
                </td>
              </tr>
            );
          })}
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
