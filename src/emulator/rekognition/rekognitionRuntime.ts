import { computeLedger } from '../computeLedger.js';
import { EmulatedServiceError } from '../emulatedServiceError.js';
import { defaultAssumptions, type ModelStatus } from '../emulatorAssumptions.js';
import type { CallLogEntry } from '../emulatorRuntime.js';
import { type Clock, EmulatorState, type ModelSnapshot, statusMessages } from '../emulatorState.js';
import { FaultInjector } from '../faultInjector.js';
import { TokenBucket } from '../tokenBucket.js';
import {
  defaultRekognitionAssumptions,
  type ProjectVersionStatus,
  type RekognitionAssumptions,
} from './rekognitionAssumptions.js';
import {
  type ProjectSnapshot,
  type ProjectVersionSnapshot,
  type RekognitionLedger,
  type RekognitionQuotaOptions,
  type RekognitionRuntimeOptions,
  type RekognitionSeedVersion,
  type SeedStatus,
  seedStatuses,
  type VersionHistory,
} from './rekognitionOptions.js';
import { type AwsJsonServiceModel, loadAwsJsonServiceModel } from './rekognitionServiceModel.js';
import { validateRekognitionSeeds } from './validateRekognitionSeeds.js';

/** Seeded statuses that nothing changes: neither a start nor a stop moves a version out of them. */
const held: readonly ProjectVersionStatus[] = seedStatuses.filter(
  (s) => s !== 'TRAINING_COMPLETED' && s !== 'COPYING_COMPLETED' && s !== 'STOPPED',
);

const messages: Readonly<Partial<Record<ProjectVersionStatus, string>>> = {
  TRAINING_COMPLETED: 'The model is ready to run.',
  COPYING_COMPLETED: 'The model copy is ready to run.',
  STARTING: 'The model is starting.',
  RUNNING: 'The model is running.',
  FAILED: 'The model failed to start (injected by the emulator).',
  STOPPING: 'The model is stopping.',
  STOPPED: 'The model is stopped.',
};

const causes: Readonly<Record<string, string>> = {
  StartModel: 'StartProjectVersion',
  StopModel: 'StopProjectVersion',
  hostingCompleted: 'startCompleted',
  hostingFailed: 'startFailed',
};

const key = (...parts: string[]): string => parts.join('\u0000');
const newestFirst = <T extends { createdAt: number; name: string }>(a: T, b: T): number =>
  b.createdAt - a.createdAt || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

const inUse = (message: string) => new EmulatedServiceError('ResourceInUseException', message);
export const notFound = (message: string) => new EmulatedServiceError('ResourceNotFoundException', message);

/**
 * Rekognition Custom Labels beside Lookout for Vision: the same state machine (EmulatorState, with
 * TRAINED/STARTING_HOSTING/HOSTED/HOSTING_FAILED/STOPPING_HOSTING read as TRAINING_COMPLETED or
 * STOPPED/STARTING/RUNNING/FAILED/STOPPING), ledger, faults and clock, with ARNs that carry epoch-ms
 * creation stamps and Rekognition's error names.
 */
export class RekognitionRuntime {
  readonly service: AwsJsonServiceModel;
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  readonly startMs: number;
  readonly stopMs: number;
  readonly assumptions: RekognitionAssumptions;
  readonly pricePerInferenceUnitHour: number;
  readonly faults: FaultInjector;
  readonly quota: RekognitionQuotaOptions | undefined;
  private readonly state: EmulatorState;
  /** Seeded statuses other than TRAINING_COMPLETED: the status of a version's seeded event. */
  private readonly seededAs = new Map<string, SeedStatus>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly calls: CallLogEntry[] = [];
  private readonly callLogLimit: number;

  constructor(options: RekognitionRuntimeOptions) {
    this.service = loadAwsJsonServiceModel();
    this.faults = options.faultInjector ?? new FaultInjector();
    this.clock = options.clock;
    this.region = options.region;
    this.accountId = options.accountId;
    this.startMs = seconds('rekognition.startSeconds', options.startSeconds ?? 600);
    this.stopMs = seconds('rekognition.stopSeconds', options.stopSeconds ?? 60);
    this.assumptions = { ...defaultRekognitionAssumptions, ...options.assumptions };
    this.quota = options.quota === false ? undefined : options.quota;
    this.pricePerInferenceUnitHour = options.pricePerInferenceUnitHour ?? 4;
    this.callLogLimit = options.callLogLimit ?? 10_000;
    const a = this.assumptions;
    this.state = new EmulatorState({
      accountId: this.accountId,
      startMs: this.startMs,
      stopMs: this.stopMs,
      assumptions: {
        ...defaultAssumptions,
        conflictOnStartWhenActive: a.resourceInUseOnStartWhenActive,
        conflictOnStopWhenNotHosted: a.resourceInUseOnStopWhenNotRunning,
        hostingFailureAfterMs: a.failureAfterMs,
        resolveLatestVersion: false,
      },
      ...(options.serviceQuotas ? { serviceQuotas: options.serviceQuotas } : {}),
      hostingFails: (ref) => this.faults.takeHostingFailure(ref),
    });
    if (options.faults) this.faults.set(options.faults);
    if (options.versions) this.seed(options.versions);
  }

  now(): number {
    return this.clock.now();
  }

  /** Creates versions (and their projects) that do not exist yet; checks names against the model first. */
  seed(versions: readonly RekognitionSeedVersion[]): ProjectVersionSnapshot[] {
    validateRekognitionSeeds(this.service.model, versions);
    const existing = new Set(this.state.models(this.now()).map((m) => key(m.region, m.project, m.version)));
    const created = this.state.seed(
      versions.map((v) => ({
        project: v.project,
        version: v.version,
        region: v.region ?? this.region,
        ...(v.createdAt === undefined ? {} : { createdAt: v.createdAt }),
      })),
      this.region,
      this.now(),
    );
    versions.forEach((v, i) => {
      const snapshot = created[i] as ModelSnapshot;
      const k = key(snapshot.region, snapshot.project, snapshot.version);
      // A version that existed already keeps the status it has.
      if (v.status !== undefined && !existing.has(k)) this.seededAs.set(k, v.status);
    });
    return created.map((s) => this.snapshot(s));
  }

  /** The region's projects, newest first. */
  projects(region: string): ProjectSnapshot[] {
    return this.state
      .listProjects(region, this.now())
      .map((p) => ({
        region,
        name: p.name,
        arn: this.projectArn(region, p.name, p.createdAt),
        createdAt: p.createdAt,
      }))
      .sort(newestFirst);
  }

  /** The project an ARN names in `region`, or ResourceNotFoundException. */
  projectByArn(region: string, arn: string): ProjectSnapshot {
    const found = this.projects(region).find((p) => p.arn === arn);
    if (!found) throw notFound(`The project ${arn} does not exist in ${region}`);
    return found;
  }

  /** A project's versions, newest first. */
  versions(project: ProjectSnapshot): ProjectVersionSnapshot[] {
    return this.state
      .listModels(project.region, project.name, this.now())
      .map((m) => this.snapshot(m))
      .sort((a, b) => newestFirst({ ...a, name: a.version }, { ...b, name: b.version }));
  }

  /** Every version of every region, settled to now. */
  allVersions(): ProjectVersionSnapshot[] {
    return this.state.models(this.now()).map((m) => this.snapshot(m));
  }

  versionByArn(region: string, arn: string): ProjectVersionSnapshot {
    const found = this.allVersions().find((v) => v.region === region && v.arn === arn);
    if (!found) throw notFound(`The project version ${arn} does not exist in ${region}`);
    return found;
  }

  start(
    region: string,
    arn: string,
    minInferenceUnits: number,
    maxInferenceUnits?: number,
  ): ProjectVersionStatus {
    const v = this.versionByArn(region, arn);
    if (held.includes(v.status)) {
      throw v.status.endsWith('IN_PROGRESS') || v.status === 'DELETING'
        ? inUse(`The project version ${arn} is ${v.status}; it cannot be started now`)
        : new EmulatedServiceError(
            'InvalidParameterException',
            `The project version ${arn} is ${v.status}; it cannot be started`,
          );
    }
    const call = {
      region,
      project: v.project,
      version: v.version,
      minInferenceUnits,
      ...(maxInferenceUnits === undefined ? {} : { maxInferenceUnits }),
    };
    this.translate(
      () => this.state.startModel(call, this.now()),
      `The project version ${arn} is ${v.status}: StartProjectVersion needs TRAINING_COMPLETED, COPYING_COMPLETED, ` +
        'STOPPED or FAILED (emulator assumption resourceInUseOnStartWhenActive)',
    );
    return this.snapshotOf(v).status;
  }

  stop(region: string, arn: string): ProjectVersionStatus {
    const v = this.versionByArn(region, arn);
    const message =
      `The project version ${arn} is ${v.status}: StopProjectVersion needs RUNNING ` +
      '(emulator assumption resourceInUseOnStopWhenNotRunning)';
    if (held.includes(v.status)) {
      throw inUse(message);
    }
    this.translate(
      () => this.state.stopModel({ region, project: v.project, version: v.version }, this.now()),
      message,
    );
    return this.snapshotOf(v).status;
  }

  history(): VersionHistory[] {
    const arns = this.arns();
    return this.state.history(this.now()).map((h) => {
      const k = key(h.region, h.project, h.version);
      return {
        region: h.region,
        project: h.project,
        version: h.version,
        arn: arns.get(k) ?? '',
        events: h.events.map((e) => {
          const status = this.statusOf(e.status, e.statusMessage, this.seededAs.get(k));
          return {
            at: e.at,
            status,
            statusMessage: messages[status] ?? `The project version is ${status}.`,
            cause: causes[e.cause] ?? e.cause,
            ...(e.minInferenceUnits === undefined ? {} : { minInferenceUnits: e.minInferenceUnits }),
            ...(e.maxInferenceUnits === undefined ? {} : { maxInferenceUnits: e.maxInferenceUnits }),
          };
        }),
      };
    });
  }

  /** Inference-unit-seconds per version while in a billed status, up to now. */
  ledger(): RekognitionLedger {
    const now = this.now();
    const billed = this.assumptions.billedStatuses.map(
      (s): ModelStatus =>
        ({ STARTING: 'STARTING_HOSTING', RUNNING: 'HOSTED', STOPPING: 'STOPPING_HOSTING' })[s] as ModelStatus,
    );
    const arns = this.arns();
    const ledger = computeLedger(
      this.state
        .history(now)
        .map((h) => ({ ...h, arn: arns.get(key(h.region, h.project, h.version)) ?? '' })),
      { now, billedStatuses: billed, pricePerInferenceUnitHour: this.pricePerInferenceUnitHour },
    );
    return {
      ...ledger,
      models: ledger.models.map((m) => ({
        ...m,
        intervals: m.intervals.map((i) => ({ ...i, status: this.statusOf(i.status, '', undefined) })),
      })),
    };
  }

  callLog(): readonly CallLogEntry[] {
    return [...this.calls];
  }

  recordCall(entry: CallLogEntry): void {
    this.calls.push(entry);
    if (this.calls.length > this.callLogLimit) this.calls.splice(0, this.calls.length - this.callLogLimit);
  }

  /** Takes one request from the quota (when one is set) or throws its throttling error. */
  checkQuota(region: string): void {
    const quota = this.quota;
    if (!quota) return;
    let bucket = this.buckets.get(region);
    if (!bucket) {
      bucket = new TokenBucket(quota.requestsPerSecond, quota.burst ?? Math.max(1, quota.requestsPerSecond));
      this.buckets.set(region, bucket);
    }
    if (bucket.take(this.now()).ok) return;
    throw new EmulatedServiceError(
      quota.errorType ?? 'ThrottlingException',
      `Rate exceeded: the emulator's quota is ${quota.requestsPerSecond} requests per second in ${region}`,
    );
  }

  private arns(): Map<string, string> {
    return new Map(this.allVersions().map((v) => [key(v.region, v.project, v.version), v.arn]));
  }

  private projectArn(region: string, name: string, createdAt: number): string {
    return `arn:aws:rekognition:${region}:${this.accountId}:project/${name}/${createdAt}`;
  }

  private snapshotOf(v: ProjectVersionSnapshot): ProjectVersionSnapshot {
    return this.snapshot(this.state.describeModel(v, this.now()));
  }

  private snapshot(m: ModelSnapshot): ProjectVersionSnapshot {
    const project = this.state.describeProject(m.region, m.project, this.now());
    const projectArn = this.projectArn(m.region, m.project, project.createdAt);
    const status = this.statusOf(
      m.status,
      m.statusMessage,
      this.seededAs.get(key(m.region, m.project, m.version)),
    );
    const shown = this.assumptions.inferenceUnitsShownIn.includes(status);
    return {
      region: m.region,
      project: m.project,
      version: m.version,
      projectArn,
      arn: `arn:aws:rekognition:${m.region}:${this.accountId}:project/${m.project}/version/${m.version}/${m.createdAt}`,
      createdAt: m.createdAt,
      status,
      statusMessage: messages[status] ?? `The project version is ${status}.`,
      ...(shown && m.minInferenceUnits !== undefined ? { minInferenceUnits: m.minInferenceUnits } : {}),
      ...(shown && m.maxInferenceUnits !== undefined ? { maxInferenceUnits: m.maxInferenceUnits } : {}),
    };
  }

  /** Lookout for Vision's status in the shared state machine, read as Rekognition's. */
  private statusOf(status: ModelStatus, message: string, held: SeedStatus | undefined): ProjectVersionStatus {
    switch (status) {
      case 'TRAINED':
        // The seeded event is the only TRAINED one not reached by a stop.
        if (message === statusMessages.seeded) return held ?? 'TRAINING_COMPLETED';
        return 'STOPPED';
      case 'STARTING_HOSTING':
        return 'STARTING';
      case 'HOSTED':
        return 'RUNNING';
      case 'HOSTING_FAILED':
        return 'FAILED';
      case 'STOPPING_HOSTING':
        return 'STOPPING';
      default:
        throw new Error(`Emulator bug: no Rekognition status for ${status}`);
    }
  }

  /** Runs a state transition and renames Lookout for Vision's errors to Rekognition's. */
  private translate<T>(transition: () => T, inUseMessage: string): T {
    try {
      return transition();
    } catch (error) {
      if (!(error instanceof EmulatedServiceError)) throw error;
      if (error.errorType === 'ConflictException') throw inUse(inUseMessage);
      if (error.errorType === 'ServiceQuotaExceededException')
        throw new EmulatedServiceError('LimitExceededException', error.message);
      throw error;
    }
  }
}

function seconds(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`${name} must be a number >= 0 (got ${value})`);
  return value * 1000;
}
