'use client';

import Link from 'next/link';

import type { FindingDto, LiveFleetResponse } from '@/lib/api/contract';
import { findingKey } from '@/lib/graph/finding-key';

import { download } from '../graph/export';
import { useFindings, useLiveFleet } from '../queries/hooks';
import { ErrorNote, Skeleton } from '../ui/skeleton';
import { button, control, link, muted, panel } from '../ui/styles';
import { useSearchState } from '../ui/use-search-state';
import { findingsToCsv, findingsToMarkdown } from './findings-export';
import { FindingItem } from './finding-item';
import { SEVERITY_LABEL } from './severity-badge';

const KEYS = ['severity', 'code', 'cluster', 'segment', 'suppressed'] as const;
const SEVERITIES = ['error', 'warning', 'info'] as const;

/** A finding belongs to a segment when one of its clusters is a member or it names the Segment. */
function inSegment(f: FindingDto, segment: string, fleet?: LiveFleetResponse): boolean {
  const members = new Set(
    fleet?.clusters.filter((c) => (c.segment ?? 'default') === segment).map((c) => c.id),
  );
  return (
    f.clusters.some((c) => members.has(c)) ||
    f.objects.some((o) => o.kind === 'Segment' && o.name === segment)
  );
}

function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value?: string;
  options: string[];
  onChange: (v: string | undefined) => void;
}) {
  return (
    <label className="flex items-center gap-1 text-sm">
      {label}
      <select
        className={control}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        <option value="">All</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

/** `/findings`: grouped by severity and code, filters in the URL, exports. */
export function FindingsView() {
  const findings = useFindings();
  const fleet = useLiveFleet();
  const [state, setState] = useSearchState(KEYS);
  if (findings.isPending) return <Skeleton label="Loading findings" className="h-96" />;
  if (!findings.data)
    return <ErrorNote title="The findings cannot be read" error={findings.error!} />;

  const all = findings.data.findings;
  const showSuppressed = state.suppressed === '1';
  const shown = all.filter(
    (f) =>
      (showSuppressed || !f.suppressed) &&
      (!state.severity || f.severity === state.severity) &&
      (!state.code || f.code === state.code) &&
      (!state.cluster || f.clusters.includes(state.cluster)) &&
      (!state.segment || inSegment(f, state.segment, fleet.data)),
  );
  const active = all.filter((f) => !f.suppressed);
  const suppressedCount = all.length - active.length;
  const count = (s: FindingDto['severity']) => active.filter((f) => f.severity === s).length;
  const codes = [...new Set(all.map((f) => f.code))].sort();
  const clusters = fleet.data?.clusters.map((c) => c.id) ?? [];
  const segments = [
    ...new Set(fleet.data?.clusters.map((c) => c.segment ?? 'default') ?? []),
  ].sort();

  return (
    <div className="grid gap-4">
      <div className="sticky top-0 z-10 -mx-2 grid gap-3 bg-slate-50/95 px-2 py-2 backdrop-blur dark:bg-slate-950/95">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-xl font-semibold">Findings</h1>
          <p aria-label="Findings by severity" className="flex gap-3 text-sm">
            {SEVERITIES.map((s) => (
              <button
                key={s}
                type="button"
                aria-pressed={state.severity === s}
                onClick={() => setState({ severity: state.severity === s ? undefined : s })}
                className={`rounded-md px-2 py-0.5 text-sev-${s} ${state.severity === s ? 'bg-slate-200 dark:bg-slate-800' : ''}`}
              >
                {count(s)} {SEVERITY_LABEL[s].toLowerCase()}
                {count(s) === 1 ? '' : 's'}
              </button>
            ))}
          </p>
        </div>
        <div role="toolbar" aria-label="Filters" className="flex flex-wrap items-center gap-3">
          <Select
            label="Code"
            value={state.code}
            options={codes}
            onChange={(code) => setState({ code })}
          />
          <Select
            label="Cluster"
            value={state.cluster}
            options={clusters}
            onChange={(cluster) => setState({ cluster })}
          />
          <Select
            label="Segment"
            value={state.segment}
            options={segments}
            onChange={(segment) => setState({ segment })}
          />
          <label className="flex items-center gap-1 text-sm">
            <input
              type="checkbox"
              checked={showSuppressed}
              onChange={(e) => setState({ suppressed: e.target.checked ? '1' : undefined })}
            />
            Show {suppressedCount} suppressed
          </label>
          <span className="ml-auto flex gap-1">
            <button
              type="button"
              className={button}
              onClick={() =>
                download(
                  'segscope-findings.md',
                  new Blob([findingsToMarkdown(shown, findings.data.generatedAt)], {
                    type: 'text/markdown',
                  }),
                )
              }
            >
              Markdown
            </button>
            <button
              type="button"
              className={button}
              onClick={() =>
                download(
                  'segscope-findings.csv',
                  new Blob([findingsToCsv(shown)], { type: 'text/csv' }),
                )
              }
            >
              CSV
            </button>
          </span>
        </div>
      </div>
      {findings.data.leftOut.length > 0 && (
        <p
          role="status"
          className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          Not analysed or stale:{' '}
          {findings.data.leftOut.map((c) => `${c.context} (${c.health})`).join(', ')}. Findings
          cover the clusters that answered.
        </p>
      )}
      {shown.length === 0 ? (
        <p className={`${panel} p-6 text-sm ${muted}`}>
          {all.length === 0
            ? 'No findings: the fleet is consistent.'
            : 'No finding matches these filters.'}
        </p>
      ) : (
        SEVERITIES.map((s) => {
          const group = shown.filter((f) => f.severity === s);
          if (group.length === 0) return null;
          const byCode = [...new Set(group.map((f) => f.code))];
          return (
            <section key={s} aria-labelledby={`sev-${s}`} className="grid gap-3">
              <h2 id={`sev-${s}`} className={`text-lg font-semibold text-sev-${s}`}>
                {SEVERITY_LABEL[s]}s ({group.length})
              </h2>
              {byCode.map((code) => {
                const items = group.filter((f) => f.code === code);
                return (
                  <section key={code} aria-label={`${code} findings`} className="grid gap-2">
                    <h3 className="text-sm font-semibold">
                      <Link className={`${link} font-mono`} href={`/findings/${code}`}>
                        {code}
                      </Link>{' '}
                      {items[0]!.title} <span className={muted}>({items.length})</span>
                    </h3>
                    <ul className="grid gap-2">
                      {items.map((f) => (
                        <li key={findingKey(f) + f.message}>
                          <FindingItem
                            finding={f}
                            actions={
                              <Link
                                className={`${link} text-sm`}
                                href={`/?finding=${encodeURIComponent(findingKey(f))}`}
                              >
                                Show on graph
                              </Link>
                            }
                          />
                        </li>
                      ))}
                    </ul>
                  </section>
                );
              })}
            </section>
          );
        })
      )}
    </div>
  );
}
