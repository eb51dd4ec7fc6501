export type TakeResult = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

/**
 * A token bucket on an injected time line: `ratePerSecond` tokens are added per second up to
 * `capacity`; each request takes one. Starts full. A clock that goes backwards adds nothing.
 */
export class TokenBucket {
  private tokens: number;
  private last: number | undefined;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
  ) {
    if (!(ratePerSecond > 0) || !(capacity >= 1)) {
      throw new RangeError(
        `A token bucket needs a rate > 0 and a capacity >= 1 (got ${ratePerSecond}, ${capacity})`,
      );
    }
    this.tokens = capacity;
  }

  take(now: number): TakeResult {
    if (this.last !== undefined && now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
    }
    this.last = Math.max(this.last ?? now, now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond) };
  }
}
