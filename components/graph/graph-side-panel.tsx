import Link from 'next/link';

import type { FindingDto, LiveFleetResponse } from '@/lib/api/contract';
import { findingKey } from '@/lib/graph/finding-key';

import { HealthBadge } from '../clusters/health-badge';
import { FindingItem } from '../findings/finding-item';
import { SeverityBadge } from '../findings/severity-badge';
import { button, link, muted, panel } from '../ui/styles';

const Row = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <div className="grid grid-cols-[7rem_1fr] gap-2 py-0.5">
    <dt className={muted}>{label}</dt>
    <dd className="min-w-0 break-words">{children}</dd>
  </div>
);

function ClusterDetails({
  id,
  fleet,
  findings,
}: {
  id: string;
  fleet: LiveFleetResponse;
  findings: FindingDto[];
}) {
  const c = fleet.clusters.find((x) => x.id === id);
  if (!c) return <p className={muted}>Cluster {id} is no longer in the fleet.</p>;
  const own = findings.filter((f) => !f.suppressed && f.clusters.includes(id));
  return (
    <>
      <h2 className="text-base font-semibold">Cluster {c.displayName}</h2>
      <dl className="mt-2 text-sm">
        <Row label="Health">
          <HealthBadge health={c.health} />
          {c.message && <span className={`block text-xs ${muted}`}>{c.message}</span>}
        </Row>
        <Row label="Segment">
          {c.segment ?? 'default'}{' '}
          {c.segmentDomain && <span className={muted}>({c.segmentDomain})</span>}
          {c.segmentFallback && (
            <span className="text-sev-error block text-xs">
              Labelled {c.segmentLabel}, but that Segment is missing here: silently in default
              (SEG203)
            </span>
          )}
        </Row>
        <Row label="Mesh ID">{c.meshId ?? '—'}</Row>
        <Row label="Network">{c.network ?? '—'}</Row>
        <Row label="Trust domain">{c.trustDomain ?? '—'}</Row>
        <Row label="Segment API">{c.segmentApis.join(', ') || 'not served'}</Row>
      </dl>
      <Link
        className={`${link} mt-2 inline-block text-sm`}
        href={`/clusters/${encodeURIComponent(id)}`}
      >
        Open cluster {c.displayName} →
      </Link>
      <FindingList findings={own} />
    </>
  );
}

function SegmentDetails({ name, fleet }: { name: string; fleet: LiveFleetResponse }) {
  const s = fleet.segments.find((x) => x.name === name);
  return (
    <>
      <h2 className="text-base font-semibold">Segment {name}</h2>
      <dl className="mt-2 text-sm">
        <Row label="Domain">
          {s?.domains.length ? s.domains.join(', ') : (s?.domain ?? '—')}
          {s && s.domains.length > 1 && (
            <span className="text-sev-error block text-xs">Two domains (SEG202)</span>
          )}
        </Row>
        <Row label="Members">{s?.members.join(', ') || '—'}</Row>
        <Row label="Held by">
          {s?.holders
            .map((h) => `${h.cluster} (${h.domain}${h.status ? `, ${h.status}` : ''})`)
            .join(', ') || '—'}
        </Row>
      </dl>
      <Link
        className={`${link} mt-2 inline-block text-sm`}
        href={`/segments/${encodeURIComponent(name)}`}
      >
        Open segment {name} →
      </Link>
    </>
  );
}

function EdgeDetails({
  peerings,
  fleet,
  findings,
}: {
  peerings: string[];
  fleet: LiveFleetResponse;
  findings: FindingDto[];
}) {
  const edges = fleet.edges.filter((e) => peerings.includes(e.id));
  const gateways = new Set(edges.map((e) => `${e.gateway.cluster}/${e.gateway.name}`));
  const related = findings.filter(
    (f) =>
      !f.suppressed &&
      f.objects.some((o) => o.kind === 'Gateway' && gateways.has(`${o.cluster}/${o.name}`)),
  );
  return (
    <>
      <h2 className="text-base font-semibold">Peering</h2>
      <ul className="mt-2 grid gap-2 text-sm">
        {edges.map((e) => (
          <li key={e.id}>
            <span className="font-medium">
              {e.from} → {e.to}
            </span>
            : {e.state}
            {e.rejection && ` (${e.rejection})`}
            <span className={`block font-mono text-xs ${muted}`}>
              Gateway {e.gateway.namespace}/{e.gateway.name} @{e.gateway.cluster}
            </span>
          </li>
        ))}
      </ul>
      <FindingList findings={related} />
    </>
  );
}

function FindingList({ findings }: { findings: FindingDto[] }) {
  if (findings.length === 0) return <p className={`mt-3 text-sm ${muted}`}>No findings.</p>;
  return (
    <ul className="mt-3 grid gap-2">
      {findings.map((f) => (
        <li key={findingKey(f) + f.message}>
          <FindingItem finding={f} />
        </li>
      ))}
    </ul>
  );
}

/** Findings to pick from: selecting one highlights its clusters and edges on the graph. */
function FindingPicker({
  findings,
  selected,
  onSelect,
}: {
  findings: FindingDto[];
  selected?: string;
  onSelect: (key: string | undefined) => void;
}) {
  const active = findings.filter((f) => !f.suppressed);
  return (
    <>
      <h2 className="text-base font-semibold">Findings ({active.length})</h2>
      <p className={`text-xs ${muted}`}>Select one to highlight its clusters and peerings.</p>
      <ul className="mt-2 grid gap-1" aria-label="Findings to highlight">
        {active.map((f) => {
          const key = findingKey(f);
          const on = key === selected;
          return (
            <li key={key + f.message}>
              <button
                type="button"
                aria-pressed={on}
                onClick={() => onSelect(on ? undefined : key)}
                className={`w-full rounded-md px-2 py-1.5 text-left text-sm focus:ring-2 focus:ring-indigo-500 focus:outline-none ${
                  on
                    ? 'bg-indigo-50 dark:bg-indigo-950'
                    : 'hover:bg-slate-50 dark:hover:bg-slate-800'
                }`}
              >
                <span className="flex items-center gap-2">
                  <SeverityBadge severity={f.severity} />
                  <span className="font-mono text-xs font-semibold">{f.code}</span>
                  <span className={`truncate text-xs ${muted}`}>{f.clusters.join(', ')}</span>
                </span>
                <span className="mt-0.5 block text-sm">{f.title}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** Details of what was clicked on the graph, or the findings to highlight. */
export function GraphSidePanel({
  selectedId,
  peerings,
  fleet,
  findings,
  selectedFinding,
  onSelectFinding,
  onClose,
}: {
  selectedId?: string;
  peerings?: string[];
  fleet: LiveFleetResponse;
  findings: FindingDto[];
  selectedFinding?: FindingDto;
  onSelectFinding: (key: string | undefined) => void;
  onClose: () => void;
}) {
  const [kind, ...rest] = (selectedId ?? '').split(':');
  const ref = rest.join(':');
  return (
    <aside aria-label="Details" className={`${panel} max-h-full overflow-y-auto p-4`}>
      {selectedId && (
        <button type="button" className={`${button} float-right`} onClick={onClose}>
          Close
        </button>
      )}
      {kind === 'cluster' && <ClusterDetails id={ref} fleet={fleet} findings={findings} />}
      {kind === 'segment' && <SegmentDetails name={ref} fleet={fleet} />}
      {kind === 'edge' && (
        <EdgeDetails peerings={peerings ?? []} fleet={fleet} findings={findings} />
      )}
      {kind === 'peer' && (
        <>
          <h2 className="text-base font-semibold">Unmanaged peer {ref}</h2>
          <p className={`mt-2 text-sm ${muted}`}>
            A peer gateway points at this cluster ID, but no kubeconfig context Segscope reads is
            that cluster. Add its context to see it.
          </p>
        </>
      )}
      {!selectedId && (
        <>
          {selectedFinding && (
            <div className="mb-4">
              <FindingItem
                finding={selectedFinding}
                actions={
                  <button
                    type="button"
                    className={button}
                    onClick={() => onSelectFinding(undefined)}
                  >
                    Clear
                  </button>
                }
              />
            </div>
          )}
          <FindingPicker
            findings={findings}
            selected={selectedFinding ? findingKey(selectedFinding) : undefined}
            onSelect={onSelectFinding}
          />
        </>
      )}
    </aside>
  );
}
