'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';

import { hostnamesOptions } from '../queries/fleet';
import { ErrorNote, Skeleton } from '../ui/skeleton';
import { link, muted, panel } from '../ui/styles';

type ScopeChoice = 'global' | 'segment' | 'remove';
const SCOPE_ACTIONS: Record<ScopeChoice, string> = {
  global: 'Export to every peer…',
  segment: 'Limit to its segment…',
  remove: 'Stop exporting it…',
};

/** The scopes a Service can move to from `scope` (its effective `solo.io/service-scope`). */
function scopeChoices(scope: string): ScopeChoice[] {
  if (scope === 'global') return ['segment', 'remove'];
  if (scope === 'segment') return ['global', 'remove'];
  return ['global', 'segment'];
}

/** Every name one Service answers to, in which viewing clusters, and why not elsewhere. */
export function HostnameCalculator({
  cluster,
  namespace,
  name,
}: {
  cluster: string;
  namespace: string;
  name: string;
}) {
  const calc = useQuery(hostnamesOptions(cluster, namespace, name));
  if (calc.isPending) return <Skeleton label="Calculating hostnames" className="h-40" />;
  if (!calc.data)
    return <ErrorNote title="The hostnames cannot be calculated" error={calc.error!} />;
  const d = calc.data;
  return (
    <section aria-label="Hostname calculator" className={`${panel} grid gap-3 p-4`}>
      <h2 className="text-base font-semibold">
        Service {namespace}/{name} in {cluster}
      </h2>
      <p className="text-sm">
        Scope <span className="font-mono">{d.scope || '(none)'}</span>:{' '}
        {d.exported ? 'exported to peers' : 'not exported; only the cluster-local name resolves'}
        <span className={`block font-mono text-xs ${muted}`}>
          Local: {name}.{namespace}.svc.cluster.local
        </span>
      </p>
      <nav aria-label="Change its scope" className="flex flex-wrap gap-3 text-sm">
        {/* The label goes on the Service; the plan's what-if shows when a namespace label still
            decides (then nothing changes). */}
        {scopeChoices(d.scope).map((scope) => (
          <Link
            key={scope}
            className={link}
            href={`/plans/new?${new URLSearchParams({ type: 'set-scope', cluster, namespace, service: name, scope })}`}
          >
            {SCOPE_ACTIONS[scope]}
          </Link>
        ))}
      </nav>
      <table className="w-full text-sm">
        <thead className={muted}>
          <tr>
            <th className="py-1 text-left font-medium">Hostname</th>
            <th className="py-1 text-left font-medium">Resolved in (contributors seen there)</th>
          </tr>
        </thead>
        <tbody>
          {d.names.map((n) => (
            <tr
              key={n.hostname}
              className="border-t border-slate-100 align-top dark:border-slate-800"
            >
              <td className="py-1 pr-3 font-mono">{n.hostname}</td>
              <td className="py-1">
                {n.viewers.map((v) => `${v.viewer} (${v.contributors.join(', ')})`).join('; ') ||
                  '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.notVisible.length > 0 && (
        <div className="text-sm">
          <h3 className="font-medium">Not visible in</h3>
          <ul className="mt-1 list-disc pl-5">
            {d.notVisible.map((n) => (
              <li key={n.cluster}>
                <span className="font-medium">{n.cluster}</span>: {n.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
