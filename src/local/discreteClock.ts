import { setImmediate as nextTurn } from 'node:timers/promises';
import { EventQueue } from './eventQueue.js';

/**
 * Virtual time for simulations that moves only by explicit sleeps, never with real time: a
 * discrete-event clock. Every task (a delivery, a paced call, an SDK back-off, a modelled request
 * latency) waits with {@link sleep}; real work that must finish before time may move (an HTTP
 * exchange with the emulator) runs inside {@link busy}. When nothing is busy and the process has
 * no work left but sleepers, the clock jumps to the earliest sleeper and wakes it alone, then waits
 * for quiet again. Sleepers of one instant wake in the order they went to sleep. So one run of
 * a simulation is one interleaving, the same on an idle or a loaded machine.
 */
export class DiscreteClock {
  #now: number;
  readonly #sleepers = new EventQueue<() => void>();
  readonly #last = new EventQueue<() => void>();
  #busy = 0;
  /** Bumped by every sleep and every busy change: quiet means it stood still for a whole turn. */
  #activity = 0;
  #idle: (() => void)[] = [];

  constructor(start: number) {
    this.#now = start;
  }

  /** Virtual epoch ms. */
  now(): number {
    return this.#now;
  }

  /** Waits `ms` of virtual time (rounded up to whole ms; 0 still yields to earlier sleepers). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.at(this.#now + Math.max(0, Math.ceil(ms)), resolve));
  }

  /** Runs `fn` at `instant` (or now, if that has passed), after the sleepers already due then. */
  at(instant: number, fn: () => void): void {
    this.#activity++;
    this.#sleepers.push(Math.max(this.#now, instant), fn);
  }

  /** Runs `fn` at `instant` once nothing else is due at it (after every sleeper of that instant). */
  atEnd(instant: number, fn: () => void): void {
    this.#activity++;
    this.#last.push(Math.max(this.#now, instant), fn);
  }

  /** Runs real work (I/O) during which virtual time stands still. */
  async busy<T>(work: () => Promise<T>): Promise<T> {
    this.#enter();
    try {
      return await work();
    } finally {
      this.#leave();
    }
  }

  /** A {@link sleep} from inside {@link busy} work (an SDK back-off, a modelled latency). */
  async pause(ms: number): Promise<void> {
    const wait = this.sleep(ms);
    this.#leave();
    try {
      await wait;
    } finally {
      this.#enter();
    }
  }

  /**
   * Wakes sleepers in instant order up to and including `until` (before it, with `before`), each
   * once the process is quiet; the clock ends at `until` (it never goes backwards). Sleepers left
   * wait for a later run, or forever when the simulation ends.
   */
  async runUntil(until: number, options: { before?: boolean } = {}): Promise<void> {
    for (;;) {
      await this.#quiet();
      const sleeper = this.#sleepers.peek();
      const last = this.#last.peek();
      const queue =
        last !== undefined && (sleeper === undefined || last.at < sleeper.at) ? this.#last : this.#sleepers;
      const next = queue.peek();
      if (next === undefined || next.at > until || (options.before && next.at === until)) break;
      queue.pop();
      this.#now = Math.max(this.#now, next.at);
      this.#activity++;
      next.item();
    }
    this.#now = Math.max(this.#now, until);
  }

  #enter(): void {
    this.#busy++;
    this.#activity++;
  }

  #leave(): void {
    this.#busy--;
    this.#activity++;
    if (this.#busy === 0) {
      const waiting = this.#idle;
      this.#idle = [];
      for (const resolve of waiting) resolve();
    }
  }

  /** Resolves when no work is busy and a few turns of the event loop passed without activity. */
  async #quiet(): Promise<void> {
    for (;;) {
      if (this.#busy > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
      const mark = this.#activity;
      await nextTurn();
      await nextTurn();
      if (this.#busy === 0 && this.#activity === mark) return;
    }
  }
}
