import type { TimerPayload, Timers } from '../ports.js';

/** Timers for a one-shot run (`lvsched reconcile`): nothing will call back, so they are only recorded. */
export class RecordingTimers implements Timers {
  readonly recorded: { at: number; payload: TimerPayload }[] = [];
  async set(at: number, payload: TimerPayload): Promise<void> {
    this.recorded.push({ at, payload });
  }
}
