import { pino } from 'pino';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../src/control/engineSettings.js';
import {
  type CallLogEntry,
  type EmulatorHandle,
  type StartEmulatorOptions,
  type StatusChange,
  startEmulator,
} from '../../src/emulator/index.js';
import type { Outcome } from '../../src/engine/engine.js';
import {
  type DeployedSchedule,
  deployedSchedules,
  edgeScheduleModels,
  firingsBetween,
  type LostEvent,
} from '../../src/local/deployedSchedules.js';
import { DiscreteClock } from '../../src/local/discreteClock.js';
import { type InvocationRecord, invocationCause, SimulatedCloud } from '../../src/local/simulatedCloud.js';
import { simulatedHost } from '../../src/local/simulatedHost.js';
import type { Alert, ModelHost, ModelRef, TimerPayload } from '../../src/ports.js';
import { loadTimerSchema } from '../../src/runtime/schedulerEvent.js';
import { parseScheduleOrThrow } from '../../src/schedule/parseSchedule.js';
import type { ModelSchedule, Schedule } from '../../src/schedule/types.js';
import { seededRandom } from '../../src/seededRandom.js';
import { TEST_CREDENTIALS } from '../emulator/helpers.js';
import { emulatorHost } from '../runtime/runtimeAdapters.js';
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const REGION = 'us-east-1';

/** Epoch ms of an ISO instant, failing loudly on a typo. */
export function at(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant in the test: ${iso}`);
  return ms;
}

/** A schedule from YAML (throws with every located error). */
export function scheduleOf(yaml: string): Schedule {
  return parseScheduleOrThrow(yaml, { file: 'test/engine/schedule.yaml', defaultRegion: REGION });
}

/** The same schedule with every model hosted by `service` (the file key comes with RK-SCHEDULE's parser). */
export function onService(schedule: Schedule, service: ModelSchedule['service']): Schedule {
  return { ...schedule, models: schedule.models.map((m) => ({ ...m, service })) };
}

/** One model `m` (project `line-a`, version 1) in UTC with the given window rules (a YAML flow list). */
export function oneModel(windows: string, extra = ''): Schedule {
  return scheduleOf(
    `version: 1\nmodels:\n  - { id: m, project: line-a, version: "1", ${extra}${extra ? ', ' : ''}windows: ${windows} }\n`,
  );
}

export interface WorldOptions {
  readonly schedule: Schedule;
  /** The span whose edges and reconcile passes are delivered: [from, to]. */
  readonly from: number;
  readonly to: number;
  /** Deliver reconcile passes on the period's boundaries (default true). */
  readonly reconcile?: boolean;
  /** Deliver window edges (default true). */
  readonly edges?: boolean;
  /** Edges never delivered: `open`/`close` of a model id at an instant. */
  readonly lost?: readonly LostEvent[];
  readonly emulator?: Partial<StartEmulatorOptions>;
  /** SDK attempts per call (the adapter's default is 6). */
  readonly maxAttempts?: number;
  readonly settings?: Partial<EngineSettings>;
  /** Wraps the real host (e.g. to make a stop that the service ignores). */
  readonly wrapHost?: (host: ModelHost) => ModelHost;
  /** Each container paces its calls at this many per second (default: unpaced, so instants are exact). */
  readonly pace?: number;
  /** Virtual ms each request takes, by operation (default 0). */
  readonly latencyMs?: number | ((operation: string) => number);
  /** Deliveries come up to this many ms after their scheduled time, drawn (default 0: on it). */
  readonly spreadMs?: number;
  /** Probability of a duplicate delivery (default 0). */
  readonly duplicateRate?: number;
  readonly seed?: number;
  /** Lambda timeouts per function, where they differ from serverless.yml (the runtime's deadline follows). */
  readonly functionTimeoutMs?: Partial<Record<'open' | 'close' | 'verify' | 'reconcile', number>>;
  /** The alert topic: publishes or throws (default: accepts every alert). */
  readonly publish?: (alert: Alert) => Promise<void>;
}

/** One decision of one invocation, with the event that caused it. */
export interface WorldDecision {
  /** The instant the invocation started. */
  readonly at: number;
  /** `edge`, `reconcile`, or the timer's op. */
  readonly event: string;
  /** The verify timer's payload, for timer events. */
  readonly payload: TimerPayload | null;
  /** The decision as the engine made it, and how carrying it out went. */
  readonly outcome: Outcome;
}

/**
 * The deployed functions in a simulated AWS (src/local/simulatedCloud.ts) on a discrete clock,
 * against the emulator: Scheduler delivers what the stack's schedules would (edges, reconcile
 * passes, verify timers), each delivery runs in a fresh runtime through the handlers' entry point.
 * By default deliveries come exactly at their scheduled time, calls are unpaced and take no
 * virtual time, so every transition lands on an exact instant.
 */
export class World {
  readonly emulator: EmulatorHandle;
  readonly clock: DiscreteClock;
  readonly cloud: SimulatedCloud;
  /** An operator's own SDK client (not the functions'): for setting a model up, outside the clock. */
  readonly host: ModelHost;
  /** Alerts as published to the topic, after the cross-container ledger. */
  readonly alerts: { readonly sent: Alert[] };
  readonly deployed: readonly DeployedSchedule[];
  /** The engine settings the functions run with. */
  readonly settings: EngineSettings;
  #actError: unknown = null;

  private constructor(options: WorldOptions, emulator: EmulatorHandle, clock: DiscreteClock) {
    this.emulator = emulator;
    this.clock = clock;
    this.settings = {
      ...DEFAULT_ENGINE_SETTINGS,
      reconcileEveryMs: options.schedule.reconcileEveryMs,
      ...options.settings,
    };
    const latency = options.latencyMs ?? 0;
    const functionsHost = simulatedHost({
      endpoint: emulator.endpoint,
      clock,
      defaultRegion: REGION,
      credentials: TEST_CREDENTIALS,
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
      latencyMs: typeof latency === 'number' ? () => latency : latency,
      ...(options.wrapHost ? { wrap: options.wrapHost } : {}),
    });
    this.deployed = deployedSchedules(options.schedule, options.from);
    this.cloud = new SimulatedCloud({
      schedule: options.schedule,
      clock,
      host: functionsHost,
      logger: pino({ level: 'silent' }),
      random: seededRandom(options.seed ?? 1),
      spreadMs: options.spreadMs ?? 0,
      duplicateRate: options.duplicateRate ?? 0,
      requestsPerSecond: options.pace ?? Number.POSITIVE_INFINITY,
      ...(options.settings ? { settings: options.settings } : {}),
      edgeSchedules: edgeScheduleModels(this.deployed),
      ...(options.publish ? { publish: options.publish } : {}),
      ...(options.functionTimeoutMs ? { functionTimeoutMs: options.functionTimeoutMs } : {}),
    });
    this.alerts = { sent: this.cloud.alerts };
    this.host = emulatorHost(emulator.endpoint, { maxAttempts: 1 });
  }

  static async create(options: WorldOptions): Promise<World> {
    // As runSimulation does: code the functions load on first use, loaded before time starts.
    await loadTimerSchema();
    const clock = new DiscreteClock(options.from);
    const emulator = await startEmulator({
      clock,
      region: REGION,
      quota: false,
      startSeconds: 600,
      stopSeconds: 60,
      models: options.schedule.models
        .filter((m) => m.service === 'lookoutvision')
        .map((m) => ({ project: m.project, version: m.version, region: m.region ?? REGION })),
      ...options.emulator,
      // Custom Labels versions named in the file are seeded TRAINING_COMPLETED, on the same port.
      rekognition: {
        versions: options.schedule.models
          .filter((m) => m.service === 'rekognition')
          .map((m) => ({ project: m.project, version: m.version, region: m.region ?? REGION })),
        ...options.emulator?.rekognition,
      },
    });
    try {
      const world = new World(options, emulator, clock);
      world.#enqueueSpan(options);
      return world;
    } catch (error) {
      await emulator.close();
      throw error;
    }
  }

  /** The schedule the functions run with. */
  get schedule(): Schedule {
    return this.cloud.schedule;
  }

  /** Every timer the functions asked for, and those Scheduler created. */
  get timersSet(): SimulatedCloud['timersSet'] {
    return this.cloud.timersSet;
  }

  /** Packages and deploys `schedule`: later invocations run with it. */
  redeploy(schedule: Schedule): void {
    this.cloud.schedule = schedule;
  }

  /**
   * Scheduler delivers an event of the function `kind` at `instant`: a reconcile pass, or the
   * firing of the edge schedule that serves `model` (that schedule's own Input and name).
   */
  deliver(
    instant: number,
    kind: 'open' | 'close' | 'reconcile',
    model?: string,
    /** A late delivery: it comes then, still dated `instant`. */
    deliveredAt?: number,
  ): void {
    const schedule =
      kind === 'reconcile'
        ? this.deployed.find((s) => s.kind === 'reconcile')
        : this.deployed.find(
            (s) => s.kind === kind && (model === undefined || s.models === null || s.models.includes(model)),
          );
    if (schedule === undefined) throw new Error(`no deployed ${kind} schedule for ${model ?? 'any model'}`);
    this.cloud.deliver(kind, schedule.input, instant, undefined, deliveredAt);
  }

  /** Runs `fn` at `instant`, after the deliveries of that instant have made their calls; time stands still meanwhile. */
  act(instant: number, _label: string, fn: (at: number) => Promise<void>): void {
    this.clock.atEnd(instant, () => {
      this.clock
        .busy(() => fn(instant))
        .catch((error: unknown) => {
          this.#actError ??= error;
        });
    });
  }

  /** From `instant` on, the next `count` calls of `operation` answer 500 (InternalServerException). */
  failCalls(instant: number, operation: string, count: number): void {
    this.act(instant, 'fault', async () => {
      this.emulator.setFaults({ internalErrors: { count, operations: [operation] } });
    });
  }

  /** An operator starts a model by hand (1 unit, with `clientToken`), outside the engine, at once. */
  async startByHand(clientToken: string, project = 'line-a', version = '1'): Promise<void> {
    await this.host.startModel(this.ref(project, version), {
      minInferenceUnits: 1,
      maxInferenceUnits: null,
      clientToken,
    });
  }

  /** An operator stops the model by hand (with `clientToken`), outside the engine, at once. */
  async stopByHand(clientToken: string): Promise<void> {
    await this.host.stopModel(this.ref(), clientToken);
  }

  /** Moves time to `until`, delivering and running everything due by then. */
  async runTo(until: number): Promise<void> {
    await this.clock.runUntil(until);
    if (this.#actError !== null) throw this.#actError;
  }

  /** Every invocation, in the order they finished. */
  get invocations(): readonly InvocationRecord[] {
    return this.cloud.invocations;
  }

  /** Every decision the functions made, with the instant and the event that caused it. */
  decisions(): WorldDecision[] {
    return this.cloud.invocations.flatMap((inv) => {
      const payload = (inv.event as { payload?: TimerPayload } | null)?.payload ?? null;
      return inv.outcomes.map((outcome) => ({
        at: inv.startedAt,
        event: invocationCause(inv),
        payload: inv.kind === 'verify' ? payload : null,
        outcome,
      }));
    });
  }

  /** The model's status history in the emulator. */
  history(project = 'line-a', version = '1', region = REGION): readonly StatusChange[] {
    const h = this.emulator
      .history()
      .find((x) => x.project === project && x.version === version && x.region === region);
    if (h === undefined) throw new Error(`the emulator has no model ${project}/${version} in ${region}`);
    return h.events;
  }

  /** Transitions into `status` (caused by a call, not by time), for one model. */
  transitions(status: string, project = 'line-a', version = '1'): readonly StatusChange[] {
    return this.history(project, version).filter((e) => e.status === status);
  }

  /** A Custom Labels version's status history in the emulator (its own status words). */
  rekognitionHistory(
    project = 'line-a',
    version = '1',
    region = REGION,
  ): readonly { readonly at: number; readonly status: string }[] {
    const h = this.emulator.runtime.rekognition
      .history()
      .find((x) => x.project === project && x.version === version && x.region === region);
    if (h === undefined)
      throw new Error(`the emulator has no Custom Labels version ${project}/${version} in ${region}`);
    return h.events;
  }

  /** Calls to the Rekognition side, by operation (e.g. `StartProjectVersion`). */
  rekognitionCalls(operation: string): readonly CallLogEntry[] {
    return this.emulator.runtime.rekognition.callLog().filter((c) => c.operation === operation);
  }

  calls(operation: string, project = 'line-a', version = '1'): readonly CallLogEntry[] {
    return this.emulator
      .callLog()
      .filter((c) => c.operation === operation && c.project === project && c.version === version);
  }

  status(project = 'line-a', version = '1'): string {
    const m = this.emulator.models().find((x) => x.project === project && x.version === version);
    return m?.status ?? 'absent';
  }

  ref(project = 'line-a', version = '1'): ModelRef {
    return { region: REGION, project, version };
  }

  async close(): Promise<void> {
    await this.emulator.close();
  }

  #enqueueSpan(options: WorldOptions): void {
    const { from, to } = options;
    for (const f of firingsBetween(this.deployed, from, to + 1, options.lost ?? [])) {
      const reconcile = f.schedule.kind === 'reconcile';
      if (reconcile ? options.reconcile === false : options.edges === false) continue;
      this.cloud.deliver(f.schedule.kind, f.schedule.input, f.at);
    }
  }
}
