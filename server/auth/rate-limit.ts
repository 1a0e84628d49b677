import 'server-only';

/** What `check` answers: allowed, or refused with the seconds until the window resets. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Fixed-window counters of failures per key (a client address) plus one for everyone: a client
 * that forges its address per request still meets the global cap. Only failures count, so an
 * admin signing in often is never locked out by their own successes.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly options: { perKey: number; global: number; windowMs: number },
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Whether `key` may try now (counts nothing). */
  check(key: string): RateDecision {
    const now = this.now();
    const resets = [
      this.exceeded(`k:${key}`, this.options.perKey, now),
      this.exceeded('*', this.options.global, now),
    ].filter((r): r is number => r !== undefined);
    if (resets.length === 0) return { ok: true };
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((Math.max(...resets) - now) / 1000)),
    };
  }

  /** Counts one failure of `key`. */
  fail(key: string): void {
    const now = this.now();
    if (this.windows.size > 10_000) this.prune(now);
    for (const k of [`k:${key}`, '*']) {
      let w = this.windows.get(k);
      if (!w || now - w.start >= this.options.windowMs) {
        w = { start: now, count: 0 };
        this.windows.set(k, w);
      }
      w.count++;
    }
  }

  /** The time the window of `key` resets, if its count has reached `limit`. */
  private exceeded(key: string, limit: number, now: number): number | undefined {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.options.windowMs || w.count < limit) return undefined;
    return w.start + this.options.windowMs;
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows)
      if (now - w.start >= this.options.windowMs) this.windows.delete(key);
  }
}
