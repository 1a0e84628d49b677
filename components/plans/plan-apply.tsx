'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import yaml from 'js-yaml';
import { useMemo } from 'react';

import type { FindingDto, LiveFleetResponse } from '@/lib/api/contract';
import { findingKey } from '@/lib/graph/finding-key';
import type { ApplyResultDto, PlanDto, StepStatus } from '@/lib/plan/intent';
import { expectedOf, type Observed, observedStep } from '@/lib/plan/wizard';
import { cn } from '@/lib/ui/cn';

import { useFindings, useLiveFleet } from '../queries/hooks';
import { button, muted, panel, primaryButton } from '../ui/styles';
import type { AdminAccess } from './admin-access';
import { applyPlan, fetchPlan, PlanApiError } from './plan-client';
import { stepText } from './plan-review';

/**
 * Step 4 of every change: apply, with each step's progress live (the server's result so far,
 * polled from `GET /api/plans/<id>` while it applies, and each write as the live fleet shows it
 * through the SSE stream), then the server's account of what was done and undone, and how the
 * touched clusters look now.
 */

type Shown = StepStatus | 'waiting' | 'seen';

const SHOWN_TEXT: Record<Shown, string> = {
  waiting: 'waiting',
  seen: 'written (seen live)',
  applied: 'applied',
  failed: 'failed',
  skipped: 'not applied',
  'rolled-back': 'rolled back',
  'rollback-failed': 'rollback failed',
};

const SHOWN_TONE: Partial<Record<Shown, string>> = {
  seen: 'text-emerald-700 dark:text-emerald-300',
  applied: 'text-emerald-700 dark:text-emerald-300',
  failed: 'text-sev-error font-semibold',
  'rollback-failed': 'text-sev-error font-semibold',
  'rolled-back': 'text-amber-700 dark:text-amber-300',
};

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function parseYaml(text: string): unknown {
  try {
    return yaml.load(text);
  } catch {
    return undefined;
  }
}

/** How each touched cluster looks in the live fleet: its segment label and the Segments it holds. */
function ClustersNow({ fleet, clusters }: { fleet: LiveFleetResponse; clusters: string[] }) {
  return (
    <table className="w-full text-sm" aria-label="Clusters now">
      <thead className={muted}>
        <tr>
          <th className="py-1 pr-3 text-left font-medium">Cluster</th>
          <th className="py-1 pr-3 text-left font-medium">Segment label</th>
          <th className="py-1 text-left font-medium">Segments held</th>
        </tr>
      </thead>
      <tbody>
        {clusters.map((id) => {
          const c = fleet.clusters.find((x) => x.id === id);
          const held = fleet.segments.flatMap((s) =>
            s.holders.filter((h) => h.cluster === id).map((h) => `${s.name} (${h.domain})`),
          );
          return (
            <tr
              key={id}
              aria-label={`Cluster ${id} now`}
              className="border-t border-slate-100 dark:border-slate-800"
            >
              <td className="py-1 pr-3">{id}</td>
              <td className="py-1 pr-3 font-mono">{c?.segmentLabel ?? '—'}</td>
              <td className="py-1 font-mono">{held.join(', ') || '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The findings the plan resolves, each checked against the live findings as they update. */
function ResolvedNow({ plan, live }: { plan: PlanDto; live: FindingDto[] }) {
  const raw = (plan.whatIf?.findings?.resolved ?? []) as Partial<FindingDto>[];
  const expected = raw.filter(
    (f): f is FindingDto => typeof f.code === 'string' && Array.isArray(f.objects),
  );
  if (expected.length === 0) return null;
  const liveKeys = new Set(live.map(findingKey));
  return (
    <div>
      <h4 className="font-medium">Findings this change resolves (live)</h4>
      <ul className="mt-1 grid gap-0.5" aria-label="Findings resolved now">
        {expected.map((f, i) => {
          const gone = !liveKeys.has(findingKey(f));
          return (
            <li
              key={i}
              data-gone={gone}
              aria-label={`${f.code} ${gone ? 'gone' : 'still reported'}`}
            >
              <span className="font-mono font-semibold">{f.code}</span>{' '}
              <span
                className={gone ? 'text-emerald-700 dark:text-emerald-300' : 'text-sev-warning'}
              >
                {gone ? 'gone' : 'still reported'}
              </span>{' '}
              <span className={muted}>{f.message}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Summary({ result }: { result: ApplyResultDto }) {
  const failed = result.steps.find((s) => s.status === 'failed');
  const undone = result.rollback.filter((r) => r.ok).length;
  const stuck = result.rollback.filter((r) => !r.ok);
  if (result.ok)
    return (
      <p className="font-medium text-emerald-700 dark:text-emerald-300">
        Applied: {plural(result.steps.filter((s) => s.status === 'applied').length, 'step')}{' '}
        written.
      </p>
    );
  return (
    <div className="grid gap-1">
      <p className="text-sev-error font-medium">
        The change failed
        {failed ? ` at step ${failed.step + 1} on ${failed.cluster}: ${failed.message}` : ''}.
      </p>
      <p>
        {result.rollback.length === 0
          ? 'Nothing had been written before it, so nothing was rolled back.'
          : `Rolled back ${undone} of ${result.rollback.length} steps already applied, in reverse order.`}
      </p>
      {stuck.length > 0 && (
        <p className="text-sev-error">
          Could not roll back:{' '}
          {stuck.map((r) => `step ${r.step + 1} on ${r.cluster} (${r.message})`).join('; ')}. Fix
          these by hand (the kubectl commands above show what was meant).
        </p>
      )}
    </div>
  );
}

export function PlanApply({
  plan,
  access,
  onFresh,
  onApplying,
}: {
  plan: PlanDto;
  access: AdminAccess;
  /** The server refused a stale plan (409) and sent, or wants, a fresh preview. */
  onFresh: (plan?: PlanDto) => void;
  onApplying?: () => void;
}) {
  const fleet = useLiveFleet();
  const findings = useFindings();
  const apply = useMutation({ mutationFn: () => applyPlan(plan.id, access.csrfToken) });
  const expected = useMemo(
    () => plan.steps.map((s) => expectedOf(s.action, parseYaml(s.yaml))),
    [plan.steps],
  );
  const dryRunFailed = plan.dryRun.some((d) => !d.ok);
  // While the server applies, its plan carries the result so far: polled for live progress.
  const progress = useQuery({
    queryKey: ['plan-progress', plan.id],
    queryFn: () => fetchPlan(plan.id),
    enabled: apply.isPending,
    refetchInterval: apply.isPending ? 250 : false,
    retry: false,
  });
  const result = apply.data;
  const soFar = apply.isPending ? progress.data?.result : undefined;
  const error = apply.error instanceof PlanApiError ? apply.error : undefined;
  const busy = apply.isPending;
  const touched = [...new Set(plan.steps.map((s) => s.cluster))];

  const observed = (i: number): Observed =>
    fleet.data ? observedStep(fleet.data, plan.steps[i]!, expected[i]) : 'unknown';
  const shown = (i: number): Shown => {
    const status = (result ?? soFar)?.steps.find((s) => s.step === i)?.status;
    if (status) return status;
    return busy && observed(i) === 'done' ? 'seen' : 'waiting';
  };
  const rollbackOf = (i: number) => (result ?? soFar)?.rollback.find((r) => r.step === i);

  const disabledWhy =
    access.status !== 'admin'
      ? 'Sign in as admin to apply'
      : plan.steps.length === 0
        ? 'Nothing to apply'
        : dryRunFailed
          ? 'The dry run failed'
          : result
            ? result.ok
              ? 'Applied'
              : 'This plan failed and was rolled back'
            : undefined;

  return (
    <section id="apply" aria-label="Apply" className={cn(panel, 'grid scroll-mt-4 gap-3 p-4')}>
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="font-semibold">Apply</h3>
        <button
          type="button"
          className={primaryButton}
          disabled={busy || disabledWhy !== undefined}
          aria-describedby={disabledWhy ? 'apply-why' : undefined}
          onClick={() => {
            onApplying?.();
            apply.mutate();
          }}
        >
          {busy ? 'Applying…' : `Apply ${plural(plan.steps.length, 'step')}`}
        </button>
        {disabledWhy && (
          <span id="apply-why" className={`text-sm ${muted}`}>
            {disabledWhy}
          </span>
        )}
        {result && !result.ok && (
          <button type="button" className={button} onClick={() => onFresh()}>
            Make a new plan
          </button>
        )}
      </div>
      <p className={`text-sm ${muted}`}>
        Segments first, on every cluster that needs them, each confirmed before any label changes;
        if a step fails, the steps before it are undone in reverse order.
      </p>
      <div aria-live="polite" aria-busy={busy} className="grid gap-3 text-sm">
        {error && (
          <div role="alert" className="text-sev-error">
            <p className="font-medium">{error.message}</p>
            {error.status === 409 && (
              <p className="mt-1 text-slate-800 dark:text-slate-200">
                The fleet changed since this plan was made; nothing was written.{' '}
                <button type="button" className="underline" onClick={() => onFresh(error.plan)}>
                  Show the fresh preview
                </button>
              </p>
            )}
            {(error.status === 401 || error.status === 403) && (
              <p className="mt-1">Nothing was written. Sign in as admin and apply again.</p>
            )}
          </div>
        )}
        {(busy || result) && (
          <table className="w-full" aria-label="Progress">
            <thead className={muted}>
              <tr>
                <th className="py-1 pr-3 text-left font-medium">#</th>
                <th className="py-1 pr-3 text-left font-medium">Cluster</th>
                <th className="py-1 pr-3 text-left font-medium">Step</th>
                <th className="py-1 text-left font-medium">Status</th>
              </tr>
            </thead>
            <tbody>
              {plan.steps.map((s, i) => {
                const state = shown(i);
                const rb = rollbackOf(i);
                const message = result?.steps.find((x) => x.step === i)?.message;
                return (
                  <tr
                    key={i}
                    aria-label={`Step ${i + 1} ${s.cluster}`}
                    className="border-t border-slate-100 dark:border-slate-800"
                  >
                    <td className="py-1 pr-3">{i + 1}</td>
                    <td className="py-1 pr-3">{s.cluster}</td>
                    <td className="py-1 pr-3">{stepText(s)}</td>
                    <td className={cn('py-1', SHOWN_TONE[state])} data-status={state}>
                      {SHOWN_TEXT[state]}
                      {rb &&
                        state !== 'rolled-back' &&
                        (rb.ok ? ', rolled back' : ', rollback failed')}
                      {message && state === 'failed' && <span className={muted}> — {message}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {result && (
          <div role="status" aria-label="Apply result" data-ok={result.ok}>
            <Summary result={result} />
          </div>
        )}
        {result?.ok && findings.data && <ResolvedNow plan={plan} live={findings.data.findings} />}
        {result && fleet.data && (
          <div>
            <h4 className="font-medium">The clusters now (live)</h4>
            <ClustersNow fleet={fleet.data} clusters={touched} />
          </div>
        )}
      </div>
    </section>
  );
}
