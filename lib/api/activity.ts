import { z } from 'zod';

/** One applied plan as `GET /api/activity` returns it (the audit trail, issue 13 §3). */
export const ActivityRecordSchema = z.object({
  planId: z.string(),
  user: z.string(),
  at: z.string(),
  intent: z.looseObject({ type: z.string() }),
  /** One line: what the intent asked for. */
  summary: z.string(),
  /** One line: applied, or where it failed and what was rolled back. */
  outcome: z.string(),
  ok: z.boolean(),
  clusters: z.array(z.string()),
  steps: z.array(
    z.object({ cluster: z.string(), step: z.number(), status: z.string(), message: z.string() }),
  ),
  rollback: z.array(
    z.object({ cluster: z.string(), step: z.number(), ok: z.boolean(), message: z.string() }),
  ),
});
export type ActivityRecord = z.infer<typeof ActivityRecordSchema>;

export const ActivityResponseSchema = z.object({
  records: z.array(ActivityRecordSchema),
  history: z.object({
    /** Whether the Events of earlier runs have been read back from the clusters. */
    restored: z.boolean(),
    /** Clusters whose audit Events could not be read (down, forbidden). */
    unreadable: z.array(z.string()),
  }),
});
export type ActivityResponse = z.infer<typeof ActivityResponseSchema>;
