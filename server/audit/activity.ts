import 'server-only';

import type { ActivityRecord, ActivityResponse } from '@/lib/api/activity';
import { describeIntent, describeResult } from '@/lib/audit/describe';

import { type AuditRecord, auditTrail } from './audit';

function toDto(r: AuditRecord): ActivityRecord {
  return {
    planId: r.planId,
    user: r.user,
    at: r.at,
    intent: r.intent,
    summary: describeIntent(r.intent),
    outcome: describeResult(r.result),
    ok: r.result.ok,
    clusters: r.clusters,
    steps: r.result.steps,
    rollback: r.result.rollback,
  };
}

/** `GET /api/activity`: applied plans, newest first, after reading back the clusters' Events. */
export async function activity(): Promise<ActivityResponse> {
  const trail = auditTrail();
  await trail.restore();
  return { records: trail.list().map(toDto), history: trail.history() };
}
