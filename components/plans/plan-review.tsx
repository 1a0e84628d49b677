'use client';

import { useState } from 'react';

import type { PlanDto, PlanStep } from '@/lib/plan/intent';
import { cn } from '@/lib/ui/cn';

import { SeverityBadge } from '../findings/severity-badge';
import { button, link, muted, panel } from '../ui/styles';
import { bundleUrl } from './plan-client';

/**
 * Step 3 of every change: what the plan does and what it changes, before anything is written.
 * The what-if parts are read defensively: a server that leaves one out gets "not computed" in
 * that place, never a broken page.
 */

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

interface HostEntry {
  hostname: string;
  contributors: string[];
}
interface HostChange {
  hostname: string;
  before: string[];
  after: string[];
}
interface ViewerDiff {
  viewer: string;
  appear: HostEntry[];
  disappear: HostEntry[];
  change: HostChange[];
}

function viewerDiffs(raw: unknown[]): ViewerDiff[] {
  const entries = (v: unknown): HostEntry[] =>
    Array.isArray(v)
      ? v.filter(isObject).map((e) => ({
          hostname: String(e.hostname ?? ''),
          contributors: strings(e.contributors),
        }))
      : [];
  return raw.filter(isObject).map((d) => ({
    viewer: String(d.viewer ?? '?'),
    appear: entries(d.appear),
    disappear: entries(d.disappear),
    change: Array.isArray(d.change)
      ? d.change.filter(isObject).map((c) => ({
          hostname: String(c.hostname ?? ''),
          before: strings(c.before),
          after: strings(c.after),
        }))
      : [],
  }));
}

interface FindingLike {
  code: string;
  severity: 'error' | 'warning' | 'info';
  title: string;
  message: string;
}
function findingsOf(raw: unknown): FindingLike[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map((f) => ({
    code: String(f.code ?? '?'),
    severity: f.severity === 'error' || f.severity === 'warning' ? f.severity : 'info',
    title: String(f.title ?? ''),
    message: String(f.message ?? ''),
  }));
}

interface Reference {
  cluster: string;
  kind: string;
  namespace?: string;
  name: string;
  hostname: string;
  field?: string;
}
function referencesOf(whatIf: Record<string, unknown>): Reference[] | undefined {
  const raw = whatIf.references ?? whatIf.retiredReferences;
  if (!Array.isArray(raw)) return undefined;
  return raw.filter(isObject).map((r) => ({
    cluster: String(r.cluster ?? '?'),
    kind: String(r.kind ?? '?'),
    ...(typeof r.namespace === 'string' ? { namespace: r.namespace } : {}),
    name: String(r.name ?? '?'),
    hostname: String(r.hostname ?? ''),
    ...(typeof r.field === 'string' ? { field: r.field } : {}),
  }));
}

export const ACTION_TEXT: Record<PlanStep['action'], string> = {
  'apply-segment': 'apply Segment',
  'update-segment': 'update Segment',
  'delete-segment': 'delete Segment',
  'label-namespace': 'label namespace',
  'unlabel-namespace': 'remove namespace label',
  'label-service': 'label Service',
  'unlabel-service': 'remove Service label',
};

export const stepText = (s: PlanStep) =>
  s.description ||
  `${ACTION_TEXT[s.action] ?? s.action} ${s.object.namespace ? `${s.object.namespace}/` : ''}${s.object.name}`;

function Section({
  title,
  children,
  className,
}: {
  title: string;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <section aria-label={title} className={cn(panel, 'p-4', className)}>
      <h3 className="font-semibold">{title}</h3>
      <div className="mt-2 text-sm">{children}</div>
    </section>
  );
}

function HostnameDiff({ diffs }: { diffs: ViewerDiff[] }) {
  if (diffs.length === 0)
    return <p className={muted}>No cluster resolves any hostname differently.</p>;
  return (
    <table className="w-full text-sm" aria-label="Hostnames per viewing cluster">
      <thead className={muted}>
        <tr>
          <th className="py-1 pr-3 text-left font-medium">Seen from</th>
          <th className="py-1 pr-3 text-left font-medium">Hostname</th>
          <th className="py-1 text-left font-medium">Change</th>
        </tr>
      </thead>
      <tbody>
        {diffs.flatMap((d) => [
          ...d.appear.map((h) => (
            <tr
              key={`${d.viewer}+${h.hostname}`}
              className="border-t border-slate-100 dark:border-slate-800"
            >
              <td className="py-1 pr-3">{d.viewer}</td>
              <td className="py-1 pr-3 font-mono">{h.hostname}</td>
              <td className="py-1 text-emerald-700 dark:text-emerald-300">
                appears · {h.contributors.join(', ')}
              </td>
            </tr>
          )),
          ...d.disappear.map((h) => (
            <tr
              key={`${d.viewer}-${h.hostname}`}
              className="border-t border-slate-100 dark:border-slate-800"
            >
              <td className="py-1 pr-3">{d.viewer}</td>
              <td className="py-1 pr-3 font-mono">{h.hostname}</td>
              <td className="py-1 text-red-700 dark:text-red-300">
                disappears · was {h.contributors.join(', ')}
              </td>
            </tr>
          )),
          ...d.change.map((h) => (
            <tr
              key={`${d.viewer}~${h.hostname}`}
              className="border-t border-slate-100 dark:border-slate-800"
            >
              <td className="py-1 pr-3">{d.viewer}</td>
              <td className="py-1 pr-3 font-mono">{h.hostname}</td>
              <td className="py-1 text-amber-700 dark:text-amber-300">
                contributors {h.before.join(', ') || 'none'} → {h.after.join(', ') || 'none'}
              </td>
            </tr>
          )),
        ])}
      </tbody>
    </table>
  );
}

function FindingList({ label, findings }: { label: string; findings: FindingLike[] }) {
  return (
    <div aria-label={label}>
      <h4 className="font-medium">
        {label} ({findings.length})
      </h4>
      {findings.length === 0 ? (
        <p className={muted}>None.</p>
      ) : (
        <ul className="mt-1 grid gap-1">
          {findings.map((f, i) => (
            <li key={`${f.code}${i}`} className="flex items-start gap-2">
              <SeverityBadge severity={f.severity} />
              <span>
                <span className="font-mono font-semibold">{f.code}</span> {f.message || f.title}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={button}
      aria-label={label}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => setCopied(true));
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

/** The steps grouped by cluster, in plan order, with each step's YAML. */
function StepsPerCluster({ plan }: { plan: PlanDto }) {
  const clusters = [...new Set(plan.steps.map((s) => s.cluster))];
  return (
    <div className="grid gap-3">
      {clusters.map((cluster) => (
        <div key={cluster} aria-label={`Changes in ${cluster}`} role="group">
          <h4 className="font-medium">{cluster}</h4>
          <ol className="mt-1 grid gap-1">
            {plan.steps.map((s, i) =>
              s.cluster === cluster ? (
                <li key={i}>
                  <details>
                    <summary className="cursor-pointer">
                      <span className={muted}>{i + 1}.</span> {stepText(s)}{' '}
                      <span className={muted}>({s.object.apiVersion})</span>
                    </summary>
                    <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-950">
                      {s.yaml}
                    </pre>
                  </details>
                </li>
              ) : null,
            )}
          </ol>
        </div>
      ))}
    </div>
  );
}

function DryRun({ plan }: { plan: PlanDto }) {
  if (plan.dryRun.length === 0) return <p className={muted}>No step to dry-run.</p>;
  const failed = plan.dryRun.filter((d) => !d.ok);
  return (
    <>
      <p role="status" className={failed.length ? 'text-sev-error font-medium' : ''}>
        {failed.length === 0
          ? `Every step passed the server-side dry run (dryRun=All) on its cluster.`
          : `${failed.length} of ${plan.dryRun.length} steps failed the dry run: applying is disabled.`}
      </p>
      <ul className="mt-1 grid gap-0.5">
        {plan.dryRun.map((d) => {
          const step = plan.steps[d.step];
          return (
            <li key={`${d.cluster}-${d.step}`} className={d.ok ? '' : 'text-sev-error'}>
              {d.ok ? '✓' : '✗'} {d.cluster}: {step ? stepText(step) : `step ${d.step + 1}`}
              {d.message && <span className={muted}> — {d.message}</span>}
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** Everything a reviewer needs to decide, for any intent's plan. */
export function PlanReview({ plan }: { plan: PlanDto }) {
  const whatIf = (isObject(plan.whatIf) ? plan.whatIf : {}) as Record<string, unknown>;
  const diffs = viewerDiffs(Array.isArray(whatIf.hostnames) ? whatIf.hostnames : []);
  const findings = isObject(whatIf.findings) ? whatIf.findings : {};
  const references = referencesOf(whatIf);
  const warnings = [
    ...strings(whatIf.warnings),
    ...strings((plan as unknown as Record<string, unknown>).warnings),
  ];
  const clusters = new Set(plan.steps.map((s) => s.cluster)).size;
  const failed = plan.dryRun.filter((d) => !d.ok).length;
  const resolved = findingsOf(findings.resolved).length;
  const introduced = findingsOf(findings.introduced).length;
  return (
    <div className="grid gap-4" aria-label="Plan review">
      <p
        aria-label="Plan summary"
        className={cn(panel, 'flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2 text-sm')}
      >
        <span>
          {plan.steps.length} {plan.steps.length === 1 ? 'step' : 'steps'} on {clusters}{' '}
          {clusters === 1 ? 'cluster' : 'clusters'}
        </span>
        <span className={failed ? 'text-sev-error font-medium' : ''}>
          dry run {failed ? `failed on ${failed}` : 'passed'}
        </span>
        <span>
          resolves {resolved}, introduces{' '}
          <span className={introduced ? 'text-sev-warning font-medium' : ''}>{introduced}</span>{' '}
          findings
        </span>
        <a className={`${link} ml-auto`} href="#apply">
          Go to apply
        </a>
      </p>
      {warnings.length > 0 && (
        <ul
          aria-label="Warnings"
          className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <Section title="Findings">
        <div className="grid gap-3 md:grid-cols-2">
          <FindingList label="Resolved" findings={findingsOf(findings.resolved)} />
          <FindingList label="Introduced" findings={findingsOf(findings.introduced)} />
        </div>
      </Section>
      <Section title="Hostnames" className="overflow-x-auto">
        <HostnameDiff diffs={diffs} />
      </Section>
      <Section title="References to retired hostnames">
        {references === undefined ? (
          <p className={muted}>
            This server does not report references to retired hostnames for this plan.
          </p>
        ) : references.length === 0 ? (
          <p>
            No HTTPRoute, ServiceEntry or AuthorizationPolicy Segscope reads names a hostname this
            change retires.
          </p>
        ) : (
          <>
            <p className="text-sev-error">
              These objects still name a hostname the change retires: they break when it applies
              unless updated.
            </p>
            <ul className="mt-1 grid gap-0.5 font-mono text-xs">
              {references.map((r, i) => (
                <li key={i}>
                  {r.kind} {r.namespace ? `${r.namespace}/` : ''}
                  {r.name} @{r.cluster}: {r.hostname}
                  {r.field && <span className={muted}> ({r.field})</span>}
                </li>
              ))}
            </ul>
          </>
        )}
      </Section>
      {plan.holders?.length > 0 && (
        <Section title="Clusters that must hold the Segment">
          <ul className="grid gap-0.5">
            {plan.holders.map((h) => (
              <li key={h.cluster}>
                <span className="font-medium">{h.cluster}</span>{' '}
                <span className={h.role === 'peer' ? 'text-indigo-700 dark:text-indigo-300' : ''}>
                  ({h.role}) {h.reason}
                </span>
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section title={`Steps (${plan.steps.length})`}>
        {plan.steps.length === 0 ? (
          <p>Nothing to change: the fleet already is as asked.</p>
        ) : (
          <StepsPerCluster plan={plan} />
        )}
        {plan.expiresAt && (
          <p className={`mt-2 text-xs ${muted}`}>
            Plan {plan.id}, valid until {new Date(plan.expiresAt).toLocaleTimeString()}; applying it
            after the fleet changed is refused with a fresh preview.
          </p>
        )}
      </Section>
      <Section title="Dry run">
        <DryRun plan={plan} />
      </Section>
      <Section title="kubectl commands">
        <div className="flex items-start gap-2">
          <pre
            aria-label="kubectl commands"
            className="min-w-0 flex-1 overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-950"
          >
            {plan.commands || '# no command'}
          </pre>
          <CopyButton text={plan.commands} label="Copy kubectl commands" />
        </div>
        <p className="mt-2">
          <a className={link} href={bundleUrl(plan.id)} download>
            Download the GitOps bundle
          </a>{' '}
          <span className={muted}>(one folder per cluster with its manifests, and the script)</span>
        </p>
      </Section>
    </div>
  );
}
