import type { Alert, ModelRef, ModelStatus, TimerPayload } from '../ports.js';
import type { DesiredState } from '../schedule/windows.js';

export type Action = 'start' | 'stop' | 'wait' | 'none' | 'leave';

/**
 * What the engine decided for one model at one instant, and why. Adapters carry it out; logs,
 * dry runs, simulations and tests all read these same values.
 */
export interface Decision {
  readonly model: string;
  readonly ref: ModelRef;
  readonly at: number;
  readonly desired: DesiredState;
  readonly observed: ModelStatus;
  /**
   * The service's own status word when `observed` translates it (Rekognition's STOPPED is TRAINED,
   * its DEPRECATED not schedulable); null when there is none (an observation failed, or the
   * service's word is the engine's). Absent on decisions built before it existed.
   */
  readonly serviceStatus?: string | null;
  readonly action: Action;
  readonly clientToken: string | null;
  readonly reason: string;
  /** Units for a start. */
  readonly units: { readonly min: number; readonly max: number | null } | null;
  /** The opening (start) or closing (stop) the action belongs to, and the attempt number. */
  readonly anchor: number | null;
  readonly attempt: number | null;
  /** Timers to set once the action went through. */
  readonly timers: readonly { readonly at: number; readonly payload: TimerPayload }[];
  readonly alerts: readonly Alert[];
  /** Measured figures worth a metric (e.g. start latency), by name. */
  readonly metrics: Readonly<Record<string, number>>;
}
