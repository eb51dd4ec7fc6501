/**
 * A clock for simulations: it jumps to each event's instant and, while an event is being handled,
 * runs `warp` times faster than real time, so real waits (SDK retry back-offs, HTTP round trips)
 * take virtual time as they would in production (a throttled burst drains) without a week taking
 * a week. It never goes backwards.
 */
export class VirtualClock {
  #base: number;
  #realBase = performance.now();
  readonly warp: number;

  constructor(start: number, warp = 60) {
    this.#base = start;
    this.warp = warp;
  }

  now(): number {
    return Math.floor(this.#base + (performance.now() - this.#realBase) * this.warp);
  }

  /** Moves the clock forward to `instant` (no-op if it is already later). */
  advanceTo(instant: number): void {
    const now = this.now();
    this.#base = Math.max(now, instant);
    this.#realBase = performance.now();
  }
}
