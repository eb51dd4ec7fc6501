import { computeLedger, type Ledger } from './computeLedger.js';
import { EmulatedServiceError } from './emulatedServiceError.js';
import { defaultAssumptions, type EmulatorAssumptions } from './emulatorAssumptions.js';
import {
  type Clock,
  EmulatorState,
  type ModelHistory,
  type ModelSnapshot,
  type SeedModel,
  type ServiceQuotaLimits,
} from './emulatorState.js';
import { type FaultConfig, FaultInjector } from './faultInjector.js';
import type { RekognitionOptions } from './rekognition/rekognitionOptions.js';
import { RekognitionRuntime } from './rekognition/rekognitionRuntime.js';
import { loadServiceModel, type ServiceModel } from './serviceModel.js';
import { TokenBucket } from './tokenBucket.js';
import { validateSeedModels } from './validateSeedModels.js';

/** The control-plane request-rate quota, a token bucket on the emulator's clock. */
export interface QuotaOptions {
  /** AWS: 5 requests per second per region for every API except DetectAnomalies. */
  readonly requestsPerSecond: number;
  /** Bucket size (default: requestsPerSecond). */
  readonly burst: number;
  /** One bucket per region (AWS quotas are regional); false: one bucket for all calls. */
  readonly perRegion: boolean;
  readonly quotaCode: string;
  readonly serviceCode: string;
  readonly exemptOperations: readonly string[];
}

export const defaultQuota: QuotaOptions = Object.freeze({
  requestsPerSecond: 5,
  burst: 5,
  perRegion: true,
  // AWS does not publish this quota's code; this name says where it comes from.
  quotaCode: 'emulator-control-plane-requests-per-second',
  serviceCode: 'lookoutvision',
  exemptOperations: Object.freeze(['DetectAnomalies']),
});

export interface EmulatorOptions {
  /** Default: the real clock. */
  readonly clock?: Clock;
  /** How long STARTING_HOSTING lasts (default 600). */
  readonly startSeconds?: number;
  /** How long STOPPING_HOSTING lasts (default 60). */
  readonly stopSeconds?: number;
  /** TRAINED models to create at start. */
  readonly models?: readonly SeedModel[];
  readonly accountId?: string;
  /** Region of seeds that name none, and of requests whose credential scope cannot be read. */
  readonly region?: string;
  readonly assumptions?: Partial<EmulatorAssumptions>;
  /** false: no quota. */
  readonly quota?: Partial<QuotaOptions> | false;
  readonly faults?: FaultConfig;
  /** Limits on StartModel that answer ServiceQuotaExceededException (default: none). */
  readonly serviceQuotas?: ServiceQuotaLimits;
  /** List price in us-east-1 was about 4 USD. */
  readonly pricePerInferenceUnitHour?: number;
  readonly serviceModelPath?: string | URL;
  /** The call log keeps the latest this many calls (default 10,000). */
  readonly callLogLimit?: number;
  /** Rekognition Custom Labels, served on the same port (src/emulator/rekognition). */
  readonly rekognition?: RekognitionOptions;
}

export interface CallLogEntry {
  /** Emulator clock, epoch ms. */
  readonly at: number;
  /** The model's operation name, or null when no route matched. */
  readonly operation: string | null;
  readonly method: string;
  readonly path: string;
  /** From the SigV4 credential scope; null when the request had none. */
  readonly region: string | null;
  readonly project?: string;
  readonly version?: string;
  readonly clientToken?: string;
  readonly minInferenceUnits?: number;
  readonly maxInferenceUnits?: number;
  /** null: the connection was dropped without an answer. */
  readonly statusCode: number | null;
  readonly errorType?: string;
  /** A client token repeat answered from the cache. */
  readonly replayed?: boolean;
  readonly fault?: 'dropped' | 'internalError' | 'throttled' | 'latency';
}

/**
 * The emulator without its HTTP server: state, clock, quota, faults and call log, with the options
 * resolved. The HTTP layer and the programmatic API both work through it.
 */
export class EmulatorRuntime {
  readonly serviceModel: ServiceModel;
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  readonly startMs: number;
  readonly stopMs: number;
  readonly assumptions: EmulatorAssumptions;
  readonly quota: QuotaOptions | undefined;
  readonly pricePerInferenceUnitHour: number;
  readonly state: EmulatorState;
  readonly faults = new FaultInjector();
  /** Rekognition Custom Labels beside Lookout for Vision: same clock, account and region. */
  readonly rekognition: RekognitionRuntime;
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly calls: CallLogEntry[] = [];
  private readonly callLogLimit: number;

  constructor(options: EmulatorOptions = {}) {
    this.serviceModel = loadServiceModel(options.serviceModelPath);
    this.clock = options.clock ?? { now: () => Date.now() };
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    if (!/^\d{12}$/.test(this.accountId))
      throw new RangeError(`accountId ${this.accountId} is not 12 digits`);
    this.startMs = seconds('startSeconds', options.startSeconds ?? 600);
    this.stopMs = seconds('stopSeconds', options.stopSeconds ?? 60);
    this.assumptions = { ...defaultAssumptions, ...options.assumptions };
    this.quota = options.quota === false ? undefined : resolveQuota(options.quota ?? {});
    this.pricePerInferenceUnitHour = options.pricePerInferenceUnitHour ?? 4;
    this.callLogLimit = options.callLogLimit ?? 10_000;
    this.state = new EmulatorState({
      accountId: this.accountId,
      startMs: this.startMs,
      stopMs: this.stopMs,
      assumptions: this.assumptions,
      ...(options.serviceQuotas ? { serviceQuotas: options.serviceQuotas } : {}),
      hostingFails: (ref) => this.faults.takeHostingFailure(ref),
    });
    if (options.faults) this.faults.set(options.faults);
    if (options.models) this.seed(options.models);
    this.rekognition = new RekognitionRuntime({
      clock: this.clock,
      region: this.region,
      accountId: this.accountId,
      startSeconds: this.startMs / 1000,
      stopSeconds: this.stopMs / 1000,
      ...options.rekognition,
      ...(options.rekognition?.sharedFaults ? { faultInjector: this.faults } : {}),
    });
  }

  now(): number {
    return this.clock.now();
  }

  /** Creates TRAINED models (and their projects); checks names against the service model first. */
  seed(models: readonly SeedModel[]): ModelSnapshot[] {
    validateSeedModels(this.serviceModel, models);
    return this.state.seed(models, this.region, this.now());
  }

  models(): ModelSnapshot[] {
    return this.state.models(this.now());
  }

  history(): ModelHistory[] {
    return this.state.history(this.now());
  }

  ledger(): Ledger {
    const now = this.now();
    return computeLedger(this.state.history(now), {
      now,
      billedStatuses: this.assumptions.billedStatuses,
      pricePerInferenceUnitHour: this.pricePerInferenceUnitHour,
    });
  }

  callLog(): readonly CallLogEntry[] {
    return [...this.calls];
  }

  recordCall(entry: CallLogEntry): void {
    this.calls.push(entry);
    if (this.calls.length > this.callLogLimit) this.calls.splice(0, this.calls.length - this.callLogLimit);
  }

  /** Takes one request from the quota or throws ThrottlingException. */
  checkQuota(region: string, operation: string): void {
    const quota = this.quota;
    if (!quota || quota.exemptOperations.includes(operation)) return;
    const bucketKey = quota.perRegion ? region : '*';
    let bucket = this.buckets.get(bucketKey);
    if (!bucket) {
      bucket = new TokenBucket(quota.requestsPerSecond, quota.burst);
      this.buckets.set(bucketKey, bucket);
    }
    const taken = bucket.take(this.now());
    if (taken.ok) return;
    throw new EmulatedServiceError(
      'ThrottlingException',
      `Rate exceeded: the control-plane quota is ${quota.requestsPerSecond} requests per second` +
        (quota.perRegion ? ` in ${region}` : ''),
      {
        QuotaCode: quota.quotaCode,
        ServiceCode: quota.serviceCode,
        RetryAfterSeconds: Math.max(1, Math.ceil(taken.retryAfterMs / 1000)),
      },
    );
  }
}

function seconds(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`${name} must be a number >= 0 (got ${value})`);
  return value * 1000;
}

function resolveQuota(quota: Partial<QuotaOptions>): QuotaOptions {
  const requestsPerSecond = quota.requestsPerSecond ?? defaultQuota.requestsPerSecond;
  return {
    ...defaultQuota,
    burst: quota.burst ?? Math.max(1, requestsPerSecond),
    ...quota,
    requestsPerSecond,
  };
}
