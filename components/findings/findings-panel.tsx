'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import type { FindingDto } from '@/lib/api/contract';

import { findingsOptions } from '../queries/fleet';
import { FindingItem } from './finding-item';

const count = (findings: FindingDto[], severity: FindingDto['severity']) =>
  findings.filter((f) => f.severity === severity).length;

export function FindingsPanel() {
  const { data, error, isPending } = useQuery(findingsOptions());
  const [showSuppressed, setShowSuppressed] = useState(false);
  if (isPending) {
    return (
      <div
        aria-busy="true"
        aria-label="Analysing the fleet"
        className="h-24 animate-pulse rounded-lg border border-slate-200 bg-white"
      />
    );
  }
  if (error && !data) {
    return (
      <div
        role="alert"
        className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800"
      >
        The fleet cannot be analysed: {error.message}
      </div>
    );
  }
  const active = data.findings.filter((f) => !f.suppressed);
  const suppressed = data.findings.length - active.length;
  const shown = showSuppressed ? data.findings : active;
  const skipped = data.clusters.filter((c) => !c.reachable);
  return (
    <section aria-labelledby="findings-heading" className="mt-10">
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="findings-heading" className="text-xl font-semibold">
          Findings
        </h2>
        <p className="text-sm text-slate-600">
          {count(active, 'error')} errors · {count(active, 'warning')} warnings ·{' '}
          {count(active, 'info')} infos
          {suppressed > 0 && (
            <label className="ml-3 inline-flex items-center gap-1">
              <input
                type="checkbox"
                checked={showSuppressed}
                onChange={(e) => setShowSuppressed(e.target.checked)}
              />
              show {suppressed} suppressed
            </label>
          )}
        </p>
      </div>
      {skipped.length > 0 && (
        <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          Not analysed: {skipped.map((c) => c.context).join(', ')}. Findings cover the clusters that
          answered.
        </p>
      )}
      {shown.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600">
          No findings.
        </p>
      ) : (
        <ul className="grid gap-3">
          {shown.map((finding) => (
            <li
              key={`${finding.code}|${finding.objects.map((o) => `${o.cluster}/${o.kind}/${o.namespace ?? ''}/${o.name}`).join(';')}|${finding.message}`}
            >
              <FindingItem finding={finding} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
