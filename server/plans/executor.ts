import type { KubeConfig } from '@kubernetes/client-node';

import type { K8sObject } from '@/lib/model/objects';
import type { ApplyResultDto, DryRunResult, StepStatus } from '@/lib/plan/intent';
import { cleanManifest, type PlannedStep, type StepPhase } from '@/lib/plan/steps';

import { type ClusterWriter, type WriteResult, writerFor } from './cluster-writer';

/**
 * Runs a plan's steps against the clusters: a server-side dry-run of every step, and the apply
 * (issue 13 §1): concurrency check against the resourceVersions the plan observed, the phases in
 * order (Segments everywhere and confirmed, then labels, then deletions), clusters in parallel
 * within a phase and each cluster's steps in order; on the first failure the phase finishes what
 * is in flight and every applied step is undone in reverse.
 */

const PHASES: StepPhase[] = ['segments', 'labels', 'deletes'];

function writers(kc: KubeConfig, steps: readonly PlannedStep[]): Map<string, ClusterWriter> {
  return new Map(steps.map((s) => [s.cluster, writerFor(kc, s.cluster)]));
}

/** Step indexes grouped by cluster, in plan order. */
function byCluster(indexes: readonly number[], steps: readonly PlannedStep[]): number[][] {
  const groups = new Map<string, number[]>();
  for (const i of indexes) {
    const c = steps[i]!.cluster;
    groups.set(c, [...(groups.get(c) ?? []), i]);
  }
  return [...groups.values()];
}

const failureText = (r: Extract<WriteResult, { ok: false }>) =>
  r.status ? `${r.status} ${r.reason ? `${r.reason}: ` : ''}${r.message}` : r.message;

function write(
  writer: ClusterWriter,
  step: PlannedStep,
  dryRun: boolean,
  current?: K8sObject,
): Promise<WriteResult> {
  const rv = current?.metadata.resourceVersion ?? step.observed ?? '';
  switch (step.write.op) {
    case 'create':
      return writer.create(step.write.manifest, dryRun);
    case 'patch':
      return writer.patch(step.object, step.write.patch, rv, dryRun);
    case 'delete':
      return writer.delete(step.object, { resourceVersion: rv }, dryRun);
  }
}

/** `dryRun=All` of every step, per cluster in order, clusters in parallel. */
export async function dryRunSteps(
  kc: KubeConfig,
  steps: readonly PlannedStep[],
): Promise<DryRunResult[]> {
  const all = writers(kc, steps);
  const results: DryRunResult[] = [];
  await Promise.all(
    byCluster(
      steps.map((_, i) => i),
      steps,
    ).map(async (indexes) => {
      for (const i of indexes) {
        const step = steps[i]!;
        const r = await write(all.get(step.cluster)!, step, true);
        results.push({
          cluster: step.cluster,
          step: i,
          ok: r.ok,
          message: r.ok ? 'dry-run passed' : failureText(r),
        });
      }
    }),
  );
  return results.sort((a, b) => a.step - b.step);
}

/** An object a step touches that is not as the plan observed it. */
export interface Conflict {
  cluster: string;
  step: number;
  object: string;
  message: string;
}

const objectText = (s: PlannedStep) =>
  `${s.object.kind} ${s.object.namespace ? `${s.object.namespace}/` : ''}${s.object.name}`;

/**
 * Reads every object the steps touch; conflicts where one changed (another resourceVersion,
 * created or deleted) since the plan observed it, `unreadable` where it could not be read. The
 * objects read are returned for rollback.
 */
export async function checkObserved(
  kc: KubeConfig,
  steps: readonly PlannedStep[],
): Promise<{ conflicts: Conflict[]; unreadable: Conflict[]; current: (K8sObject | undefined)[] }> {
  const all = writers(kc, steps);
  const current: (K8sObject | undefined)[] = [];
  const conflicts: Conflict[] = [];
  const unreadable: Conflict[] = [];
  await Promise.all(
    steps.map(async (step, i) => {
      const r = await all.get(step.cluster)!.read(step.object);
      const base = { cluster: step.cluster, step: i, object: objectText(step) };
      if (!r.ok) {
        unreadable.push({ ...base, message: `cannot read it: ${failureText(r)}` });
        return;
      }
      current[i] = r.object;
      const rv = r.object?.metadata.resourceVersion ?? null;
      if (step.observed === null && rv !== null)
        conflicts.push({ ...base, message: 'it was created since the plan was made' });
      else if (step.observed !== null && rv === null)
        conflicts.push({ ...base, message: 'it was deleted since the plan was made' });
      else if (step.observed !== null && rv !== step.observed)
        conflicts.push({
          ...base,
          message: `it changed since the plan was made (resourceVersion ${step.observed} → ${rv})`,
        });
    }),
  );
  const byStep = (a: Conflict, b: Conflict) => a.step - b.step;
  return { conflicts: conflicts.sort(byStep), unreadable: unreadable.sort(byStep), current };
}

/** Whether `object` still holds what `patch` set (labels and spec fields, one level deep). */
function stillPatched(object: K8sObject | undefined, patch: Record<string, unknown>): boolean {
  if (!object) return false;
  const labels = (patch.metadata as { labels?: Record<string, string | null> } | undefined)?.labels;
  const spec = patch.spec as Record<string, unknown> | undefined;
  const current = (object.spec ?? {}) as Record<string, unknown>;
  return (
    Object.entries(labels ?? {}).every(([k, v]) => (object.metadata.labels?.[k] ?? null) === v) &&
    Object.entries(spec ?? {}).every(
      ([k, v]) => JSON.stringify(current[k] ?? null) === JSON.stringify(v),
    )
  );
}

/**
 * Undoes one applied step, given what the step wrote (`after`) and what was there (`before`).
 * Controllers write too (istiod updates a Segment's status within moments), so an undo does not
 * insist on the resourceVersion of its own write: a created object is deleted by its uid; a patch
 * is reverted as long as the fields it set still hold its values (re-read on a conflict), never
 * over someone else's change.
 */
async function undo(
  writer: ClusterWriter,
  step: PlannedStep,
  before: K8sObject | undefined,
  after: K8sObject | undefined,
): Promise<WriteResult> {
  switch (step.write.op) {
    case 'create': {
      const uid = after?.metadata.uid;
      return writer.delete(step.object, uid ? { uid } : {}, false);
    }
    case 'patch': {
      let rv = after?.metadata.resourceVersion ?? '';
      for (let attempt = 0; ; attempt++) {
        const r = await writer.patch(step.object, step.write.undo, rv, false);
        if (r.ok || r.status !== 409 || attempt >= 3) return r;
        const now = await writer.read(step.object);
        if (!now.ok) return now;
        if (!stillPatched(now.object, step.write.patch))
          return {
            ok: false,
            status: 409,
            reason: 'Conflict',
            message: 'changed by someone else since it was applied: left as it is now',
          };
        rv = now.object?.metadata.resourceVersion ?? '';
      }
    }
    case 'delete':
      return before
        ? writer.create(cleanManifest(before), false)
        : { ok: false, status: 0, reason: '', message: 'nothing to restore' };
  }
}

/** A Segment write counts only when the object the server returns has the domain intended. */
function confirmed(step: PlannedStep, r: WriteResult): WriteResult {
  if (!r.ok || step.object.kind !== 'Segment' || step.write.op === 'delete') return r;
  const wanted =
    step.write.op === 'create'
      ? (step.write.manifest.spec as { domain?: string } | undefined)?.domain
      : (step.write.patch.spec as { domain?: string } | undefined)?.domain;
  const got = (r.object?.spec as { domain?: string } | undefined)?.domain;
  if (wanted === undefined || got === wanted) return r;
  return {
    ok: false,
    status: 0,
    reason: 'NotConfirmed',
    message: `the cluster holds domain "${got}" instead of "${wanted}"`,
  };
}

export interface ApplyProgress {
  (result: ApplyResultDto): void;
}

/**
 * Applies `steps` (whose objects `checkObserved` found as observed, `current`), reporting the
 * result so far after every step through `progress`, and returns the final result.
 */
export async function applySteps(
  kc: KubeConfig,
  id: string,
  steps: readonly PlannedStep[],
  current: readonly (K8sObject | undefined)[],
  progress: ApplyProgress = () => {},
): Promise<ApplyResultDto> {
  const all = writers(kc, steps);
  const result: ApplyResultDto = {
    id,
    ok: true,
    steps: steps.map((s, i) => ({
      cluster: s.cluster,
      step: i,
      status: 'skipped' as StepStatus,
      message: 'not run',
    })),
    rollback: [],
  };
  const written: (K8sObject | undefined)[] = [];
  /** Applied steps in the order they completed. */
  const applied: number[] = [];
  const report = () => progress(structuredClone(result));
  let failed = false;
  for (const phase of PHASES) {
    const indexes = steps.flatMap((s, i) => (s.phase === phase ? [i] : []));
    await Promise.all(
      byCluster(indexes, steps).map(async (group) => {
        for (const i of group) {
          if (failed) return;
          const step = steps[i]!;
          const raw = await write(all.get(step.cluster)!, step, false, current[i]);
          const r = confirmed(step, raw);
          const entry = result.steps[i]!;
          // Written but not as intended still gets undone.
          if (raw.ok) {
            written[i] = raw.object;
            applied.push(i);
          }
          if (r.ok) {
            entry.status = 'applied';
            entry.message = step.description;
          } else {
            failed = true;
            entry.status = 'failed';
            entry.message = failureText(r);
          }
          report();
        }
      }),
    );
    if (failed) break;
  }
  if (!failed) return result;
  result.ok = false;
  // Reverse: later phases first; within a phase each cluster's steps backwards, clusters in parallel.
  for (const phase of [...PHASES].reverse()) {
    const undone = applied.filter((i) => steps[i]!.phase === phase).reverse();
    await Promise.all(
      byCluster(undone, steps).map(async (group) => {
        for (const i of group) {
          const step = steps[i]!;
          const r = await undo(all.get(step.cluster)!, step, current[i], written[i]);
          result.rollback.push({
            cluster: step.cluster,
            step: i,
            ok: r.ok,
            message: r.ok ? `undone: ${step.description}` : `could not undo: ${failureText(r)}`,
          });
          result.steps[i]!.status = r.ok ? 'rolled-back' : 'rollback-failed';
          report();
        }
      }),
    );
  }
  return result;
}
