import { z } from 'zod';
import type { Finding } from '../analyze';
import { segmentDomainProblem, segmentNameProblem } from './changes';
import type { RequiredHolder } from './holders';
import type { ViewerHostnameDiff } from './what-if';

/**
 * What a user asks Segscope to change (issue 13 §1, domain README §4), before it becomes steps.
 * One schema for the wizard's form and for `POST /api/plans`: the static rules live here; rules
 * that need the fleet (known clusters, a domain no other segment uses) are checked where the
 * fleet is known and reported in the same field-error shape.
 */

const SegmentName = z
  .string()
  .trim()
  .superRefine((name, ctx) => {
    const problem = segmentNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const SegmentDomain = z
  .string()
  .trim()
  .superRefine((domain, ctx) => {
    const problem = segmentDomainProblem(domain);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const ClusterId = z.string().min(1, 'pick a cluster').max(253);
const K8sName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'is not a DNS-1123 label');

export const CreateSegmentIntentSchema = z.strictObject({
  type: z.literal('create-segment'),
  name: SegmentName,
  domain: SegmentDomain,
  clusters: z.array(ClusterId).min(1, 'pick at least one member cluster').max(1000),
});

export const MoveClusterIntentSchema = z.strictObject({
  type: z.literal('move-cluster'),
  cluster: ClusterId,
  /** Target segment; `default` takes the cluster out of every segment (removes the label). */
  segment: z.string().trim().min(1).max(63),
});

export const SetScopeIntentSchema = z.strictObject({
  type: z.literal('set-scope'),
  cluster: ClusterId,
  namespace: K8sName,
  /** Absent: the namespace's label; present: the one Service's. */
  service: K8sName.optional(),
  /** `null` removes the label. */
  scope: z.enum(['global', 'segment']).nullable(),
});

export const DeleteSegmentIntentSchema = z.strictObject({
  type: z.literal('delete-segment'),
  name: SegmentName,
});

/** Fix one finding whose fix is mechanical; `finding` is the finding's key (`findingKey`). */
export const FixIntentSchema = z.strictObject({
  type: z.literal('fix'),
  finding: z.string().min(1).max(2000),
  /** SEG202: the domain that wins, picked by the user; SEG201/SEG203: the domain to create with. */
  domain: z.string().trim().max(63).optional(),
  /** SEG203 only: correct the label instead (a segment name, or null to remove the label). */
  relabel: z.string().trim().min(1).max(63).nullable().optional(),
});

export const IntentSchema = z.discriminatedUnion('type', [
  CreateSegmentIntentSchema,
  MoveClusterIntentSchema,
  SetScopeIntentSchema,
  DeleteSegmentIntentSchema,
  FixIntentSchema,
]);
export type Intent = z.infer<typeof IntentSchema>;
export type IntentType = Intent['type'];

/** A problem with one field of an intent: `path` is the field (`name`, `clusters.2`, …). */
export interface FieldError {
  path: string;
  message: string;
}

/** Field errors of a zod failure, one per issue, in the shape the form and the API share. */
export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

export type IntentParse = { ok: true; intent: Intent } | { ok: false; errors: FieldError[] };

export function parseIntent(body: unknown): IntentParse {
  const parsed = IntentSchema.safeParse(body);
  return parsed.success
    ? { ok: true, intent: parsed.data }
    : { ok: false, errors: fieldErrorsOf(parsed.error) };
}

// ---- The plan as the API returns it (issue 13 §1; other checks rely on these shapes) ----------

export type StepAction =
  | 'apply-segment'
  | 'update-segment'
  | 'delete-segment'
  | 'label-namespace'
  | 'unlabel-namespace'
  | 'label-service'
  | 'unlabel-service';

export interface PlanObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface PlanStep {
  cluster: string;
  action: StepAction;
  object: PlanObjectRef;
  /** The manifest (or patch) this step writes, as YAML. */
  yaml: string;
  /** One line for people: what this step does. */
  description: string;
}

export interface DryRunResult {
  cluster: string;
  /** Index into `steps`. */
  step: number;
  ok: boolean;
  message: string;
}

/** A reference, somewhere in the fleet, to a hostname the plan retires (it disappears for a viewer). */
export interface RetiredReference {
  cluster: string;
  kind: string;
  namespace?: string;
  name: string;
  hostname: string;
}

export interface PlanWhatIf {
  /** Per viewing cluster: hostnames that appear, disappear or change contributors. */
  hostnames: ViewerHostnameDiff[];
  findings: { resolved: Finding[]; introduced: Finding[] };
  /** Routes and ServiceEntries still naming a hostname that disappears. */
  references: RetiredReference[];
  /** Worth a second look (e.g. a Segment's domain is changed on purpose). */
  warnings: string[];
}

export interface PlanDto {
  id: string;
  intent: Intent;
  steps: PlanStep[];
  whatIf: PlanWhatIf;
  dryRun: DryRunResult[];
  /** The same steps as kubectl commands, one per line. */
  commands: string;
  /** Clusters that must hold the segment's Segment and why (create-segment, move-cluster). */
  holders: RequiredHolder[];
  /** ISO times: when the plan was made and when it can no longer be applied. */
  createdAt: string;
  expiresAt: string;
  /** Every step's dry-run passed (an empty plan passes). */
  dryRunOk: boolean;
  /**
   * `ready` to apply; `applying` (poll `GET /api/plans/<id>`: `result` shows each step live);
   * `applied`; `failed` (rolled back, see `result`); `stale` (its objects changed: make a new plan).
   */
  status: PlanStatus;
  result?: ApplyResultDto;
}

export type PlanStatus = 'ready' | 'applying' | 'applied' | 'failed' | 'stale';

export type StepStatus = 'applied' | 'failed' | 'skipped' | 'rolled-back' | 'rollback-failed';

export interface ApplyResultDto {
  id: string;
  ok: boolean;
  steps: { cluster: string; step: number; status: StepStatus; message: string }[];
  rollback: { cluster: string; step: number; ok: boolean; message: string }[];
}
