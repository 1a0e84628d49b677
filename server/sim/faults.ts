/** Per-cluster fault injection, switchable at run time through the admin endpoint. */
export interface Faults {
  /** Added to every request before it is answered. */
  latencyMs: number;
  /** Share of requests (0–1) answered with 500 InternalError instead. */
  errorRate: number;
  /** The cluster refuses connections, like an API server that is down. */
  down: boolean;
  /** Every request is answered 403 Forbidden, whatever the user may normally do. */
  forbidden: boolean;
  /** Watches are cut shortly after they open, like a flaky load balancer. */
  dropWatches: boolean;
}

export const NO_FAULTS: Faults = {
  latencyMs: 0,
  errorRate: 0,
  down: false,
  forbidden: false,
  dropWatches: false,
};

/** Merges a partial fault setting, rejecting values that make no sense. */
export function updateFaults(current: Faults, change: unknown): Faults {
  if (!change || typeof change !== 'object' || Array.isArray(change))
    throw new Error('faults must be a JSON object');
  const next = { ...current };
  for (const [key, value] of Object.entries(change)) {
    switch (key) {
      case 'latencyMs':
        if (typeof value !== 'number' || value < 0 || value > 600_000)
          throw new Error('latencyMs must be a number 0–600000');
        next.latencyMs = value;
        break;
      case 'errorRate':
        if (typeof value !== 'number' || value < 0 || value > 1)
          throw new Error('errorRate must be a number 0–1');
        next.errorRate = value;
        break;
      case 'down':
      case 'forbidden':
      case 'dropWatches':
        if (typeof value !== 'boolean') throw new Error(`${key} must be true or false`);
        next[key] = value;
        break;
      default:
        throw new Error(
          `unknown fault "${key}"; known: latencyMs, errorRate, down, forbidden, dropWatches`,
        );
    }
  }
  return next;
}
