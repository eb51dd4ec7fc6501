/**
 * The composition root: the one place where the engine is built with its pacing, timers, alerts
 * (behind the cross-container ledger), metrics and logger, and where a delivered event becomes a
 * decision. The Lambda handlers, `lvsched reconcile`/`status` and `simulate` all build it here.
 */
import type { Logger } from 'pino';
import { canonicalHash, sortedEntries } from '../canonicalHash.js';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../control/engineSettings.js';
import { Engine, type InvocationContext, type Outcome } from '../engine/engine.js';
import { PacedModelHost } from '../engine/pacedModelHost.js';
import type { AlertLedger, Alerts, DeadLetters, MetricsSink, ModelHost, Timers } from '../ports.js';
import type { Schedule } from '../schedule/types.js';
import { type HandlerReport, invocationMetrics, reportOf } from './invocationReport.js';
import { LedgerAlerts } from './ledgerAlerts.js';
import { modelsWithEdge } from './modelsWithEdge.js';
import { EventError, parseSchedulerEvent, type SchedulerEvent } from './schedulerEvent.js';

export type { HandlerReport } from './invocationReport.js';

export type FunctionKind = 'open' | 'close' | 'verify' | 'reconcile';

/** One Lambda invocation. */
export interface Invocation {
  /** Date.now in Lambda; the virtual clock in simulate. */
  readonly now: () => number;
  /** context.getRemainingTimeInMillis(). */
  readonly remainingMs: () => number;
  readonly requestId: string;
}

export interface RuntimeAdapters {
  readonly schedule: Schedule;
  /** Raw; the root wraps it in PacedModelHost (pace below). */
  readonly host: ModelHost;
  readonly pace: { readonly requestsPerSecond: number; readonly sleep: (ms: number) => Promise<void> };
  readonly timers: Timers;
  /** A raw publisher; the root puts the alert ledger in front of it. */
  readonly alerts: Alerts;
  /** Cross-container at-most-once (DynamoDB in Lambda; memory locally). */
  readonly alertLedger: AlertLedger;
  /** Where rejected events go at once (SQS DLQ in Lambda). */
  readonly deadLetters: DeadLetters;
  readonly metrics: MetricsSink;
  readonly logger: Logger;
  readonly settings?: Partial<EngineSettings>;
  /**
   * Model ids per edge schedule name, as packaged: an edge invocation handles only the models of
   * the schedule that fired. A schedule not listed (the every-minute one) stands for every model.
   */
  readonly edgeSchedules?: Readonly<Record<string, readonly string[]>>;
}

export interface Runtime {
  readonly engine: Engine;
  /** The host as the engine uses it: paced (for `lvsched status`, which observes without deciding). */
  readonly host: ModelHost;
  /**
   * Everything a Lambda handler does: parse the event (Scheduler's Input JSON), check it, decide,
   * report. A rejected event (bad payload, dated beyond the grace in the future) is logged and
   * dead-lettered, and the report says why: no exception, so no retry. When side effects failed
   * (a timer, alert or metric), every decision has still been made, and then an
   * {@link InvocationError} naming them is thrown so that Lambda retries the event (calls carry
   * tokens, timers names and alerts the ledger, so a retry repeats nothing) and dead-letters it
   * after the last retry.
   */
  handle(kind: FunctionKind, event: unknown, invocation: Invocation): Promise<HandlerReport>;
}

/** How late (or early) an event may be and still be decided for its scheduled time. */
export const EVENT_GRACE_MS = 2 * 60_000;
/** Time kept back from Lambda's remaining time: no call starts after it, work left becomes timers. */
export const DEADLINE_MARGIN_MS = 10_000;
/** How long a verify step stays claimed: longer than any duplicate delivery of it arrives after. */
export const STEP_CLAIM_MS = 6 * 60 * 60_000;

/** Side effects of an invocation failed after every decision was made: the event is to be retried. */
export class InvocationError extends Error {
  override name = 'InvocationError';
  readonly report: HandlerReport;
  constructor(report: HandlerReport) {
    super(
      `${report.function}: ${report.sideEffectErrors.length} side effect(s) failed: ${report.sideEffectErrors.join('; ')}`.slice(
        0,
        2000,
      ),
    );
    this.report = report;
  }
}

export function createRuntime(adapters: RuntimeAdapters): Runtime {
  const { schedule, logger } = adapters;
  // The clock of the invocation in progress: pacing and the alert ledger read it.
  let clock: () => number = Date.now;
  const now = () => clock();
  const host = new PacedModelHost(adapters.host, {
    requestsPerSecond: adapters.pace.requestsPerSecond,
    now,
    sleep: adapters.pace.sleep,
  });
  const engine = new Engine({
    schedule,
    host,
    timers: adapters.timers,
    alerts: new LedgerAlerts(adapters.alerts, adapters.alertLedger, now, logger),
    logger,
    settings: {
      ...DEFAULT_ENGINE_SETTINGS,
      reconcileEveryMs: schedule.reconcileEveryMs,
      ...adapters.settings,
    },
  });

  async function reject(
    kind: FunctionKind,
    event: unknown,
    reason: string,
    invocation: Invocation,
    received: number,
  ): Promise<HandlerReport> {
    logger.error({ reason, event }, 'event rejected: sent to the dead-letter queue');
    const sideEffectErrors: string[] = [];
    try {
      await adapters.deadLetters.send({
        function: kind,
        reason,
        event,
        at: received,
        requestId: invocation.requestId,
      });
    } catch (error) {
      sideEffectErrors.push(`dead letter: ${error instanceof Error ? error.message : String(error)}`);
    }
    const report = reportOf(kind, null, null, [], sideEffectErrors, reason);
    emitMetrics(received, report, [], null);
    if (sideEffectErrors.length > 0) throw new InvocationError(report);
    return report;
  }

  function emitMetrics(
    at: number,
    report: HandlerReport,
    outcomes: readonly Outcome[],
    lateness: number | null,
  ) {
    try {
      adapters.metrics.emit(at, invocationMetrics(report, outcomes, schedule, at, lateness));
    } catch (error) {
      logger.error({ err: error }, 'metrics not written');
    }
  }

  function edgeModels(kind: 'open' | 'close', e: SchedulerEvent): string[] {
    // The models with an edge in the minute the schedule fired for, of that schedule only.
    const withEdge = modelsWithEdge(schedule, kind, e.scheduledTime);
    const own = e.schedule === null ? undefined : adapters.edgeSchedules?.[e.schedule];
    if (own === undefined) return withEdge;
    const mine = new Set(own);
    return withEdge.filter((id) => mine.has(id));
  }

  /**
   * Claims one step (a verify timer's payload, or a reconcile pass, at its scheduled time) in the
   * alert ledger; null when another delivery claimed it. A ledger that cannot be reached lets the step act (a duplicate
   * step is better than a lost one).
   */
  async function claimStep(scheduledTime: number, payload: object, received: number): Promise<string | null> {
    const key = `step|${scheduledTime}|${canonicalHash(sortedEntries(payload), 32)}`;
    try {
      return (await adapters.alertLedger.claim(key, received + STEP_CLAIM_MS, received)) ? key : null;
    } catch (error) {
      logger.warn({ err: error }, 'verify step not claimed (ledger unavailable): acting anyway');
      return key;
    }
  }

  async function releaseStep(key: string): Promise<void> {
    try {
      await adapters.alertLedger.release(key);
    } catch (error) {
      logger.warn({ err: error }, 'verify step claim not released');
    }
  }

  return {
    engine,
    host,
    async handle(kind, event, invocation) {
      clock = invocation.now;
      const received = invocation.now();
      let e: SchedulerEvent;
      try {
        e = await parseSchedulerEvent(event, kind);
      } catch (error) {
        if (!(error instanceof EventError)) throw error;
        return reject(kind, event, error.message, invocation, received);
      }
      const lateness = received - e.scheduledTime;
      if (lateness < -EVENT_GRACE_MS) {
        return reject(
          kind,
          event,
          `scheduledTime ${new Date(e.scheduledTime).toISOString()} is ${Math.round(-lateness / 1000)} s in the future`,
          invocation,
          received,
        );
      }
      // A late event is decided for now: its scheduled time says nothing about the models today.
      const at = lateness > EVENT_GRACE_MS ? received : e.scheduledTime;
      const ctx: InvocationContext = {
        now: invocation.now,
        deadline: received + invocation.remainingMs() - DEADLINE_MARGIN_MS,
      };
      const fields = {
        scheduledTime: new Date(e.scheduledTime).toISOString(),
        decidedFor: new Date(at).toISOString(),
        latenessMs: lateness,
        schedule: e.schedule,
        attempt: e.attempt,
      };
      if (lateness > EVENT_GRACE_MS) logger.warn(fields, `${kind} event late: decided for now`);
      let outcomes: Outcome[];
      let step: string | null | undefined;
      if (kind === 'open' || kind === 'close') {
        const ids = edgeModels(kind, e);
        logger.info({ ...fields, models: ids }, `${kind} edge`);
        outcomes = await engine.edge(at, ids, ctx);
      } else if (kind === 'reconcile') {
        logger.info({ ...fields, models: schedule.models.length }, 'reconcile pass');
        // A pass's duplicate would see what the pass just did (a slow try STARTING) and misread it.
        step = await claimStep(e.scheduledTime, { pass: e.schedule ?? 'reconcile' }, received);
        if (step === null) {
          logger.info(fields, 'reconcile pass already handled by another delivery: skipped');
          return reportOf(kind, e.scheduledTime, at, [], [], null, lateness);
        }
        try {
          outcomes = await engine.reconcile(at, { ctx });
        } catch (error) {
          await releaseStep(step);
          throw error;
        }
      } else {
        logger.info({ ...fields, timer: e.payload }, 'verify timer');
        const payload = e.payload as NonNullable<SchedulerEvent['payload']>;
        // A verify step acts on what it observes, and its duplicate (at-least-once delivery) observes
        // what the first delivery did: it would fork the chain. One delivery of a step acts.
        step = await claimStep(e.scheduledTime, payload, received);
        if (step === null) {
          logger.info(fields, 'verify timer already handled by another delivery: skipped');
          return reportOf(kind, e.scheduledTime, at, [], [], null, lateness);
        }
        try {
          outcomes = await engine.timer(at, payload, ctx);
        } catch (error) {
          await releaseStep(step);
          throw error;
        }
      }
      const sideEffectErrors = outcomes.flatMap((o) => o.sideEffectErrors ?? []);
      const report = reportOf(kind, e.scheduledTime, at, outcomes, sideEffectErrors, null, lateness);
      emitMetrics(at, report, outcomes, lateness);
      logger.info(
        {
          scheduledTime: report.scheduledTime,
          decisions: report.decisions.length,
          failures: report.failures,
          sideEffectErrors: sideEffectErrors.length,
        },
        `${kind} done`,
      );
      if (sideEffectErrors.length > 0) {
        logger.error({ sideEffectErrors }, `${kind}: side effects failed; the event is retried`);
        // The retry must be able to act again.
        if (typeof step === 'string') await releaseStep(step);
        throw new InvocationError(report);
      }
      return report;
    },
  };
}
