import type { ApplyResultDto, FieldError, Intent, PlanDto } from '@/lib/plan/intent';

import { writeHeaders } from './admin-access';

/**
 * The plan API (issue 13 §1) as the browser calls it. Answers are not trusted blindly: a body
 * without the fields the UI needs is an error, with the status the server gave.
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

function fieldsOf(body: Record<string, unknown>): FieldError[] {
  const error = isObject(body.error) ? body.error : {};
  const list = [error.fields, error.errors, body.fields, body.errors].find(Array.isArray) as
    unknown[] | undefined;
  return (list ?? []).filter(
    (f): f is FieldError =>
      isObject(f) && typeof f.path === 'string' && typeof f.message === 'string',
  );
}

const isPlan = (v: unknown): v is PlanDto =>
  isObject(v) && typeof v.id === 'string' && Array.isArray(v.steps);

async function call(url: string, init: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...writeHeaders(), ...init.headers },
    });
  } catch {
    throw new PlanApiError('The Segscope server cannot be reached', 0);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body;
  const record = isObject(body) ? body : {};
  const error = isObject(record.error) ? record.error : {};
  const message =
    typeof error.message === 'string'
      ? error.message
      : response.status === 404
        ? 'The plan API is not available on this server'
        : `${url} answered ${response.status}`;
  const fresh = [record.plan, error.plan, record.preview].find(isPlan);
  throw new PlanApiError(message, response.status, fieldsOf(record), fresh);
}

/** `POST /api/plans`: the steps, what-if, dry run and commands of an intent. */
export async function requestPlan(intent: Intent): Promise<PlanDto> {
  const body = await call('/api/plans', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(intent),
  });
  if (!isPlan(body)) throw new PlanApiError('The server answered without a plan', 502);
  return body;
}

/** `POST /api/plans/<id>/apply`: every step's status and every rollback. */
export async function applyPlan(id: string): Promise<ApplyResultDto> {
  const body = await call(`/api/plans/${encodeURIComponent(id)}/apply`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (!isObject(body) || !Array.isArray(body.steps))
    throw new PlanApiError('The server answered without a result', 502);
  return {
    ...(body as unknown as ApplyResultDto),
    rollback: Array.isArray(body.rollback) ? (body.rollback as ApplyResultDto['rollback']) : [],
  };
}

/** `GET /api/plans/<id>`: the plan again; while it is applied, `result` holds each step so far. */
export async function fetchPlan(id: string): Promise<PlanDto> {
  const body = await call(`/api/plans/${encodeURIComponent(id)}`, { method: 'GET' });
  if (!isPlan(body)) throw new PlanApiError('The server answered without a plan', 502);
  return body;
}

export const bundleUrl = (id: string) => `/api/plans/${encodeURIComponent(id)}/bundle`;
