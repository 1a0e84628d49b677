'use client';

import Link from 'next/link';

import type { SegmentDto } from '@/lib/api/contract';

import { useFindings, useLiveFleet } from '../queries/hooks';
import { FindingItem } from '../findings/finding-item';
import { ErrorNote, Skeleton } from '../ui/skeleton';
import { link, muted, panel } from '../ui/styles';

const countText = (s: SegmentDto) => {
  const n = s.findings.error + s.findings.warning + s.findings.info;
  return n
    ? `${s.findings.error} errors, ${s.findings.warning} warnings, ${s.findings.info} infos`
    : 'none';
};

/** The empty state: what a segment is, and where to start. */
function NoSegments() {
  return (
    <div className={`${panel} grid gap-3 p-8 text-sm`}>
      <h2 className="text-lg font-semibold">No segments yet</h2>
      <p>
        Every cluster is in the implicit <span className="font-mono">default</span> segment, so
        every global service is named{' '}
        <span className="font-mono">&lt;svc&gt;.&lt;ns&gt;.mesh.internal</span> and copies from all
        peered clusters merge into one. A Segment (admin.istio.io/v1, in istio-system) gives a group
        of clusters its own domain; a cluster joins it with the label
        admin.solo.io/segment=&lt;name&gt; on its istio-system namespace. Apply the Segment to every
        member and every peer before labelling.
      </p>
      <p>
        <Link className={`${link} font-medium`} href="/segments/new">
          Create segment
        </Link>
      </p>
    </div>
  );
}

/** `/segments`: every segment with domain(s), members, holders and findings. */
export function SegmentsView() {
  const { data, error, isPending } = useLiveFleet();
  if (isPending) return <Skeleton label="Loading segments" className="h-96" />;
  if (!data) return <ErrorNote title="The fleet cannot be read" error={error!} />;
  const explicit = data.segments.filter((s) => !s.implicit);
  return (
    <div className="grid gap-4">
      <div className="flex items-baseline justify-between">
        <h1 className="text-xl font-semibold">Segments</h1>
        <Link className={`${link} text-sm`} href="/segments/new">
          Create segment
        </Link>
      </div>
      {explicit.length === 0 && <NoSegments />}
      <div className={`${panel} overflow-x-auto`}>
        <table aria-label="Segments" className="w-full text-sm">
          <thead className={muted}>
            <tr>
              <th className="px-3 py-2 text-left font-medium">Segment</th>
              <th className="px-3 py-2 text-left font-medium">Domain</th>
              <th className="px-3 py-2 text-left font-medium">Members</th>
              <th className="px-3 py-2 text-left font-medium">Held by</th>
              <th className="px-3 py-2 text-left font-medium">Findings</th>
            </tr>
          </thead>
          <tbody>
            {data.segments.map((s) => (
              <tr
                key={s.name}
                aria-label={`Segment ${s.name}`}
                className="border-t border-slate-100 align-top dark:border-slate-800"
              >
                <td className="px-3 py-2">
                  <Link
                    className={`${link} font-medium`}
                    href={`/segments/${encodeURIComponent(s.name)}`}
                  >
                    {s.name}
                  </Link>
                  {s.implicit && <span className={muted}> (implicit)</span>}
                </td>
                <td className="px-3 py-2 font-mono">
                  {s.domains.length > 1 ? (
                    <span className="text-sev-error">{s.domains.join(' ≠ ')}</span>
                  ) : (
                    s.domain
                  )}
                </td>
                <td className="px-3 py-2">
                  {s.members.join(', ') || <span className={muted}>none</span>}
                </td>
                <td className="px-3 py-2">
                  {s.implicit ? (
                    <span className={muted}>every cluster</span>
                  ) : (
                    s.holders.map((h) => h.cluster).join(', ')
                  )}
                </td>
                <td className="px-3 py-2">{countText(s)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** `/segments/<name>`: domain, members, holders with domain and status, findings. */
export function SegmentDetail({ name }: { name: string }) {
  const fleet = useLiveFleet();
  const findings = useFindings();
  if (fleet.isPending) return <Skeleton label="Loading segment" className="h-96" />;
  if (!fleet.data) return <ErrorNote title="The fleet cannot be read" error={fleet.error!} />;
  const s = fleet.data.segments.find((x) => x.name === name);
  if (!s)
    return (
      <div className={`${panel} p-6 text-sm`}>
        <h1 className="text-lg font-semibold">No segment {name}</h1>
        <p className={`mt-2 ${muted}`}>
          No cluster holds a Segment named {name} and none is labelled with it.{' '}
          <Link className={link} href="/segments">
            All segments
          </Link>
        </p>
      </div>
    );
  const members = new Set(s.members);
  const related = (findings.data?.findings ?? []).filter(
    (f) =>
      !f.suppressed &&
      (f.objects.some((o) => o.kind === 'Segment' && o.name === name) ||
        (!s.implicit && f.clusters.some((c) => members.has(c)) && f.code.startsWith('SEG'))),
  );
  return (
    <div className="grid gap-4">
      <header className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-xl font-semibold">Segment {s.name}</h1>
        <span className="font-mono text-sm">{s.domains.join(' ≠ ') || s.domain}</span>
        <Link
          className={`${link} ml-auto text-sm`}
          href={`/?segment=${encodeURIComponent(s.name)}`}
        >
          Show on graph
        </Link>
        {!s.implicit && (
          <Link
            className={`${link} text-sm`}
            href={`/plans/new?${new URLSearchParams({ type: 'delete-segment', name: s.name })}`}
          >
            Delete segment…
          </Link>
        )}
      </header>
      {s.domains.length > 1 && (
        <p
          role="status"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100"
        >
          This segment has {s.domains.length} domains across the fleet (SEG202): peers holding
          another domain are rejected.
        </p>
      )}
      <section className={`${panel} p-4`} aria-label="Members">
        <h2 className="font-semibold">Members</h2>
        <p className="mt-1 text-sm">
          {s.members.map((m, i) => (
            <span key={m}>
              {i > 0 && ', '}
              <Link className={link} href={`/clusters/${encodeURIComponent(m)}`}>
                {m}
              </Link>
            </span>
          ))}
          {s.members.length === 0 && (
            <span className={muted}>No cluster is labelled with this segment.</span>
          )}
        </p>
      </section>
      <section className={`${panel} overflow-x-auto p-4`} aria-label="Holders">
        <h2 className="font-semibold">Clusters holding the Segment</h2>
        {s.implicit ? (
          <p className={`mt-1 text-sm ${muted}`}>
            The default segment is implicit: no resource, every cluster knows it.
          </p>
        ) : (
          <table className="mt-2 w-full text-sm">
            <thead className={muted}>
              <tr>
                <th className="py-1 text-left font-medium">Cluster</th>
                <th className="py-1 text-left font-medium">Domain</th>
                <th className="py-1 text-left font-medium">Status</th>
                <th className="py-1 text-left font-medium">API</th>
              </tr>
            </thead>
            <tbody>
              {s.holders.map((h) => (
                <tr key={h.cluster} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-1">{h.cluster}</td>
                  <td className={`py-1 font-mono ${h.domain !== s.domain ? 'text-sev-error' : ''}`}>
                    {h.domain}
                  </td>
                  <td className="py-1">{h.status ?? '—'}</td>
                  <td className={`py-1 ${muted}`}>{h.apiVersion}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-label="Segment findings" className="grid gap-2">
        <h2 className="text-lg font-semibold">Findings ({related.length})</h2>
        {related.map((f) => (
          <FindingItem key={f.code + f.message} finding={f} />
        ))}
      </section>
    </div>
  );
}
