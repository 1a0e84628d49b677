import 'server-only';

import type { ApplyResultDto, Intent } from '@/lib/plan/intent';

/** One applied plan, as the audit trail keeps it (issue 13 §3). */
export interface AuditRecord {
  planId: string;
  /** The principal's name; never a credential. */
  user: string;
  /** ISO time the apply finished. */
  at: string;
  intent: Intent;
  /** Clusters the plan touched (wrote or tried to write). */
  clusters: string[];
  result: ApplyResultDto;
}

const records: AuditRecord[] = [];

/** Records an applied plan. */
export async function recordApplied(record: AuditRecord): Promise<void> {
  records.unshift(record);
}

/** Applied plans, newest first. */
export function auditRecords(): readonly AuditRecord[] {
  return records;
}
