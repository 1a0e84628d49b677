import { ApplyResultSchema, PlanErrorSchema, PlanSchema } from '@/lib/api/plans';
import type { ApplyResultDto, FieldError, Intent, PlanDto } from '@/lib/plan/intent';

/**
 * The plan API (issue 13 §1) as the browser calls it, answers validated against
 * `lib/api/plans.ts`. Writes carry the session's CSRF token (`x-csrf-token`); the session cookie
 * travels by itself.
 */

export class PlanApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Field-level problems of a 400, in the shape the form shows next to each field. */
    readonly fields: FieldError[] = [],
    /** A 409's fresh preview, when the server sends one. */
    readonly plan?: PlanDto,
  ) {
    super(message);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function planOf(v: unknown): PlanDto | undefined {
  const parsed = PlanSchema.safeParse(v);
  return parsed.success ? (v as PlanDto) : undefined;
}

async function call(url: string, init: RequestInit, csrfToken?: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
        ...init.headers,
      },
    });
  } catch {
    throw new PlanApiError('The Segscope server cannot be reached', 0);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body;
  const error = PlanErrorSchema.safeParse(body);
  const message = error.success
    ? error.data.error.message
    : response.status === 404
      ? 'The plan API is not available on this server'
      : `${url} answered ${response.status}`;
  const fresh = isObject(body) ? planOf(body.plan) : undefined;
  throw new PlanApiError(
    message,
    response.status,
    error.success ? (error.data.error.fields ?? []) : [],
    fresh,
  );
}

/** `POST /api/plans`: the steps, what-if, dry run and commands of an intent. */
export async function requestPlan(intent: Intent, csrfToken?: string): Promise<PlanDto> {
  const body = await call(
    '/api/plans',
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(intent),
    },
    csrfToken,
  );
  const plan = planOf(body);
  if (!plan) throw new PlanApiError('The server answered without a plan', 502);
  return plan;
}

/** `POST /api/plans/<id>/apply`: every step's status and every rollback. */
export async function applyPlan(id: string, csrfToken?: string): Promise<ApplyResultDto> {
  const body = await call(
    `/api/plans/${encodeURIComponent(id)}/apply`,
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' },
    csrfToken,
  );
  const result = ApplyResultSchema.safeParse(body);
  if (!result.success) throw new PlanApiError('The server answered without a result', 502);
  return result.data;
}

/** `GET /api/plans/<id>`: the plan again; while it is applied, `result` holds each step so far. */
export async function fetchPlan(id: string): Promise<PlanDto> {
  const plan = planOf(await call(`/api/plans/${encodeURIComponent(id)}`, { method: 'GET' }));
  if (!plan) throw new PlanApiError('The server answered without a plan', 502);
  return plan;
}

export const bundleUrl = (id: string) => `/api/plans/${encodeURIComponent(id)}/bundle`;
