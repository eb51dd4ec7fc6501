/**
 * What AWS does around the Lambda functions, simulated on a discrete clock: EventBridge Scheduler
 * delivers each schedule's Input JSON (its `<aws.scheduler.*>` attributes filled in) at a second
 * within the minute, sometimes twice (at-least-once); every delivery runs in a fresh runtime (a
 * new Lambda container) built by the same composition root as in Lambda, through the handlers'
 * own entry point; a function error is retried twice by Lambda, then dead-lettered. What the
 * containers share is the world: the emulator-backed host, the verify timers (one-time schedules
 * holding the exact Input the Scheduler adapter writes), the alert ledger and published alerts,
 * the dead-letter queue and metrics.
 */
import type { Logger } from 'pino';
import { timerSchedule } from '../aws/schedulerTimers.js';
import type { EngineSettings } from '../control/engineSettings.js';
import type { Engine, Outcome } from '../engine/engine.js';
import type { Alert, DeadLetter, ModelHost, TimerPayload, Timers } from '../ports.js';
import { createRuntime, type FunctionKind, type HandlerReport } from '../runtime/createRuntime.js';
import { MemoryAlertLedger } from '../runtime/ledgerAlerts.js';
import type { Schedule } from '../schedule/types.js';
import { MINUTE } from '../schedule/zone.js';
import type { DiscreteClock } from './discreteClock.js';

/** Lambda timeouts (serverless.yml): 900 s (an edge of 1,000 models takes about 5 min at the quota), the reconcile pass 300 s. */
export const FUNCTION_TIMEOUT_MS: Readonly<Record<FunctionKind, number>> = {
  open: 900_000,
  close: 900_000,
  verify: 900_000,
  reconcile: 300_000,
};
/** Lambda's own retries of an async invocation whose function failed (serverless.yml). */
export const FUNCTION_RETRIES: Readonly<Record<FunctionKind, number>> = {
  open: 2,
  close: 2,
  verify: 2,
  reconcile: 2,
};

export interface SimulatedCloudOptions {
  readonly schedule: Schedule;
  readonly clock: DiscreteClock;
  /** The raw host every container shares (the root paces it per container). */
  readonly host: ModelHost;
  readonly logger: Logger;
  /** The seeded draws (seconds within the minute, duplicates). */
  readonly random: () => number;
  /** Deliveries come up to this many ms after the scheduled time (default 0: at it). */
  readonly spreadMs?: number;
  /** Probability that a delivery is made twice (default 0). */
  readonly duplicateRate?: number;
  /** The containers' pace, calls per second per region. */
  readonly requestsPerSecond: number;
  readonly settings?: Partial<EngineSettings>;
  /** Model ids per edge schedule name, as packaged (see RuntimeAdapters.edgeSchedules). */
  readonly edgeSchedules?: Readonly<Record<string, readonly string[]>>;
  /** Also told of every published alert (console, file). */
  readonly alertSink?: (alert: Alert) => void;
  /** Function timeouts that differ from serverless.yml's ({@link FUNCTION_TIMEOUT_MS}). */
  readonly functionTimeoutMs?: Partial<Record<FunctionKind, number>>;
  /** The topic: publishes an alert or throws (default: accepts every alert). */
  readonly publish?: (alert: Alert) => Promise<void>;
}

/** One Lambda invocation: the event it got and what came of it. */
export interface InvocationRecord {
  readonly requestId: string;
  readonly kind: FunctionKind;
  /** The event as delivered (the schedule's Input, filled in). */
  readonly event: unknown;
  /** The instant the schedule fired for, epoch ms (null for a direct invocation). */
  readonly scheduledAt: number | null;
  readonly startedAt: number;
  readonly finishedAt: number;
  /** Lambda's attempt (1; 2 and 3 are its retries after a function error). */
  readonly lambdaAttempt: number;
  readonly duplicate: boolean;
  readonly report: HandlerReport | null;
  /** The engine's outcomes behind the report (decisions with their alerts, timers, results). */
  readonly outcomes: readonly Outcome[];
  /** The function's error, when it threw. */
  readonly error: string | null;
}

/**
 * What caused an invocation, as timelines name it: `edge` for an open or close event, the timer's
 * `op` for a verify event (`verify-start`, `retry`, ...), else `reconcile`.
 */
export function invocationCause(inv: InvocationRecord): string {
  if (inv.kind === 'open' || inv.kind === 'close') return 'edge';
  if (inv.kind !== 'verify') return 'reconcile';
  const payload = (inv.event as { payload?: { op?: unknown } } | null)?.payload;
  return String(payload?.op ?? 'verify');
}

/** An event that reached the dead-letter queue: rejected by a handler, or failed three times. */
export interface DeadLetterRecord {
  readonly at: number;
  readonly kind: FunctionKind;
  readonly reason: string;
  readonly event: unknown;
}

/** A verify timer as created: its intended instant, when it fires, its name and payload. */
export interface TimerRecord {
  readonly intended: number;
  readonly fireAt: number;
  readonly name: string;
  readonly payload: TimerPayload;
}

const iso = (t: number) => `${new Date(t).toISOString().slice(0, 19)}Z`;

/** A schedule's target Input with Scheduler's context attributes filled in. */
export function fillInput(input: string, scheduledAt: number, attempt = 1): unknown {
  return JSON.parse(
    input
      .replaceAll('<aws.scheduler.scheduled-time>', iso(scheduledAt))
      .replaceAll('<aws.scheduler.attempt-number>', String(attempt)),
  );
}

export class SimulatedCloud {
  readonly clock: DiscreteClock;
  readonly host: ModelHost;
  /** The schedule the functions were packaged with (a test may redeploy). */
  schedule: Schedule;
  readonly invocations: InvocationRecord[] = [];
  readonly deadLetters: DeadLetterRecord[] = [];
  /** Alerts as published (after the ledger): what an operator receives. */
  readonly alerts: Alert[] = [];
  /** Every timer the functions asked for, before Scheduler's name check. */
  readonly timerRequests: { readonly intended: number; readonly payload: TimerPayload }[] = [];
  /** The timers created. */
  readonly timersSet: TimerRecord[] = [];
  readonly timers: Timers;
  readonly #options: SimulatedCloudOptions;
  readonly #ledger = new MemoryAlertLedger();
  readonly #timerNames = new Set<string>();
  readonly #running = new Set<Promise<void>>();
  #requests = 0;

  constructor(options: SimulatedCloudOptions) {
    this.#options = options;
    this.clock = options.clock;
    this.host = options.host;
    this.schedule = options.schedule;
    this.timers = { set: (intended, payload) => this.#setTimer(intended, payload) };
  }

  /**
   * Scheduler fires a schedule whose target Input is `input` at `scheduledAt`: the delivery comes
   * at a drawn second within the spread, and with the duplicate rate a second time.
   */
  deliver(
    kind: FunctionKind,
    input: string,
    scheduledAt: number,
    onDelivered?: () => void,
    /** When the delivery comes, if not drawn (a late duplicate). */
    deliveredAt?: number,
  ): void {
    const { random } = this.#options;
    const spread = this.#options.spreadMs ?? 0;
    const draw = () => (spread > 0 ? Math.floor(random() * (spread / 1000)) * 1000 : 0);
    const first = deliveredAt ?? scheduledAt + draw();
    const copies = [first];
    if ((this.#options.duplicateRate ?? 0) > 0 && random() < (this.#options.duplicateRate ?? 0))
      copies.push(scheduledAt + draw());
    copies.forEach((at, i) => {
      this.clock.at(at, () => {
        if (i === 0) onDelivered?.();
        this.#start(kind, fillInput(input, scheduledAt), scheduledAt, 1, i > 0);
      });
    });
  }

  /** Invocations started and not finished. */
  get running(): number {
    return this.#running.size;
  }

  /** Waits until every started invocation has finished (after the clock stopped moving). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running]);
  }

  #start(
    kind: FunctionKind,
    event: unknown,
    scheduledAt: number | null,
    attempt: number,
    duplicate: boolean,
  ) {
    const run = this.#invoke(kind, event, scheduledAt, attempt, duplicate).then(() => {
      this.#running.delete(run);
    });
    this.#running.add(run);
  }

  async #invoke(
    kind: FunctionKind,
    event: unknown,
    scheduledAt: number | null,
    lambdaAttempt: number,
    duplicate: boolean,
  ): Promise<InvocationRecord> {
    const { clock } = this;
    const requestId = `sim-${String(++this.#requests).padStart(6, '0')}`;
    const startedAt = clock.now();
    let report: HandlerReport | null = null;
    let error: string | null = null;
    const outcomes: Outcome[] = [];
    try {
      // A fresh container: a new runtime over the shared world.
      const runtime = createRuntime({
        schedule: this.schedule,
        host: this.host,
        pace: {
          requestsPerSecond: this.#options.requestsPerSecond,
          sleep: (ms) => clock.sleep(ms),
        },
        timers: this.timers,
        alerts: { send: async (alert) => this.#publish(alert) },
        alertLedger: this.#ledger,
        deadLetters: {
          send: async (dead: DeadLetter) => {
            this.deadLetters.push({ at: dead.at, kind, reason: dead.reason, event: dead.event });
          },
        },
        metrics: { emit: () => {} },
        logger: this.#options.logger,
        ...(this.#options.settings ? { settings: this.#options.settings } : {}),
        ...(this.#options.edgeSchedules ? { edgeSchedules: this.#options.edgeSchedules } : {}),
      });
      observeOutcomes(runtime.engine, outcomes);
      const timeout = this.#options.functionTimeoutMs?.[kind] ?? FUNCTION_TIMEOUT_MS[kind];
      report = await runtime.handle(kind, event, {
        now: () => clock.now(),
        remainingMs: () => startedAt + timeout - clock.now(),
        requestId,
      });
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      // The function failed: Lambda retries the async invocation (1, then 2 minutes later), then
      // sends the event to the dead-letter queue.
      if (lambdaAttempt <= FUNCTION_RETRIES[kind]) {
        clock.at(clock.now() + lambdaAttempt * MINUTE, () =>
          this.#start(kind, event, scheduledAt, lambdaAttempt + 1, duplicate),
        );
      } else {
        this.deadLetters.push({ at: clock.now(), kind, reason: `function error: ${error}`, event });
      }
    }
    const record: InvocationRecord = {
      requestId,
      kind,
      event,
      scheduledAt,
      startedAt,
      finishedAt: clock.now(),
      lambdaAttempt,
      duplicate,
      report,
      outcomes,
      error,
    };
    this.invocations.push(record);
    return record;
  }

  async #publish(alert: Alert): Promise<void> {
    await this.#options.publish?.(alert);
    this.alerts.push(alert);
    this.#options.alertSink?.(alert);
  }

  /**
   * The Scheduler adapter's behaviour: a one-time schedule at max(intended, now + 1 min), named
   * from the intended instant (a second set of the same timer finds the name taken), holding the
   * Input the adapter writes; Scheduler deletes it once it has fired.
   */
  async #setTimer(intended: number, payload: TimerPayload): Promise<void> {
    this.timerRequests.push({ intended, payload });
    const { name, fireAt, input } = timerSchedule(intended, payload, this.clock.now());
    if (this.#timerNames.has(name)) return;
    this.#timerNames.add(name);
    this.timersSet.push({ intended, fireAt, name, payload });
    this.deliver('verify', input, fireAt, () => this.#timerNames.delete(name));
  }
}

/** Keeps what the engine's operations return, for the invocation's record (the runtime reports less). */
function observeOutcomes(engine: Engine, into: Outcome[]): void {
  const keep = async (work: Promise<Outcome[]>) => {
    const outcomes = await work;
    into.push(...outcomes);
    return outcomes;
  };
  const { edge, reconcile, timer } = engine;
  engine.edge = (...args) => keep(edge.apply(engine, args));
  engine.reconcile = (...args) => keep(reconcile.apply(engine, args));
  engine.timer = (...args) => keep(timer.apply(engine, args));
}
