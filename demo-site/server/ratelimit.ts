/** A per-key token bucket. */
export interface RateLimiter {
  /** Takes one token for `key`; returns 0 when allowed, else the seconds to wait (for Retry-After). */
  take(key: string, now?: number): number;
}

/** Creates token buckets holding up to `burst` tokens, refilled at `perSecond`. */
export function createRateLimiter(perSecond: number, burst: number): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, now = Date.now()) {
      const b = buckets.get(key) ?? { tokens: burst, at: now };
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
      b.at = now;
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
    },
  };
}
