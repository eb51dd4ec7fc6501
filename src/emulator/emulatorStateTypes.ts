/** The data EmulatorState takes and answers (src/emulator/emulatorState.ts): models, projects, calls. */
import type { ModelStatus } from './emulatorAssumptions.js';

/** The emulator's time source: epoch milliseconds, real or virtual. */
export interface Clock {
  now(): number;
}

export type ModelHostingStatus =
  | 'STARTING_HOSTING'
  | 'HOSTED'
  | 'HOSTING_FAILED'
  | 'STOPPING_HOSTING'
  | 'SYSTEM_UPDATING';

export interface ModelRef {
  readonly region: string;
  readonly project: string;
  readonly version: string;
}

/** A model to create, TRAINED, in a project that is created when missing. */
export interface SeedModel {
  readonly project: string;
  readonly version: string;
  /** Default: the emulator's region. */
  readonly region?: string;
  readonly description?: string;
  /** Epoch ms; default: the instant of seeding. */
  readonly createdAt?: number;
}

export type StatusChangeCause =
  | 'seeded'
  | 'StartModel'
  | 'StopModel'
  | 'hostingCompleted'
  | 'hostingFailed'
  | 'stoppingCompleted';

/** One entry of a model's state history. `at` is the instant of the transition, not of its observation. */
export interface StatusChange {
  readonly at: number;
  readonly status: ModelStatus;
  readonly statusMessage: string;
  readonly cause: StatusChangeCause;
  readonly minInferenceUnits?: number;
  readonly maxInferenceUnits?: number;
  readonly clientToken?: string;
}

export interface ModelSnapshot extends ModelRef {
  readonly arn: string;
  readonly createdAt: number;
  readonly description?: string;
  readonly status: ModelStatus;
  readonly statusMessage: string;
  /** Units of the current or last hosting; DescribeModel shows them per `inferenceUnitsShownIn`. */
  readonly minInferenceUnits?: number;
  readonly maxInferenceUnits?: number;
}

export interface ModelHistory extends ModelRef {
  readonly arn: string;
  readonly events: readonly StatusChange[];
}

export interface ProjectSnapshot {
  readonly region: string;
  readonly name: string;
  readonly arn: string;
  readonly createdAt: number;
}

export interface StartModelCall extends ModelRef {
  readonly minInferenceUnits: number;
  readonly maxInferenceUnits?: number;
  readonly clientToken?: string;
}

export interface StopModelCall extends ModelRef {
  readonly clientToken?: string;
}

export interface HostingCallResult {
  readonly status: ModelHostingStatus;
  /** True when a client token repeat answered from the cache, with no transition. */
  readonly replayed: boolean;
}

/** Service quotas StartModel checks (ServiceQuotaExceededException). AWS's values are not modelled: unset means none. */
export interface ServiceQuotaLimits {
  /** The larger of MinInferenceUnits and MaxInferenceUnits may not exceed this. */
  readonly maxInferenceUnitsPerModel?: number;
  /** Models starting, hosted or stopping at once in a region. */
  readonly maxActiveModelsPerRegion?: number;
}
