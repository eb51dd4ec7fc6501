/**
 * The engine: observes models through the ModelHost port, asks the pure decision functions
 * (src/control) what to do, carries the decisions out, sets timers and sends alerts. The same
 * engine runs in Lambda handlers, in `lvsched simulate` and in `lvsched reconcile`. Failures are
 * decisions too (src/control/decideFailure.ts); a failed timer, alert or metric is recorded on
 * its outcome and never stops the other decisions.
 */
import type { Logger } from 'pino';
import { continuePass, decideFailure, handOff } from '../control/decideFailure.js';
import { decideModel } from '../control/decideModel.js';
import {
  observedIn,
  type ProjectModels,
  passLeavesToEdge,
  projectKey,
  projectsOf,
} from '../control/decideReconcile.js';
import { decideRetry } from '../control/decideRetry.js';
import { startedByAnother, unsafeStartReason } from '../control/decideUnguardedStart.js';
import { decideVerifyStart, decideVerifyStop } from '../control/decideVerify.js';
import type { Decision } from '../control/decision.js';
import { refOf } from '../control/decisionBuilders.js';
import { type EngineSettings, fleetStagger } from '../control/engineSettings.js';
import {
  type Alerts,
  capabilitiesOf,
  HostError,
  type ModelHost,
  type ObservedModel,
  type TimerPayload,
  type Timers,
} from '../ports.js';
import type { ModelSchedule, Schedule } from '../schedule/types.js';
import { applySideEffects, logDecision, messageOf } from './decisionEffects.js';

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
  /** `done`, `dry-run`, `skipped` (handed off as a timer), or the error that stopped the action (and was handled). */
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

/** The step a decision carries on: the edge's or pass's instant, its tries, the timer being handled. */
interface Step {
  readonly origin: number;
  readonly tries: number;
  /** A reconcile pass (or its continuation), not an edge or a timer. */
  readonly pass?: boolean;
  readonly payload?: TimerPayload | undefined;
}

type Result = Outcome['result'];

/** Projects a reconcile pass observes at once (the host paces the calls themselves). */
const PASS_CONCURRENCY = 4;

export class Engine {
  readonly #deps: EngineDeps;
  readonly #models: ReadonlyMap<string, ModelSchedule>;
  /** The projects a pass lists, in pass order (continuations resume by index). */
  readonly #projects: ReturnType<typeof projectsOf>;

  constructor(deps: EngineDeps) {
    // Checks and rechecks of a large fleet are spread over the time the quota needs for them.
    this.#deps = { ...deps, settings: fleetStagger(deps.settings, deps.schedule.models.length) };
    this.#models = new Map(deps.schedule.models.map((m) => [m.id, m]));
    this.#projects = projectsOf(deps.schedule);
  }

  /**
   * A window edge at `at` (the event's scheduled time): decide for `ids`, the models of the schedule
   * that fired (src/runtime/modelsWithEdge.ts picks them). Models of one project are observed with
   * one ListModels, a lone model with DescribeModel.
   */
  async edge(at: number, ids: readonly string[], ctx?: InvocationContext): Promise<Outcome[]> {
    const models = ids.map((id) => this.#model(id)).filter((m) => m !== undefined);
    const byProject = new Map<string, ModelSchedule[]>();
    for (const m of models) {
      const key = projectKey(m.region, m.project, m.service);
      byProject.set(key, [...(byProject.get(key) ?? []), m]);
    }
    const step: Step = { origin: at, tries: 0 };
    const { settings } = this.#deps;
    const outcomes = await Promise.all(
      [...byProject.values()].map(async (group): Promise<Outcome[]> => {
        const [first] = group;
        if (first === undefined) return [];
        if (group.length === 1)
          return [
            await this.#observeAndDecide(first, at, step, ctx, (o) => decideModel(first, at, o, settings)),
          ];
        return this.#project(
          { region: first.region, project: first.project, service: first.service, models: group },
          at,
          step,
          false,
          ctx,
        );
      }),
    );
    return outcomes.flat();
  }

  /**
   * One reconcile pass at `at`: one ListModels per project, then the decision table. Projects it
   * cannot begin before `ctx.deadline` continue in a follow-up invocation (a `reconcile` timer).
   */
  async reconcile(
    at: number,
    options: { dryRun?: boolean; ctx?: InvocationContext } = {},
  ): Promise<Outcome[]> {
    return this.#pass(at, at, 0, options.dryRun === true, options.ctx);
  }

  /** A timer set by an earlier decision has fired. */
  async timer(at: number, payload: TimerPayload, ctx?: InvocationContext): Promise<Outcome[]> {
    if (payload.op === 'reconcile') return this.#pass(at, payload.pass, payload.from, false, ctx);
    const model = this.#model(payload.model);
    if (model === undefined) {
      this.#deps.logger.info(
        { model: payload.model, op: payload.op },
        'timer for a model no longer in the schedule: ignored',
      );
      return [];
    }
    const { settings } = this.#deps;
    const step: Step = {
      origin: payload.op === 'recheck' ? (payload.origin ?? at) : at,
      tries: payload.try ?? 0,
      payload,
    };
    const decide = (observed: ObservedModel): Decision => {
      switch (payload.op) {
        case 'recheck':
          return decideModel(model, at, observed, settings, { origin: payload.origin, tries: payload.try });
        case 'verify-start':
          return decideVerifyStart(model, at, observed, payload, settings);
        case 'verify-stop':
          return decideVerifyStop(model, at, observed, payload, settings);
        case 'retry':
          return decideRetry(model, at, observed, payload, settings);
      }
    };
    return [await this.#observeAndDecide(model, at, step, ctx, decide)];
  }

  #model(id: string): ModelSchedule | undefined {
    return this.#models.get(id);
  }

  /** True when a call in `region` could not begin before the invocation's deadline. */
  #pastDeadline(region: string | null, ctx: InvocationContext | undefined): boolean {
    if (ctx === undefined) return false;
    return (this.#deps.host.nextSlot?.(region) ?? ctx.now()) > ctx.deadline;
  }

  async #pass(
    at: number,
    origin: number,
    from: number,
    dryRun: boolean,
    ctx: InvocationContext | undefined,
  ): Promise<Outcome[]> {
    const projects = this.#projects;
    const results: Outcome[][] = [];
    let next = from;
    let handedOff = false;
    const worker = async () => {
      while (!handedOff && next < projects.length) {
        const i = next;
        const p = projects[i] as ProjectModels;
        const [first] = p.models;
        if (!dryRun && first !== undefined && this.#pastDeadline(p.region, ctx)) {
          handedOff = true;
          const d = continuePass(first, at, origin, i, projects.length, this.#deps.settings);
          results[i] = [await this.#apply(d, 'skipped')];
          return;
        }
        next = i + 1;
        results[i] = await this.#project(p, at, { origin, tries: 0, pass: true }, dryRun, ctx);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PASS_CONCURRENCY, projects.length) }, worker));
    return results.flat();
  }

  /** Observes the models of one project with one ListModels and decides for each. */
  async #project(
    p: ProjectModels,
    at: number,
    step: Step,
    dryRun: boolean,
    ctx: InvocationContext | undefined,
  ): Promise<Outcome[]> {
    const { host, settings, logger } = this.#deps;
    if (step.pass === true) {
      // Stops at the first model that must be observed: most projects have one, and are listed.
      const left: Decision[] = [];
      for (const m of p.models) {
        const d = passLeavesToEdge(m, at, settings, step.origin);
        if (d === null) break;
        left.push(d);
      }
      if (left.length === p.models.length)
        return Promise.all(left.map((d) => this.#apply(d, 'done', dryRun)));
    }
    if (!dryRun && this.#pastDeadline(p.region, ctx))
      return Promise.all(p.models.map((m) => this.#apply(handOff(m, at, step, settings), 'skipped')));
    let listing: ReadonlyMap<string, ObservedModel>;
    try {
      listing = await host.listModels(
        p.region,
        p.project,
        p.models.map((m) => m.version),
        p.service,
      );
    } catch (error) {
      const e = asHostError(error);
      logger.warn({ project: p.project, region: p.region, error: e.message }, 'project not observed');
      return Promise.all(
        p.models.map((m) => {
          const d = decideFailure(m, at, e, { step: 'observe', origin: step.origin, tries: 0 }, settings);
          this.#log(d, 'failed', e);
          return this.#apply(d, { error: e.message, kind: e.kind }, dryRun);
        }),
      );
    }
    const outcomes: Outcome[] = [];
    for (const m of p.models) {
      const decision = decideModel(m, at, observedIn(listing, m.version), settings, {
        origin: step.origin,
        pass: step.pass === true,
      });
      outcomes.push(await this.#carryOut(decision, step, dryRun, ctx));
    }
    return outcomes;
  }

  async #observeAndDecide(
    model: ModelSchedule,
    at: number,
    step: Step,
    ctx: InvocationContext | undefined,
    decide: (observed: ObservedModel) => Decision,
  ): Promise<Outcome> {
    const { host, settings } = this.#deps;
    if (this.#pastDeadline(model.region, ctx))
      return this.#apply(handOff(model, at, step, settings), 'skipped');
    let observed: ObservedModel;
    try {
      observed = await host.describeModel(refOf(model));
    } catch (error) {
      const e = asHostError(error);
      const d = decideFailure(model, at, e, { step: 'observe', ...step }, settings);
      this.#log(d, 'failed', e);
      return this.#apply(d, { error: e.message, kind: e.kind });
    }
    return this.#carryOut(decide(observed), step, false, ctx);
  }

  /** Carries out a decision: the call, then its timers and alerts; a failed call is a decision too. */
  async #carryOut(
    decision: Decision,
    step: Step,
    dryRun: boolean,
    ctx: InvocationContext | undefined,
  ): Promise<Outcome> {
    const { host, settings } = this.#deps;
    if (dryRun) {
      this.#log(decision, 'dry-run');
      return { decision, result: 'dry-run' };
    }
    const call = decision.action === 'start' || decision.action === 'stop';
    // Without a token, a repeated start is a second start: sent only when it is safe now.
    const guarded = decision.action === 'start' && !capabilitiesOf(host, decision.ref).idempotentStart;
    if (call && guarded) {
      const unsafe = unsafeStartReason(decision, this.#model(decision.model), ctx?.now() ?? decision.at);
      if (unsafe !== null)
        return this.#apply({ ...decision, action: 'none', reason: unsafe, timers: [], alerts: [] }, 'done');
    }
    if (call && decision.clientToken !== null) {
      const model = this.#model(decision.model);
      if (model !== undefined && this.#pastDeadline(decision.ref.region, ctx))
        return this.#apply(handOff(model, decision.at, step, settings), 'skipped');
      try {
        if (decision.action === 'start' && decision.units !== null) {
          await host.startModel(decision.ref, {
            minInferenceUnits: decision.units.min,
            maxInferenceUnits: decision.units.max,
            clientToken: decision.clientToken,
          });
        } else if (decision.action === 'stop') {
          await host.stopModel(decision.ref, decision.clientToken);
        }
      } catch (error) {
        const e = asHostError(error);
        this.#log(decision, 'failed', e);
        if (guarded && e.kind === 'conflict') {
          const started = await this.#startedElsewhere(decision);
          if (started !== null) return this.#apply(started, 'done');
        }
        if (model === undefined) return { decision, result: { error: e.message, kind: e.kind } };
        const failed = decideFailure(model, decision.at, e, { step: 'call', decision, ...step }, settings);
        this.#log(failed, 'failed', e);
        return this.#apply(failed, { error: e.message, kind: e.kind });
      }
    }
    return this.#apply(decision, 'done');
  }

  /** A start without a token answered a conflict: observed again, it may have been another delivery's. */
  async #startedElsewhere(decision: Decision): Promise<Decision | null> {
    try {
      return startedByAnother(decision, await this.#deps.host.describeModel(decision.ref));
    } catch {
      return null;
    }
  }

  /** Sets a decision's timers, sends its alerts and logs its metrics; failures are collected, never thrown. */
  async #apply(decision: Decision, result: Result, dryRun = false): Promise<Outcome> {
    if (dryRun) {
      this.#log(decision, 'dry-run');
      return { decision, result: typeof result === 'string' ? 'dry-run' : result };
    }
    const { logger } = this.#deps;
    const errors = await applySideEffects(decision, this.#deps);
    if (typeof result === 'string') this.#log(decision, result);
    if (errors.length > 0) {
      logger.warn({ model: decision.model, sideEffectErrors: errors }, 'side effects failed');
      return { decision, result, sideEffectErrors: errors };
    }
    return { decision, result };
  }

  #log(d: Decision, result: string, error?: HostError): void {
    logDecision(this.#deps.logger, d, result, error);
  }
}

function asHostError(error: unknown): HostError {
  if (error instanceof HostError) return error;
  return new HostError('unknown', 'Error', messageOf(error), { cause: error });
}
