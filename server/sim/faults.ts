/** Per-cluster fault injection, switchable at run time through the admin endpoint. */
export interface Faults {
  /** Added to every request before it is answered. */
  latencyMs: number;
  /** Share of requests (0–1) answered with 500 InternalError instead. */
  errorRate: number;
  /** Share of requests (0–1) answered 429 TooManyRequests with Retry-After (API priority and fairness). */
  throttleRate: number;
  /** Share of requests (0–1) answered 503 ServiceUnavailable with Retry-After. */
  unavailableRate: number;
  /** The Retry-After of injected 429 and 503 answers, in seconds. */
  retryAfterSeconds: number;
  /** The cluster refuses connections, like an API server that is down. */
  down: boolean;
  /** Every request is answered 403 Forbidden, whatever the user may normally do. */
  forbidden: boolean;
  /** Watches are cut shortly after they open, like a flaky load balancer. */
  dropWatches: boolean;
  /**
   * Deterministic failures: each rule fails the next `count` requests that match it (by verb,
   * resource, group; unset matches any), then is dropped. Rules are consulted in order.
   */
  failNext: FailRule[];
}

export interface FailRule {
  /** Requests still to fail. */
  count: number;
  /** 429, 500, 503 (or any 4xx/5xx); 503 by default. */
  code: number;
  verb?: string;
  resource?: string;
  group?: string;
}

export const NO_FAULTS: Faults = {
  latencyMs: 0,
  errorRate: 0,
  throttleRate: 0,
  unavailableRate: 0,
  retryAfterSeconds: 1,
  down: false,
  forbidden: false,
  dropWatches: false,
  failNext: [],
};

const KNOWN = Object.keys(NO_FAULTS).join(', ');
const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

function share(key: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1))
    throw new Error(`${key} must be a number 0–1`);
  return value;
}

function failRule(value: unknown): FailRule {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new Error(
      'failNext must be an object {count, code?, verb?, resource?, group?} or a list of them',
    );
  const rule: FailRule = { count: 0, code: 503 };
  for (const [key, v] of Object.entries(value)) {
    switch (key) {
      case 'count':
        if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 1_000_000)
          throw new Error('failNext.count must be an integer 0–1000000');
        rule.count = v as number;
        break;
      case 'code':
        if (!Number.isInteger(v) || (v as number) < 400 || (v as number) > 599)
          throw new Error('failNext.code must be an HTTP error status 400–599');
        rule.code = v as number;
        break;
      case 'verb':
        if (typeof v !== 'string' || !VERBS.includes(v))
          throw new Error(`failNext.verb must be one of ${VERBS.join(', ')}`);
        rule.verb = v;
        break;
      case 'resource':
      case 'group':
        if (typeof v !== 'string') throw new Error(`failNext.${key} must be a string`);
        rule[key] = v;
        break;
      default:
        throw new Error(
          `unknown failNext field "${key}"; known: count, code, verb, resource, group`,
        );
    }
  }
  return rule;
}

/** Merges a partial fault setting, rejecting values that make no sense. */
export function updateFaults(current: Faults, change: unknown): Faults {
  if (!change || typeof change !== 'object' || Array.isArray(change))
    throw new Error('faults must be a JSON object');
  const next = { ...current, failNext: [...current.failNext] };
  for (const [key, value] of Object.entries(change)) {
    switch (key) {
      case 'latencyMs':
        if (typeof value !== 'number' || value < 0 || value > 600_000)
          throw new Error('latencyMs must be a number 0–600000');
        next.latencyMs = value;
        break;
      case 'errorRate':
      case 'throttleRate':
      case 'unavailableRate':
        next[key] = share(key, value);
        break;
      case 'retryAfterSeconds':
        if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 3600)
          throw new Error('retryAfterSeconds must be an integer 0–3600');
        next.retryAfterSeconds = value as number;
        break;
      case 'down':
      case 'forbidden':
      case 'dropWatches':
        if (typeof value !== 'boolean') throw new Error(`${key} must be true or false`);
        next[key] = value;
        break;
      case 'failNext':
        // A new setting replaces the pending rules; [] or null clears them.
        next.failNext =
          value === null
            ? []
            : (Array.isArray(value) ? value : [value]).map(failRule).filter((r) => r.count > 0);
        break;
      default:
        throw new Error(`unknown fault "${key}"; known: ${KNOWN}`);
    }
  }
  return next;
}

export interface RequestAttributes {
  verb: string;
  resource?: string;
  group?: string;
}

/**
 * The injected answer for one request, if any: a matching failNext rule first (its count goes
 * down), then the random 503, 429 and 500 rates.
 */
export function injectedFailure(
  faults: Faults,
  request: RequestAttributes,
  random: () => number = Math.random,
): number | undefined {
  const rule = faults.failNext.find(
    (r) =>
      r.count > 0 &&
      (r.verb === undefined || r.verb === request.verb) &&
      (r.resource === undefined || r.resource === request.resource) &&
      (r.group === undefined || r.group === request.group),
  );
  if (rule) {
    rule.count--;
    if (rule.count === 0) faults.failNext.splice(faults.failNext.indexOf(rule), 1);
    return rule.code;
  }
  if (faults.unavailableRate > 0 && random() < faults.unavailableRate) return 503;
  if (faults.throttleRate > 0 && random() < faults.throttleRate) return 429;
  if (faults.errorRate > 0 && random() < faults.errorRate) return 500;
  return undefined;
}

/** A scalar as typed on the command line: true/false, null, a number, or a string. */
function scalar(raw: string): unknown {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (raw === 'null') return null;
  return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
}

/** `key=value` settings into the admin endpoint's JSON; `failNext.count=3` nests. */
export function parseFaultSettings(settings: string[]): Record<string, unknown> {
  const change: Record<string, unknown> = {};
  for (const setting of settings) {
    const eq = setting.indexOf('=');
    const key = eq > 0 ? setting.slice(0, eq) : '';
    if (!key) throw new Error(`expected key=value, got "${setting}"`);
    const value = scalar(setting.slice(eq + 1));
    const [outer, inner, ...rest] = key.split('.');
    if (rest.length > 0 || !outer) throw new Error(`unexpected key "${key}"`);
    if (inner === undefined) change[outer] = value;
    else {
      const nested = (change[outer] ?? {}) as Record<string, unknown>;
      if (typeof nested !== 'object' || nested === null)
        throw new Error(`"${outer}" is given both as a value and with fields`);
      nested[inner] = value;
      change[outer] = nested;
    }
  }
  return change;
}
