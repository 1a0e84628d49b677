import type { ListOptions } from './list-options';
import { badRequest, invalid, type StatusError } from './status';
import type { StatusCause } from './status';
import type { ResourceType } from './types';

/** The list and watch parameters of a collection GET, checked as a 1.32 API server checks them. */
export interface ListQuery {
  options: ListOptions;
  watch: boolean;
  /** A parsed revision; undefined for unset, "" and "0" (any / most recent). */
  resourceVersion?: number;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
  timeoutSeconds?: number;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
}

/** apimachinery's Convert_Slice_string_To_bool: only "0" and "false" (any case) are false. */
export function queryBool(q: URLSearchParams, name: string): boolean {
  const value = q.get(name);
  if (value === null) return false;
  return !(value === '0' || value.toLowerCase() === 'false');
}

/** strconv.ParseInt(v, 10, 64), with Go's error text. */
function queryInt(q: URLSearchParams, name: string): number | undefined {
  const value = q.get(name);
  if (value === null) return undefined;
  if (!/^[+-]?\d+$/.test(value))
    throw badRequest(`${name}: strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw badRequest(
      `${name}: strconv.ParseInt: parsing ${JSON.stringify(value)}: value out of range`,
    );
  return n;
}

/** APIObjectVersioner.ParseResourceVersion: "" and "0" mean any; otherwise a decimal uint64. */
export function parseResourceVersion(value: string | null): number | undefined {
  if (value === null || value === '' || value === '0') return undefined;
  const error = !/^\d+$/.test(value)
    ? 'invalid syntax'
    : Number.isSafeInteger(Number(value))
      ? undefined
      : 'value out of range';
  if (error)
    throw badRequest(
      `resourceVersion: Invalid value: ${JSON.stringify(value)}: strconv.ParseUint: parsing ${JSON.stringify(value)}: ${error}`,
    );
  return Number(value);
}

function listOptionsInvalid(causes: StatusCause[]): StatusError {
  return invalid({ kind: 'ListOptions', group: 'meta.k8s.io' } as ResourceType, '', causes);
}

const forbiddenCause = (field: string, detail: string): StatusCause => ({
  reason: 'FieldValueForbidden',
  message: `Forbidden: ${detail}`,
  field,
});

export function parseListQuery(q: URLSearchParams): ListQuery {
  const limit = queryInt(q, 'limit');
  const watch = queryBool(q, 'watch');
  const rvText = q.get('resourceVersion');
  const resourceVersion = parseResourceVersion(rvText);
  const match = q.get('resourceVersionMatch') ?? '';
  const sendInitialEvents = q.has('sendInitialEvents') ? queryBool(q, 'sendInitialEvents') : false;
  const timeoutSeconds = queryInt(q, 'timeoutSeconds');

  // metainternalversion/validation.ValidateListOptions, answered 422 on ListOptions.meta.k8s.io.
  const causes: StatusCause[] = [];
  if (match !== '' && match !== 'NotOlderThan' && match !== 'Exact') {
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan"`,
      field: 'resourceVersionMatch',
    });
  }
  if (q.has('sendInitialEvents')) {
    if (!watch)
      causes.push(forbiddenCause('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
    else if (match !== 'NotOlderThan')
      causes.push(
        forbiddenCause(
          'resourceVersionMatch',
          'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
        ),
      );
  } else if (match !== '') {
    if (watch)
      causes.push(
        forbiddenCause(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
        ),
      );
    else if (rvText === null || rvText === '')
      causes.push(
        forbiddenCause(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden unless resourceVersion is provided',
        ),
      );
    else if (match === 'Exact' && rvText === '0')
      causes.push(
        forbiddenCause(
          'resourceVersionMatch',
          'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
        ),
      );
  }
  if (causes.length > 0) throw listOptionsInvalid(causes);

  return {
    options: {
      labelSelector: q.get('labelSelector') ?? undefined,
      fieldSelector: q.get('fieldSelector') ?? undefined,
      limit: limit !== undefined && limit > 0 ? limit : undefined,
      continue: q.get('continue') || undefined,
    },
    watch,
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    ...(match ? { resourceVersionMatch: match as 'NotOlderThan' | 'Exact' } : {}),
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    allowBookmarks: queryBool(q, 'allowWatchBookmarks'),
    sendInitialEvents,
  };
}

/** `dryRun` may only be "All" (422 on the options kind otherwise). */
export function parseDryRun(values: string[], optionsKind: string): boolean {
  const bad = values.find((v) => v !== 'All');
  if (bad !== undefined)
    throw invalid({ kind: optionsKind, group: 'meta.k8s.io' } as ResourceType, '', [
      {
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: ${JSON.stringify(bad)}: supported values: "All"`,
        field: 'dryRun',
      },
    ]);
  return values.length > 0;
}
