/**
 * The engine: observes models through the ModelHost port, asks the pure decision functions
 * (src/control) what to do, carries the decisions out, sets timers and sends alerts. The same
 * engine runs in Lambda handlers, in `lvsched simulate` and in `lvsched reconcile`.
 */
import type { Logger } from 'pino';
import { decideModel, decideRetry, makeAlert } from '../control/decideModel.js';
import { decideReconcile, type ProjectListings, projectKey, projectsOf } from '../control/decideReconcile.js';
import { decideVerifyStart, decideVerifyStop } from '../control/decideVerify.js';
import type { Decision } from '../control/decision.js';
import type { EngineSettings } from '../control/engineSettings.js';
import { windowContext } from '../control/windowContext.js';
import {
  type Alerts,
  HostError,
  type ModelHost,
  type ObservedModel,
  type TimerPayload,
  type Timers,
} from '../ports.js';
import type { ModelSchedule, Schedule } from '../schedule/types.js';
import { desiredStateAt } from '../schedule/windows.js';

export interface EngineDeps {
  readonly schedule: Schedule;
  readonly host: ModelHost;
  readonly timers: Timers;
  readonly alerts: Alerts;
  readonly logger: Logger;
  readonly settings: EngineSettings;
}

/** What one engine operation did: the decisions, each with how carrying it out went. */
export interface Outcome {
  readonly decision: Decision;
  /** `done`, `dry-run`, or the error that stopped the action (and was handled). */
  readonly result: 'done' | 'dry-run' | 'skipped' | { readonly error: string; readonly kind: string };
  /** Side effects of the decision (timers, alerts, metrics) that failed; the invocation reports them at its end. */
  readonly sideEffectErrors?: readonly string[];
}

/**
 * The invocation an engine operation runs in: its real clock and the instant by which it must have
 * handed off what it cannot finish (Lambda's remaining time less a margin). Without one, the
 * operation is unbounded and `now` is the operation's `at`.
 */
export interface InvocationContext {
  /** The invocation's real clock, epoch ms (Date.now in Lambda, the virtual clock in simulate). */
  readonly now: () => number;
  /** Epoch ms on that clock after which no new service call may begin; work left becomes timers. */
  readonly deadline: number;
}

export class Engine {
  readonly #deps: EngineDeps;
  readonly #models: ReadonlyMap<string, ModelSchedule>;

  constructor(deps: EngineDeps) {
    this.#deps = deps;
    this.#models = new Map(deps.schedule.models.map((m) => [m.id, m]));
  }

  /** The models whose desired state changes exactly at `at` (the models of a window edge). */
  modelsWithEdgeAt(at: number): ModelSchedule[] {
    return this.#deps.schedule.models.filter((m) => desiredStateAt(m, at - 1) !== desiredStateAt(m, at));
  }

  /**
   * A window edge at `at` (the event's scheduled time): decide for each model whose state changes
   * then (or for `ids`), from its DescribeModel status.
   */
  async edge(at: number, ids?: readonly string[], _ctx?: InvocationContext): Promise<Outcome[]> {
    const models = ids
      ? ids.map((id) => this.#model(id)).filter((m) => m !== undefined)
      : this.modelsWithEdgeAt(at);
    // Models of one project are observed with one ListModels, a lone model with DescribeModel.
    const byProject = new Map<string, ModelSchedule[]>();
    for (const m of models) {
      const key = projectKey(m.region, m.project);
      byProject.set(key, [...(byProject.get(key) ?? []), m]);
    }
    const outcomes = await Promise.all(
      [...byProject.values()].map(async (group): Promise<Outcome[]> => {
        const [first] = group;
        if (first === undefined) return [];
        if (group.length === 1) return this.#decideOne(first, at, 0, 'edge');
        let listing: ReadonlyMap<string, ObservedModel>;
        try {
          listing = await this.#deps.host.listModels(first.region, first.project);
        } catch (error) {
          return Promise.all(group.map((m) => this.#failed(m, at, asHostError(error), 0, false)));
        }
        const results: Outcome[] = [];
        for (const m of group) {
          const observed = listing.get(m.version) ?? { status: 'NOT_FOUND' as const, statusMessage: null };
          results.push(await this.#carryOut(decideModel(m, at, observed, this.#deps.settings), 0, false));
        }
        return results;
      }),
    );
    return outcomes.flat();
  }

  /** One reconcile pass at `at`: one ListModels per project, then the decision table. */
  async reconcile(
    at: number,
    options: { dryRun?: boolean; ctx?: InvocationContext } = {},
  ): Promise<Outcome[]> {
    const listings = new Map<string, ReadonlyMap<string, ObservedModel>>();
    const unobserved: Outcome[] = [];
    for (const p of projectsOf(this.#deps.schedule)) {
      try {
        listings.set(projectKey(p.region, p.project), await this.#deps.host.listModels(p.region, p.project));
      } catch (error) {
        const e = asHostError(error);
        this.#deps.logger.warn(
          { project: p.project, region: p.region, error: e.message },
          'reconcile: project not observed',
        );
        // Unobserved models are decided again shortly rather than waiting for the next pass.
        for (const m of this.#deps.schedule.models.filter(
          (x) => x.project === p.project && x.region === p.region,
        )) {
          unobserved.push(await this.#failed(m, at, e, 0, options.dryRun === true));
        }
      }
    }
    const decisions = decideReconcile(
      this.#deps.schedule,
      at,
      listings as ProjectListings,
      this.#deps.settings,
    );
    const outcomes: Outcome[] = [];
    for (const d of decisions) outcomes.push(await this.#carryOut(d, 0, options.dryRun === true));
    return [...outcomes, ...unobserved];
  }

  /** A timer set by an earlier decision has fired. */
  async timer(at: number, payload: TimerPayload, _ctx?: InvocationContext): Promise<Outcome[]> {
    const model = this.#model(payload.model);
    if (model === undefined) {
      this.#deps.logger.info(
        { model: payload.model, op: payload.op },
        'timer for a model no longer in the schedule: ignored',
      );
      return [];
    }
    if (payload.op === 'recheck') return this.#decideOne(model, at, payload.try, 'recheck');
    const tries = payload.op === 'retry' ? payload.try : 0;
    const observed = await this.#observe(model, at, tries);
    if (observed instanceof HostError) return [await this.#failed(model, at, observed, tries, false)];
    const { settings } = this.#deps;
    const decision =
      payload.op === 'verify-start'
        ? decideVerifyStart(model, at, observed, payload, settings)
        : payload.op === 'verify-stop'
          ? decideVerifyStop(model, at, observed, payload, settings)
          : decideRetry(model, at, observed, payload, settings);
    return [await this.#carryOut(decision, tries, false)];
  }

  #model(id: string): ModelSchedule | undefined {
    return this.#models.get(id);
  }

  async #decideOne(model: ModelSchedule, at: number, tries: number, why: string): Promise<Outcome[]> {
    const observed = await this.#observe(model, at, tries);
    if (observed instanceof HostError) return [await this.#failed(model, at, observed, tries, false)];
    const decision = decideModel(model, at, observed, this.#deps.settings);
    this.#deps.logger.debug({ model: model.id, why }, 'decided');
    return [await this.#carryOut(decision, tries, false)];
  }

  async #observe(model: ModelSchedule, _at: number, _tries: number): Promise<ObservedModel | HostError> {
    try {
      return await this.#deps.host.describeModel({
        region: model.region,
        project: model.project,
        version: model.version,
      });
    } catch (error) {
      return asHostError(error);
    }
  }

  /** Carries out a decision: the call, then its timers and alerts; failures become rechecks or alerts. */
  async #carryOut(decision: Decision, tries: number, dryRun: boolean): Promise<Outcome> {
    const { host, logger } = this.#deps;
    if (dryRun) {
      this.#log(decision, 'dry-run');
      return { decision, result: 'dry-run' };
    }
    try {
      if (decision.action === 'start' && decision.clientToken !== null && decision.units !== null) {
        await host.startModel(decision.ref, {
          minInferenceUnits: decision.units.min,
          maxInferenceUnits: decision.units.max,
          clientToken: decision.clientToken,
        });
      } else if (decision.action === 'stop' && decision.clientToken !== null) {
        await host.stopModel(decision.ref, decision.clientToken);
      }
    } catch (error) {
      const e = asHostError(error);
      const model = this.#model(decision.model);
      this.#log(decision, 'failed', e);
      if (model === undefined) return { decision, result: { error: e.message, kind: e.kind } };
      return this.#failed(model, decision.at, e, tries, false, decision);
    }
    for (const t of decision.timers) await this.#deps.timers.set(t.at, t.payload);
    for (const a of decision.alerts) await this.#deps.alerts.send(a);
    this.#log(decision, 'done');
    if (decision.metrics.startLatencyMs !== undefined) {
      logger.info(
        { model: decision.model, metric: 'startLatencyMs', value: decision.metrics.startLatencyMs },
        'metric',
      );
    }
    return { decision, result: 'done' };
  }

  /**
   * A call failed. Throttling, 5xx, network errors and conflicts (the model is changing) are decided
   * again after a backoff; after `maxRechecks` tries, or for a rejection (access denied, not found,
   * quota, invalid), one alert.
   */
  async #failed(
    model: ModelSchedule,
    at: number,
    e: HostError,
    tries: number,
    dryRun: boolean,
    decision?: Decision,
  ): Promise<Outcome> {
    const { settings, timers, alerts } = this.#deps;
    const d: Decision =
      decision ??
      ({
        model: model.id,
        ref: { region: model.region, project: model.project, version: model.version },
        at,
        desired: desiredStateAt(model, at),
        observed: 'NOT_FOUND',
        action: 'wait',
        clientToken: null,
        reason: `could not observe: ${e.code}`,
        units: null,
        anchor: null,
        attempt: null,
        timers: [],
        alerts: [],
        metrics: {},
      } satisfies Decision);
    if (dryRun) return { decision: d, result: { error: e.message, kind: e.kind } };
    const ctx = windowContext(model, at, settings.reconcileEveryMs);
    if ((e.retryable || e.kind === 'conflict') && tries < settings.maxRechecks) {
      const delay = settings.recheckBaseDelayMs * 2 ** tries;
      const action = d.action;
      if (
        e.retryable &&
        (action === 'start' || action === 'stop') &&
        d.anchor !== null &&
        d.attempt !== null
      ) {
        // The call may not have happened: repeat it (same token, so it happens at most once).
        const slot = slotOf(d);
        await timers.set(at + delay, {
          op: 'retry',
          model: model.id,
          action,
          anchor: d.anchor,
          slot,
          attempt: d.attempt,
          try: tries + 1,
        });
      } else {
        await timers.set(at + delay, { op: 'recheck', model: model.id, reason: e.code, try: tries + 1 });
      }
    } else {
      const rejected = !e.retryable && e.kind !== 'conflict';
      const cause = rejected ? (d.action === 'stop' ? 'stop-rejected' : 'start-rejected') : 'gave-up';
      await alerts.send(
        makeAlert(model, at, cause, ctx.anchor, `${model.id}: ${d.action} failed: ${e.message}`, {
          window: ctx.window,
          clientToken: d.clientToken,
          attempt: d.attempt,
          keySuffix: `|${e.code}`,
        }),
      );
    }
    return { decision: d, result: { error: e.message, kind: e.kind } };
  }

  #log(d: Decision, result: string, error?: HostError): void {
    const line = {
      model: d.model,
      action: d.action,
      token: d.clientToken,
      reason: d.reason,
      desired: d.desired,
      observed: d.observed,
      at: new Date(d.at).toISOString(),
      attempt: d.attempt,
      result,
      ...(error ? { error: error.message, errorKind: error.kind } : {}),
      ...(d.alerts.length > 0 ? { alerts: d.alerts.map((a) => a.cause) } : {}),
    };
    if (error) this.#deps.logger.warn(line, 'decision');
    else this.#deps.logger.info(line, 'decision');
  }
}

/** The reconcile slot a start/stop decision's chain began in (carried by its verify timer). */
function slotOf(d: Decision): number {
  const timer = d.timers.find((t) => t.payload.op === 'verify-start' || t.payload.op === 'verify-stop');
  return timer && 'slot' in timer.payload ? timer.payload.slot : 0;
}

function asHostError(error: unknown): HostError {
  if (error instanceof HostError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new HostError('unknown', 'Error', message, { cause: error });
}
