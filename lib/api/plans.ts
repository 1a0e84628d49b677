/**
 * The plan routes' responses as zod schemas, for the browser to validate what it receives
 * (`POST /api/plans`, `GET /api/plans/<id>`, `POST /api/plans/<id>/apply`, their error bodies).
 * The TypeScript types live in `lib/plan/intent.ts`; the assignments at the end keep both in step.
 */
import { z } from 'zod';

import {
  type ApplyResultDto,
  IntentSchema,
  type PlanDto,
  type StepAction,
  type StepStatus,
} from '../plan/intent';
import { FindingSchema, ObjectRefSchema } from './contract';

const STEP_ACTIONS = [
  'apply-segment',
  'update-segment',
  'delete-segment',
  'label-namespace',
  'unlabel-namespace',
  'label-service',
  'unlabel-service',
] as const satisfies readonly StepAction[];

const STEP_STATUSES = [
  'applied',
  'failed',
  'skipped',
  'rolled-back',
  'rollback-failed',
] as const satisfies readonly StepStatus[];

export const PlanStepSchema = z.object({
  cluster: z.string(),
  action: z.enum(STEP_ACTIONS),
  object: z.object({
    apiVersion: z.string(),
    kind: z.string(),
    namespace: z.string().optional(),
    name: z.string(),
  }),
  yaml: z.string(),
  description: z.string(),
});

const HostnameEntrySchema = z.object({ hostname: z.string(), contributors: z.array(z.string()) });

export const ApplyResultSchema = z.object({
  id: z.string(),
  ok: z.boolean(),
  steps: z.array(
    z.object({
      cluster: z.string(),
      step: z.number(),
      status: z.enum(STEP_STATUSES),
      message: z.string(),
    }),
  ),
  rollback: z.array(
    z.object({ cluster: z.string(), step: z.number(), ok: z.boolean(), message: z.string() }),
  ),
});

export const PlanSchema = z.object({
  id: z.string(),
  intent: IntentSchema,
  steps: z.array(PlanStepSchema),
  whatIf: z.object({
    hostnames: z.array(
      z.object({
        viewer: z.string(),
        appear: z.array(HostnameEntrySchema),
        disappear: z.array(HostnameEntrySchema),
        change: z.array(
          z.object({
            hostname: z.string(),
            before: z.array(z.string()),
            after: z.array(z.string()),
          }),
        ),
      }),
    ),
    findings: z.object({ resolved: z.array(FindingSchema), introduced: z.array(FindingSchema) }),
    references: z.array(ObjectRefSchema.extend({ hostname: z.string() })),
    warnings: z.array(z.string()),
  }),
  dryRun: z.array(
    z.object({ cluster: z.string(), step: z.number(), ok: z.boolean(), message: z.string() }),
  ),
  dryRunOk: z.boolean(),
  commands: z.string(),
  holders: z.array(
    z.object({
      cluster: z.string(),
      role: z.enum(['member', 'peer']),
      peersWith: z.array(z.string()),
      reason: z.string(),
    }),
  ),
  createdAt: z.string(),
  expiresAt: z.string(),
  status: z.enum(['ready', 'applying', 'applied', 'failed', 'stale']),
  result: ApplyResultSchema.optional(),
});

/** Every error body of the plan routes; `fields` on 400, `conflicts` (and a fresh `plan`) on 409. */
export const PlanErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    conflicts: z
      .array(
        z.object({
          cluster: z.string(),
          step: z.number(),
          object: z.string(),
          message: z.string(),
        }),
      )
      .optional(),
  }),
  plan: PlanSchema.optional(),
});
export type PlanError = z.infer<typeof PlanErrorSchema>;

// A schema that drifts from the types fails to compile here. Findings are checked one way only:
// their code is a string on the wire and the catalogue's union in the engine.
export const planToSchema = (p: PlanDto): z.infer<typeof PlanSchema> => p;
export const planFromSchema = (p: z.infer<typeof PlanSchema>): Omit<PlanDto, 'whatIf'> => p;
export const applyResultFromSchema = (r: z.infer<typeof ApplyResultSchema>): ApplyResultDto => r;
