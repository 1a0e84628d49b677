import 'server-only';

import { randomUUID } from 'node:crypto';

import type { ApplyResultDto, DryRunResult, PlanDto, PlanStatus } from '@/lib/plan/intent';
import type { PlanDraft } from '@/lib/plan/planner';

/** A plan as the server keeps it: the draft with its executable steps, and what became of it. */
export interface StoredPlan {
  id: string;
  createdAt: number;
  expiresAt: number;
  draft: PlanDraft;
  dryRun: DryRunResult[];
  status: PlanStatus;
  /** While applying: the result so far; after: the final result. */
  result?: ApplyResultDto;
}

/** Plans kept at most; the oldest go first. */
const MAX_PLANS = 500;

const ttlMs = () => {
  const n = Number(process.env.SEGSCOPE_PLAN_TTL_MS);
  return Number.isFinite(n) && n > 0 ? n : 15 * 60_000;
};

/**
 * Plans in memory, one store per process (on globalThis: route bundles load this module
 * separately). A plan expires `SEGSCOPE_PLAN_TTL_MS` (15 min) after it was made: the fleet has
 * moved on by then, and an old preview is no basis for a write.
 */
class PlanStore {
  private readonly plans = new Map<string, StoredPlan>();

  add(draft: PlanDraft, dryRun: DryRunResult[], now = Date.now()): StoredPlan {
    const plan: StoredPlan = {
      id: randomUUID(),
      createdAt: now,
      expiresAt: now + ttlMs(),
      draft,
      dryRun,
      status: 'ready',
    };
    this.plans.set(plan.id, plan);
    for (const id of this.plans.keys()) {
      if (this.plans.size <= MAX_PLANS) break;
      this.plans.delete(id);
    }
    return plan;
  }

  /** The plan, `expired` when its time is up (it is then forgotten), or undefined. */
  get(id: string, now = Date.now()): StoredPlan | 'expired' | undefined {
    const plan = this.plans.get(id);
    if (!plan) return undefined;
    if (plan.expiresAt <= now && plan.status !== 'applying') {
      this.plans.delete(id);
      return 'expired';
    }
    return plan;
  }
}

const KEY = Symbol.for('segscope.plan-store');

export function planStore(): PlanStore {
  const g = globalThis as unknown as Record<symbol, PlanStore | undefined>;
  return (g[KEY] ??= new PlanStore());
}

export function planDto(plan: StoredPlan): PlanDto {
  const { draft } = plan;
  return {
    id: plan.id,
    intent: draft.intent,
    steps: draft.steps.map(({ cluster, action, object, yaml, description }) => ({
      cluster,
      action,
      object,
      yaml,
      description,
    })),
    whatIf: draft.whatIf,
    dryRun: plan.dryRun,
    dryRunOk: plan.dryRun.every((r) => r.ok),
    commands: draft.commands,
    holders: draft.holders,
    createdAt: new Date(plan.createdAt).toISOString(),
    expiresAt: new Date(plan.expiresAt).toISOString(),
    status: plan.status,
    ...(plan.result ? { result: plan.result } : {}),
  };
}
