import 'server-only';

import type { KubeConfig } from '@kubernetes/client-node';

import type { LiveRevision } from '@/lib/api/fleet-view';
import { type FieldError, type Intent, parseIntent, type PlanDto } from '@/lib/plan/intent';
import { planIntent } from '@/lib/plan/planner';
import type { PlannedStep } from '@/lib/plan/steps';

import { recordApplied } from '../audit/audit';
import type { Principal } from '../auth/guard';
import { loadKubeconfig } from '../config/kubeconfig';
import { AppError } from '../http/app-error';
import { readBodyText } from '../http/read-json-body';
import { fleetStore } from '../live/global-store';
import { bundle, type BundleFormat } from './bundle';
import { applySteps, checkObserved, type Conflict, dryRunSteps } from './executor';
import { planDto, planStore, type StoredPlan } from './plan-store';

/** What the plan routes of app/api call: parse, plan, dry-run, apply. */

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'the request body is not valid JSON');
  }
}

const invalid = (fields: FieldError[], message = 'the intent is not valid') =>
  json({ error: { code: 'bad_request', message, fields } }, 400);

let loaded: { key: string; kc: KubeConfig } | undefined;

/** The kubeconfig, loaded once per KUBECONFIG value (its writers keep their connections). */
function kubeconfig(): KubeConfig {
  const key = process.env.KUBECONFIG ?? '';
  if (loaded?.key !== key) loaded = { key, kc: loadKubeconfig(process.env).kc };
  return loaded.kc;
}

async function readyRevision(): Promise<LiveRevision> {
  const store = fleetStore();
  try {
    return await store.waitFor((r) => r.ready, 15_000);
  } catch {
    throw new AppError('unavailable', 'the fleet is still being read: try again in a moment');
  }
}

type Made = { ok: true; plan: StoredPlan } | { ok: false; errors: FieldError[] };

async function makePlan(intent: Intent, rev: LiveRevision): Promise<Made> {
  const result = planIntent(intent, rev);
  if (!result.ok) return result;
  const dryRun = await dryRunSteps(kubeconfig(), result.plan.steps);
  return { ok: true, plan: planStore().add(result.plan, dryRun) };
}

/** POST /api/plans: the intent becomes a plan, dry-run on every cluster (201), or 400. */
export async function createPlan(req: Request): Promise<Response> {
  const parsed = parseIntent(parseJson(await readBodyText(req)));
  if (!parsed.ok) return invalid(parsed.errors);
  const made = await makePlan(parsed.intent, await readyRevision());
  if (!made.ok) return invalid(made.errors, 'the fleet does not allow this change');
  return json(planDto(made.plan), 201);
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function storedPlan(id: string): StoredPlan {
  const plan = ID.test(id) ? planStore().get(id) : undefined;
  if (plan === 'expired') throw new AppError('gone', `plan ${id} has expired: make a new one`);
  if (!plan) throw new AppError('not_found', `no plan "${id}"`);
  return plan;
}

export function getPlan(id: string): PlanDto {
  return planDto(storedPlan(id));
}

export async function planBundle(id: string, format: string | null): Promise<Response> {
  const chosen: BundleFormat | undefined =
    format === null || format === 'zip' ? 'zip' : format === 'tar.gz' ? 'tar.gz' : undefined;
  if (!chosen) throw new AppError('bad_request', 'format must be zip or tar.gz');
  const plan = storedPlan(id);
  const bytes = await bundle(plan.id, plan.draft.steps, chosen);
  return new Response(Buffer.from(bytes), {
    headers: {
      'Content-Type': chosen === 'zip' ? 'application/zip' : 'application/gzip',
      'Content-Disposition': `attachment; filename="segscope-plan-${plan.id.slice(0, 8)}.${chosen}"`,
    },
  });
}

const sameObject =
  (step: PlannedStep) =>
  (o: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }) =>
    o.kind === step.object.kind &&
    o.apiVersion.split('/')[0] === step.object.apiVersion.split('/')[0] &&
    o.metadata.name === step.object.name &&
    (o.metadata.namespace ?? '') === (step.object.namespace ?? '');

/** The store has seen every touched object as `current` has it (waits briefly for its watches). */
async function caughtUp(
  steps: readonly PlannedStep[],
  current: readonly ({ metadata: { resourceVersion?: string } } | undefined)[],
) {
  const seen = (rev: LiveRevision) =>
    steps.every((step, i) => {
      const objects = rev.input.clusters.find((c) => c.context === step.cluster)?.objects ?? [];
      const held = objects.find(sameObject(step));
      return (
        (held?.metadata.resourceVersion ?? null) === (current[i]?.metadata.resourceVersion ?? null)
      );
    });
  try {
    return await fleetStore().waitFor(seen, 5_000);
  } catch {
    return fleetStore().revision;
  }
}

async function refused(
  plan: StoredPlan,
  conflicts: Conflict[],
  current: Parameters<typeof caughtUp>[1],
) {
  plan.status = 'stale';
  const fresh = await makePlan(plan.draft.intent, await caughtUp(plan.draft.steps, current));
  return json(
    {
      error: {
        code: 'conflict',
        message:
          'objects this plan touches changed since it was made; nothing was written. Review the fresh preview.',
        conflicts,
        ...(fresh.ok ? {} : { fields: fresh.errors }),
      },
      ...(fresh.ok ? { plan: planDto(fresh.plan) } : {}),
    },
    409,
  );
}

/** Apply bodies: empty, or `{}`; anything else is a mistake worth a 400. */
async function expectEmptyBody(req: Request): Promise<void> {
  const text = (await readBodyText(req)).trim();
  if (text === '') return;
  const body = parseJson(text);
  if (!body || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length > 0)
    throw new AppError('bad_request', 'apply takes no parameters: send an empty body or {}');
}

/**
 * POST /api/plans/<id>/apply: refuses (409 with a fresh preview) when an object the plan touches
 * changed since it was made; otherwise applies every step in order, rolling back on failure, and
 * records the result in the audit trail.
 */
export async function applyPlan(req: Request, id: string, principal: Principal): Promise<Response> {
  await expectEmptyBody(req);
  const plan = storedPlan(id);
  if (plan.status !== 'ready')
    throw new AppError(
      'conflict',
      `plan ${id} is ${plan.status}: make a new plan to change the fleet again`,
    );
  plan.status = 'applying';
  try {
    const kc = kubeconfig();
    const { steps } = plan.draft;
    const { conflicts, unreadable, current } = await checkObserved(kc, steps);
    if (unreadable.length) {
      // Nothing was written: the plan can be applied once the clusters answer again.
      plan.status = 'ready';
      throw new AppError(
        'unavailable',
        `nothing was written: ${unreadable.map((u) => `${u.object} in ${u.cluster} ${u.message}`).join('; ')}`,
      );
    }
    if (conflicts.length) return await refused(plan, conflicts, current);
    const result = await applySteps(kc, plan.id, steps, current, (r) => (plan.result = r));
    plan.result = result;
    plan.status = result.ok ? 'applied' : 'failed';
    await recordApplied({
      planId: plan.id,
      user: principal.name,
      at: new Date().toISOString(),
      intent: plan.draft.intent,
      clusters: [...new Set(steps.map((s) => s.cluster))],
      result,
    });
    return json(result, 200);
  } finally {
    if (plan.status === 'applying') plan.status = 'failed';
  }
}
