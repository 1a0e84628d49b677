'use client';

import Link from 'next/link';

import type { PeeringEdgeDto } from '@/lib/api/contract';

import { FindingItem } from '../findings/finding-item';
import { useClusterDetail } from '../queries/hooks';
import { ErrorNote, Skeleton } from '../ui/skeleton';
import { link, muted, panel } from '../ui/styles';
import { healthText } from './cluster-card';
import { HealthBadge } from './health-badge';

const Row = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <div className="grid grid-cols-[9rem_1fr] gap-2 py-1">
    <dt className={muted}>{label}</dt>
    <dd className="min-w-0 break-words">{children}</dd>
  </div>
);

function Peers({
  title,
  edges,
  end,
}: {
  title: string;
  edges: PeeringEdgeDto[];
  end: 'from' | 'to';
}) {
  return (
    <section className={`${panel} p-4`} aria-label={title}>
      <h2 className="font-semibold">{title}</h2>
      {edges.length === 0 ? (
        <p className={`mt-2 text-sm ${muted}`}>None.</p>
      ) : (
        <ul className="mt-2 grid gap-1 text-sm">
          {edges.map((e) => (
            <li key={e.id}>
              <Link className={link} href={`/clusters/${encodeURIComponent(e[end])}`}>
                {e[end]}
              </Link>
              : {e.state}
              {e.rejection && ` (${e.rejection})`}
              {!e.managed && <span className={muted}> (unmanaged)</span>}
              <span className={`block font-mono text-xs ${muted}`}>
                {e.gateway.namespace}/{e.gateway.name} @{e.gateway.cluster}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** `/clusters/<id>`: identity, health, segment, objects read, peers in and out, findings. */
export function ClusterDetail({ id }: { id: string }) {
  const { data, error, isPending } = useClusterDetail(id);
  if (isPending) return <Skeleton label="Loading cluster" className="h-96" />;
  if (!data) return <ErrorNote title={`Cluster ${id} cannot be shown`} error={error!} />;
  const c = data.cluster;
  const active = data.findings.filter((f) => !f.suppressed);
  return (
    <div className="grid gap-4">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Cluster {c.displayName}</h1>
        <HealthBadge health={c.health} />
        <Link
          className={`${link} ml-auto text-sm`}
          href={`/?select=${encodeURIComponent(`cluster:${c.id}`)}`}
        >
          Show on graph
        </Link>
        <Link
          className={`${link} text-sm`}
          href={`/plans/new?${new URLSearchParams({ type: 'move-cluster', cluster: c.id })}`}
        >
          Move to another segment…
        </Link>
      </header>
      {c.health !== 'synced' && (
        <p
          role="status"
          className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          {healthText(c)}
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <section className={`${panel} p-4`} aria-label="Identity">
          <h2 className="font-semibold">Identity</h2>
          <dl className="mt-2 text-sm">
            <Row label="Context">{c.context}</Row>
            <Row label="API server">{c.server}</Row>
            <Row label="Mesh cluster ID">{c.meshId ?? '—'}</Row>
            <Row label="Network">{c.network ?? '—'}</Row>
            <Row label="Trust domain">{c.trustDomain ?? '—'}</Row>
            <Row label="Segment">
              <Link
                className={link}
                href={`/segments/${encodeURIComponent(c.segment ?? 'default')}`}
              >
                {c.segment ?? 'default'}
              </Link>{' '}
              {c.segmentDomain && <span className={muted}>({c.segmentDomain})</span>}
              {c.segmentFallback && (
                <span className="text-sev-error block">
                  Label {c.segmentLabel} names a Segment this cluster does not hold (SEG203)
                </span>
              )}
            </Row>
            <Row label="Segment API">{c.segmentApis.join(', ') || 'not served'}</Row>
            <Row label="Peering">
              {c.peeringEnabled === false ? 'disabled in istiod' : 'enabled'}
            </Row>
            <Row label="Last sync">
              {c.lastSyncedAt ? new Date(c.lastSyncedAt).toLocaleString() : '—'}
            </Row>
          </dl>
        </section>
        <section className={`${panel} p-4`} aria-label="Objects read">
          <h2 className="font-semibold">Objects Segscope read</h2>
          <ul className="mt-2 grid grid-cols-2 gap-1 text-sm">
            {data.objects.map((o) => (
              <li key={o.kind}>
                {o.kind}: <span className="font-mono">{o.count}</span>
              </li>
            ))}
          </ul>
          <h3 className="mt-4 font-semibold">Segments held</h3>
          <ul className="mt-1 text-sm">
            {data.segmentsHeld.length === 0 && <li className={muted}>None</li>}
            {data.segmentsHeld.map((s) => (
              <li key={s.name}>
                {s.name} ({s.domain}){s.status ? `: ${s.status}` : ''}{' '}
                <span className={muted}>{s.apiVersion}</span>
              </li>
            ))}
          </ul>
        </section>
        <Peers title="Peers out (this cluster discovers)" edges={data.peersOut} end="to" />
        <Peers title="Peers in (discover this cluster)" edges={data.peersIn} end="from" />
      </div>
      <section aria-label="Cluster findings" className="grid gap-2">
        <h2 className="text-lg font-semibold">Findings ({active.length})</h2>
        {active.length === 0 && (
          <p className={`text-sm ${muted}`}>No findings involve this cluster.</p>
        )}
        {active.map((f) => (
          <FindingItem key={f.code + f.message} finding={f} />
        ))}
      </section>
    </div>
  );
}
