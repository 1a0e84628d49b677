'use client';

import type { ServiceRecord } from '@/lib/api/contract';
import Link from 'next/link';

import { cn } from '@/lib/ui/cn';

import { useLiveFleet, useServices } from '../queries/hooks';
import { ErrorNote, Skeleton } from '../ui/skeleton';
import { button, control, link, muted, panel } from '../ui/styles';
import { useSearchState } from '../ui/use-search-state';
import { HostnameCalculator } from './hostname-calculator';

const KEYS = ['viewer', 'hostname', 'service'] as const;

interface HostnameRow {
  hostname: string;
  namespace: string;
  name: string;
  segment: string;
  domain: string;
  ports: ServiceRecord['ports'];
  /** Viewing cluster → contributors it sees. */
  views: Map<string, string[]>;
}

function byHostname(records: ServiceRecord[]): HostnameRow[] {
  const rows = new Map<string, HostnameRow>();
  for (const r of records) {
    const row = rows.get(r.hostname) ?? { ...r, views: new Map<string, string[]>() };
    row.views.set(r.viewer, [...r.contributors].sort());
    rows.set(r.hostname, row);
  }
  return [...rows.values()].sort((a, b) => a.hostname.localeCompare(b.hostname));
}

const portsText = (ports: ServiceRecord['ports']) =>
  ports
    .map((p) => `${p.port}/${p.appProtocol ?? p.protocol}${p.name ? ` (${p.name})` : ''}`)
    .join(', ');

/** `/services`: global services per hostname, a viewing-cluster switch and the calculator. */
export function ServicesView() {
  const [state, setState] = useSearchState(KEYS);
  const fleet = useLiveFleet();
  const services = useServices();
  if (services.isPending) return <Skeleton label="Loading services" className="h-96" />;
  if (!services.data)
    return <ErrorNote title="The services cannot be read" error={services.error!} />;
  const records = services.data.services.filter((s) => !state.viewer || s.viewer === state.viewer);
  const rows = byHostname(records).filter((r) => !state.hostname || r.hostname === state.hostname);
  const [calcCluster, calcNs, calcName] = state.service?.split('/') ?? [];
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div className="flex flex-wrap items-baseline gap-3">
          <h1 className="text-xl font-semibold">Global services</h1>
          <Link className={`${link} text-sm`} href="/plans/new?type=set-scope">
            Expose a service or namespace…
          </Link>
        </div>
        <label className="flex items-center gap-2 text-sm">
          Viewing cluster
          <select
            className={control}
            value={state.viewer ?? ''}
            onChange={(e) => setState({ viewer: e.target.value || undefined })}
          >
            <option value="">Every cluster</option>
            {fleet.data?.clusters.map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayName}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className={`text-sm ${muted}`}>
        {state.viewer
          ? `What ${state.viewer} resolves: each hostname with the clusters whose endpoints back it there.`
          : 'Each global hostname, its owning segment, and in which clusters it resolves with which contributors. Pick a viewing cluster to see one cluster’s view (the middle cluster of a transitive peering sees merges its peers do not).'}
      </p>
      {state.service && calcCluster && calcNs && calcName && (
        <div className="grid gap-2">
          <HostnameCalculator cluster={calcCluster} namespace={calcNs} name={calcName} />
          <button
            type="button"
            className={`${button} justify-self-start`}
            onClick={() => setState({ service: undefined })}
          >
            Close calculator
          </button>
        </div>
      )}
      {rows.length === 0 ? (
        <p className={`${panel} p-6 text-sm ${muted}`}>
          No global services{state.viewer ? ` resolve in ${state.viewer}` : ''}. Label a Service or
          Namespace with solo.io/service-scope=global (or segment) to export it to peers.
        </p>
      ) : (
        <div className={`${panel} overflow-x-auto`}>
          <table aria-label="Global services" className="w-full text-sm">
            <thead className={muted}>
              <tr>
                <th className="px-3 py-2 text-left font-medium">Hostname</th>
                <th className="px-3 py-2 text-left font-medium">Segment</th>
                <th className="px-3 py-2 text-left font-medium">Ports</th>
                <th className="px-3 py-2 text-left font-medium">Resolved in → contributors</th>
                <th className="px-3 py-2 text-left font-medium">Calculator</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const contributors = [...new Set([...r.views.values()].flat())].sort();
                const merged = [...r.views.values()].some((c) => c.length > 1);
                return (
                  <tr
                    key={r.hostname}
                    aria-label={r.hostname}
                    className="border-t border-slate-100 align-top dark:border-slate-800"
                  >
                    <td className="px-3 py-2 font-mono">{r.hostname}</td>
                    <td className="px-3 py-2">
                      {r.segment} <span className={muted}>({r.domain})</span>
                    </td>
                    <td className="px-3 py-2">{portsText(r.ports)}</td>
                    <td className="px-3 py-2">
                      <ul className="grid gap-0.5">
                        {[...r.views.entries()].map(([viewer, c]) => (
                          <li key={viewer}>
                            <span className="font-medium">{viewer}</span> → {c.join(', ')}
                            {c.length > 1 && (
                              <span className="text-sev-warning ml-1">(merged)</span>
                            )}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className="px-3 py-2">
                      <div className={cn('flex flex-wrap gap-1', merged && '')}>
                        {contributors.map((c) => (
                          <button
                            key={c}
                            type="button"
                            className={button}
                            onClick={() => setState({ service: `${c}/${r.namespace}/${r.name}` })}
                          >
                            {r.namespace}/{r.name} @{c}
                          </button>
                        ))}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
