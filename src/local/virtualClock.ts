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

  #sleepers = 0;

  /**
   * Waits `ms` of virtual time. A lone sleeper moves the clock at once (nothing else can happen
   * meanwhile); concurrent sleepers wait ms / warp of real time, so they keep their spacing.
   */
  async sleep(ms: number): Promise<void> {
    if (ms <= 0) return;
    this.#sleepers++;
    try {
      if (this.#sleepers === 1) {
        this.advanceTo(this.now() + ms);
        await new Promise((resolve) => setImmediate(resolve));
      } else {
        await new Promise((resolve) => setTimeout(resolve, ms / this.warp));
      }
    } finally {
      this.#sleepers--;
    }
  }

  /** Moves the clock forward to `instant` (no-op if it is already later). */
  advanceTo(instant: number): void {
    const now = this.now();
    this.#base = Math.max(now, instant);
    this.#realBase = performance.now();
  }
}
