import type { BilledInterval, Ledger, LedgerEntry } from '../computeLedger.js';
import type { Clock } from '../emulatorState.js';
import type { FaultConfig, FaultInjector } from '../faultInjector.js';
import type { ProjectVersionStatus, RekognitionAssumptions } from './rekognitionAssumptions.js';

/** Statuses a version may be seeded in. The first three can be started; nothing moves a version out of the others. */
export const seedStatuses = [
  'TRAINING_COMPLETED',
  'COPYING_COMPLETED',
  'STOPPED',
  'TRAINING_IN_PROGRESS',
  'TRAINING_FAILED',
  'DELETING',
  'COPYING_IN_PROGRESS',
  'COPYING_FAILED',
  'DEPRECATED',
  'EXPIRED',
] as const satisfies readonly ProjectVersionStatus[];
export type SeedStatus = (typeof seedStatuses)[number];

/** A Custom Labels project version to create (its project is created when missing). */
export interface RekognitionSeedVersion {
  readonly project: string;
  readonly version: string;
  /** Default: the emulator's region. */
  readonly region?: string;
  /** Epoch ms, the creation stamp in the ARNs; default: the instant of seeding. */
  readonly createdAt?: number;
  /** Default TRAINING_COMPLETED. */
  readonly status?: SeedStatus;
}

export interface RekognitionQuotaOptions {
  readonly requestsPerSecond: number;
  readonly burst?: number;
  /** AWS publishes no TPS quota for these calls and names two throttling errors. */
  readonly errorType?: 'ThrottlingException' | 'ProvisionedThroughputExceededException';
}

/** The `rekognition` part of the emulator's options (all optional). */
export interface RekognitionOptions {
  /** STARTING -> RUNNING; default: the emulator's startSeconds. */
  readonly startSeconds?: number;
  /** STOPPING -> STOPPED; default: the emulator's stopSeconds. */
  readonly stopSeconds?: number;
  readonly versions?: readonly RekognitionSeedVersion[];
  readonly assumptions?: Partial<RekognitionAssumptions>;
  /** Default false: AWS publishes no request-rate quota for these operations. */
  readonly quota?: RekognitionQuotaOptions | false;
  readonly faults?: FaultConfig;
  /** Limits on StartProjectVersion that answer LimitExceededException (default: none). */
  readonly serviceQuotas?: { maxInferenceUnitsPerModel?: number; maxActiveModelsPerRegion?: number };
  /** USD per inference-unit-hour (Custom Labels lists 4 in us-east-1). */
  readonly pricePerInferenceUnitHour?: number;
  readonly callLogLimit?: number;
  /**
   * true: one set of faults for both services, Lookout for Vision's (`simulate --faults`: `errors=N`
   * means the next N requests to either service); default false: each service has its own.
   */
  readonly sharedFaults?: boolean;
}

/** What the shared emulator gives: one clock, account and region for both services. */
export interface RekognitionRuntimeOptions extends RekognitionOptions {
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  /** The fault injector to use instead of an own one. */
  readonly faultInjector?: FaultInjector;
}

export interface ProjectVersionSnapshot {
  readonly region: string;
  readonly project: string;
  readonly version: string;
  readonly projectArn: string;
  readonly arn: string;
  readonly createdAt: number;
  readonly status: ProjectVersionStatus;
  readonly statusMessage: string;
  readonly minInferenceUnits?: number;
  readonly maxInferenceUnits?: number;
}

export interface ProjectSnapshot {
  readonly region: string;
  readonly name: string;
  readonly arn: string;
  readonly createdAt: number;
}

export interface VersionStatusChange {
  readonly at: number;
  readonly status: ProjectVersionStatus;
  readonly statusMessage: string;
  readonly cause: string;
  readonly minInferenceUnits?: number;
  readonly maxInferenceUnits?: number;
}

export interface VersionHistory {
  readonly region: string;
  readonly project: string;
  readonly version: string;
  readonly arn: string;
  readonly events: readonly VersionStatusChange[];
}

export type RekognitionLedger = Omit<Ledger, 'models'> & {
  readonly models: readonly (Omit<LedgerEntry, 'intervals'> & {
    readonly intervals: readonly (Omit<BilledInterval, 'status'> & {
      readonly status: ProjectVersionStatus;
    })[];
  })[];
};
