import 'server-only';

/** What `take` answers: allowed, or refused with the seconds until the window resets. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Fixed-window counters per key (a client address) plus one for everyone: a client that forges
 * its address per request still meets the global cap.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly options: { perKey: number; global: number; windowMs: number },
    private readonly now: () => number = () => Date.now(),
  ) {}

  take(key: string): RateDecision {
    const now = this.now();
    if (this.windows.size > 10_000) this.prune(now);
    const over = [this.count(`k:${key}`, now), this.count('*', now)];
    const [mine, all] = over;
    if (mine!.count > this.options.perKey || all!.count > this.options.global) {
      const reset = Math.max(
        mine!.count > this.options.perKey ? mine!.start : 0,
        all!.count > this.options.global ? all!.start : 0,
      );
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((reset + this.options.windowMs - now) / 1000)),
      };
    }
    return { ok: true };
  }

  private count(key: string, now: number) {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.options.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    return w;
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows)
      if (now - w.start >= this.options.windowMs) this.windows.delete(key);
  }
}
