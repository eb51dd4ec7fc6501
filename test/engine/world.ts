import { pino } from 'pino';
import { lookoutVisionClients } from '../../src/aws/lookoutVisionClient.js';
import { LookoutVisionHost } from '../../src/aws/lookoutVisionHost.js';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../src/control/engineSettings.js';
import {
  type CallLogEntry,
  type EmulatorHandle,
  type StartEmulatorOptions,
  type StatusChange,
  startEmulator,
} from '../../src/emulator/index.js';
import { Engine, type Outcome } from '../../src/engine/engine.js';
import { PacedModelHost } from '../../src/engine/pacedModelHost.js';
import { EventQueue } from '../../src/local/eventQueue.js';
import { MemoryAlerts } from '../../src/local/memoryAlerts.js';
import { VirtualClock } from '../../src/local/virtualClock.js';
import { virtualTimeRetries } from '../../src/local/virtualTimeRetries.js';
import type { ModelHost, ModelRef, TimerPayload, Timers } from '../../src/ports.js';
import { parseScheduleOrThrow } from '../../src/schedule/parseSchedule.js';
import type { ModelSchedule, Schedule } from '../../src/schedule/types.js';
import { windowsBetween } from '../../src/schedule/windows.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' };

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

/** One model `m` (project `line-a`, version 1) in UTC with the given window rules (a YAML flow list). */
export function oneModel(windows: string, extra = ''): Schedule {
  return scheduleOf(
    `version: 1\nmodels:\n  - { id: m, project: line-a, version: "1", ${extra}${extra ? ', ' : ''}windows: ${windows} }\n`,
  );
}

export function onlyModel(schedule: Schedule): ModelSchedule {
  const model = schedule.models[0];
  if (model === undefined) throw new Error('the schedule has no model');
  return model;
}

/** The world's clock: the emulator reads `now`, the world moves it to each event's instant. */
export interface WorldClock {
  now(): number;
  set(instant: number): void;
}

/** A clock the test moves, standing still in between; it never goes backwards. */
export class ManualClock implements WorldClock {
  #t: number;
  constructor(start: number) {
    this.#t = start;
  }
  now(): number {
    return this.#t;
  }
  set(instant: number): void {
    this.#t = Math.max(this.#t, instant);
  }
}

/** `VirtualClock` (as `runSimulation` uses it): runs `warp` times real time while an event is handled. */
export class WarpClock implements WorldClock {
  readonly #clock: VirtualClock;
  constructor(start: number, warp: number) {
    this.#clock = new VirtualClock(start, warp);
  }
  now(): number {
    return this.#clock.now();
  }
  set(instant: number): void {
    this.#clock.advanceTo(instant);
  }
  sleep(ms: number): Promise<void> {
    return this.#clock.sleep(ms);
  }
}

type WorldEvent =
  | { kind: 'edge'; ids: string[] }
  | { kind: 'reconcile' }
  | { kind: 'timer'; payload: TimerPayload }
  | { kind: 'act'; label: string; fn: (at: number) => Promise<void> };

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
  readonly lost?: readonly { readonly kind: 'open' | 'close'; readonly model: string; readonly at: number }[];
  readonly emulator?: Partial<StartEmulatorOptions>;
  /** SDK attempts per call (the adapter's default is 6). */
  readonly maxAttempts?: number;
  readonly settings?: Partial<EngineSettings>;
  /** Wraps the real host (e.g. to make a stop that the service ignores). */
  readonly wrapHost?: (host: ModelHost) => ModelHost;
  /** Run the clock at `warp` x real time while events are handled (default: a manual clock). */
  readonly warp?: number;
  /** Pace the engine's calls at this many per second (PacedModelHost, as simulate and Lambda do); needs `warp`. */
  readonly pace?: number;
  /** SDK retries wait on the virtual clock ({@link virtualTimeRetries}); needs `warp`. */
  readonly virtualRetries?: boolean;
}

export interface LoggedEvent {
  readonly at: number;
  readonly event: string;
  readonly outcomes: readonly Outcome[];
}

export class World {
  readonly emulator: EmulatorHandle;
  readonly clock: WorldClock;
  readonly host: ModelHost;
  readonly alerts = new MemoryAlerts();
  readonly log: LoggedEvent[] = [];
  readonly timersSet: { at: number; payload: TimerPayload }[] = [];
  readonly timers: Timers;
  readonly settings: EngineSettings;
  engine: Engine;
  schedule: Schedule;
  readonly #queue = new EventQueue<WorldEvent>();
  readonly #timerKeys = new Set<string>();

  private constructor(options: WorldOptions, emulator: EmulatorHandle, clock: WorldClock) {
    this.emulator = emulator;
    this.clock = clock;
    this.schedule = options.schedule;
    this.settings = {
      ...DEFAULT_ENGINE_SETTINGS,
      reconcileEveryMs: options.schedule.reconcileEveryMs,
      ...options.settings,
    };
    if ((options.pace !== undefined || options.virtualRetries) && !(clock instanceof WarpClock))
      throw new Error('pace and virtualRetries need warp');
    const maxAttempts = options.maxAttempts ?? 6;
    const real = new LookoutVisionHost(
      lookoutVisionClients({
        defaultRegion: REGION,
        endpoint: emulator.endpoint,
        credentials: CREDENTIALS,
        ...(options.maxAttempts === undefined ? {} : { maxAttempts }),
        ...(options.virtualRetries && clock instanceof WarpClock
          ? { retryStrategy: virtualTimeRetries(maxAttempts, (ms) => clock.sleep(ms)) }
          : {}),
      }),
    );
    const wrapped = options.wrapHost ? options.wrapHost(real) : real;
    this.host =
      options.pace !== undefined && clock instanceof WarpClock
        ? new PacedModelHost(wrapped, {
            requestsPerSecond: options.pace,
            now: () => clock.now(),
            sleep: (ms) => clock.sleep(ms),
          })
        : wrapped;
    this.timers = {
      set: async (instant, payload) => {
        this.timersSet.push({ at: instant, payload });
        const key = `${instant}|${JSON.stringify(payload)}`;
        if (this.#timerKeys.has(key)) return;
        this.#timerKeys.add(key);
        this.#queue.push(instant, { kind: 'timer', payload });
      },
    };
    this.engine = this.engineFor(options.schedule);
  }

  static async create(options: WorldOptions): Promise<World> {
    const clock =
      options.warp === undefined ? new ManualClock(options.from) : new WarpClock(options.from, options.warp);
    const emulator = await startEmulator({
      clock,
      region: REGION,
      quota: false,
      startSeconds: 600,
      stopSeconds: 60,
      models: options.schedule.models.map((m) => ({
        project: m.project,
        version: m.version,
        region: m.region ?? REGION,
      })),
      ...options.emulator,
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

  /** An engine for `schedule` sharing this world's host, timers and alerts. */
  engineFor(schedule: Schedule): Engine {
    return new Engine({
      schedule,
      host: this.host,
      timers: this.timers,
      alerts: this.alerts,
      logger: pino({ level: 'silent' }),
      settings: { ...this.settings, reconcileEveryMs: schedule.reconcileEveryMs },
    });
  }

  /** Runs `fn` at `instant`, after the edges and passes of that instant. */
  act(instant: number, label: string, fn: (at: number) => Promise<void>): void {
    this.#queue.push(instant, { kind: 'act', label, fn });
  }

  /** Handles every event at or before `until`, in instant order; the clock ends at `until`. */
  async runTo(until: number): Promise<void> {
    for (let next = this.#queue.peek(); next !== undefined && next.at <= until; next = this.#queue.peek()) {
      this.#queue.pop();
      const { at: instant, item } = next;
      this.clock.set(instant);
      switch (item.kind) {
        case 'edge':
          this.log.push({ at: instant, event: 'edge', outcomes: await this.engine.edge(instant, item.ids) });
          break;
        case 'reconcile':
          this.log.push({ at: instant, event: 'reconcile', outcomes: await this.engine.reconcile(instant) });
          break;
        case 'timer':
          this.log.push({
            at: instant,
            event: item.payload.op,
            outcomes: await this.engine.timer(instant, item.payload),
          });
          break;
        case 'act':
          await item.fn(instant);
          this.log.push({ at: instant, event: item.label, outcomes: [] });
          break;
      }
    }
    this.clock.set(until);
  }

  /** Every decision the engine made, with the instant and the event that caused it. */
  decisions(): { at: number; event: string; outcome: Outcome }[] {
    return this.log.flatMap((e) => e.outcomes.map((outcome) => ({ at: e.at, event: e.event, outcome })));
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
    const { schedule, from, to } = options;
    const lost = options.lost ?? [];
    if (options.edges !== false) {
      const edges = new Map<number, string[]>();
      const add = (instant: number, kind: 'open' | 'close', id: string) => {
        if (instant < from || instant > to) return;
        if (lost.some((l) => l.kind === kind && l.model === id && l.at === instant)) return;
        edges.set(instant, [...(edges.get(instant) ?? []), id]);
      };
      for (const m of schedule.models) {
        for (const w of windowsBetween(m, from - HOUR, to + HOUR)) {
          add(w.open, 'open', m.id);
          add(w.close, 'close', m.id);
        }
      }
      for (const [instant, ids] of [...edges].sort((a, b) => a[0] - b[0]))
        this.#queue.push(instant, { kind: 'edge', ids });
    }
    if (options.reconcile !== false) {
      const period = schedule.reconcileEveryMs;
      for (let t = Math.ceil(from / period) * period; t <= to; t += period)
        this.#queue.push(t, { kind: 'reconcile' });
    }
  }
}
