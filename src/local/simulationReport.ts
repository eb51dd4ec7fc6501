/** The report of a simulation: the timeline, charges against the plan, calls, alerts, invocations. */
import type { EmulatorHandle } from '../emulator/index.js';
import type { Alert, HostService } from '../ports.js';
import { type buildPlan, isoUtc } from '../schedule/plan.js';
import type { Interval, Schedule } from '../schedule/types.js';
import { mergeIntervals } from '../schedule/windows.js';
import { HOUR, MINUTE } from '../schedule/zone.js';
import { billedAndStatus, START_STOP, serviceCalls } from './emulatedServices.js';
import { FUNCTION_TIMEOUT_MS, type SimulatedCloud } from './simulatedCloud.js';

export interface TimelineEntry {
  /** The scheduled time of the event the decision was made for. */
  readonly at: string;
  /** When the invocation that made it began (the delivery's second within the minute). */
  readonly deliveredAt: string;
  readonly event: string;
  readonly model: string;
  readonly action: string;
  readonly clientToken: string | null;
  readonly reason: string;
  readonly result: string;
}

export interface ModelCharge {
  readonly id: string;
  /** The hosting service of the model (the file's `service`). */
  readonly service: HostService;
  readonly plannedInferenceUnitHours: number;
  readonly billedInferenceUnitHours: number;
  readonly hostedOutsideWindowMinutes: number;
  readonly notHostedInsideWindowMinutes: number;
  readonly startCalls: number;
  readonly stopCalls: number;
  readonly windows: number;
  /** The model's status when the span ended, in the service's own words (HOSTED; RUNNING). */
  readonly statusAtEnd: string;
  /** The last start the service acted on (accepted, not a replayed token), or null. */
  readonly lastStartAt: string | null;
}

export interface SimulationReport {
  readonly from: string;
  readonly to: string;
  readonly seed: number;
  readonly timeline: readonly TimelineEntry[];
  readonly models: readonly ModelCharge[];
  readonly totals: Billing & { readonly currency: string };
  /**
   * The totals of the models of each service the file uses (Lookout for Vision first), priced alike
   * (the file's `pricing`), with the requests made to that service.
   */
  readonly byService: Readonly<Partial<Record<HostService, ServiceTotals>>>;
  /** HTTP requests the functions made, by API, as the emulator received them (retries included). */
  readonly calls: Readonly<Record<string, number>>;
  /** Of those, requests the service turned away (throttled, injected 500s, dropped) or answered from a token's cache. */
  readonly callOutcomes: {
    readonly throttled: number;
    readonly internalErrors: number;
    readonly dropped: number;
    readonly replayed: number;
    /** Throttled requests by API. */
    readonly throttledByOperation: Readonly<Record<string, number>>;
  };
  /** Alerts as published (after the cross-container ledger), by instant. */
  readonly alerts: readonly Alert[];
  /** Lambda invocations: deliveries, Scheduler's duplicates, Lambda's retries of failed ones. */
  readonly invocations: {
    readonly total: number;
    readonly byFunction: Readonly<Record<string, number>>;
    readonly duplicates: number;
    readonly functionErrors: number;
    /** Seconds from the scheduled time to the start of the invocation. */
    readonly latenessSeconds: { readonly mean: number; readonly max: number };
    /** Invocations that ran past their function's timeout (virtual time). */
    readonly overTimeout: number;
    /** Still running when the span ended. */
    readonly unfinished: number;
  };
  /** Events sent to the dead-letter queue: rejected by a handler, or failed three times. */
  readonly deadLetters: readonly {
    readonly at: string;
    readonly function: string;
    readonly reason: string;
  }[];
  /** Real seconds the simulation took (the only field that differs between identical runs). */
  readonly wallSeconds: number;
}

/** What a set of models was billed against their plan and against always-on, in hours and cost. */
export interface Billing {
  readonly plannedInferenceUnitHours: number;
  readonly billedInferenceUnitHours: number;
  readonly alwaysOnInferenceUnitHours: number;
  readonly billedToPlanned: number | null;
  readonly hostedOutsideWindowMinutes: number;
  readonly notHostedInsideWindowMinutes: number;
  readonly billedCost: number;
  readonly plannedCost: number;
  readonly alwaysOnCost: number;
}

/** One service's share of a simulation. */
export interface ServiceTotals extends Billing {
  readonly models: number;
  readonly windows: number;
  /** Requests to this service's start and stop operations (StartModel; StartProjectVersion). */
  readonly startCalls: number;
  readonly stopCalls: number;
  /** HTTP requests to the service, by API (retries included). */
  readonly calls: Readonly<Record<string, number>>;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Total length of `a` minus `b` (both sorted, merged). */
function minus(a: readonly Interval[], b: readonly Interval[]): number {
  let total = 0;
  for (const w of a) {
    let covered = 0;
    for (const x of b) {
      const lo = Math.max(w.open, x.open);
      const hi = Math.min(w.close, x.close);
      if (hi > lo) covered += hi - lo;
    }
    total += w.close - w.open - covered;
  }
  return total;
}

/** What a simulation's report is computed from. */
export interface SimulationReportInput {
  readonly emulator: EmulatorHandle;
  readonly schedule: Schedule;
  readonly plan: ReturnType<typeof buildPlan>;
  readonly windowsById: ReadonlyMap<string, Interval[]>;
  /** The span reported on (epoch ms) and the seconds a start takes to reach HOSTED. */
  readonly span: { readonly from: number; readonly to: number; readonly startSeconds: number };
  readonly timeline: readonly TimelineEntry[];
  readonly cloud: SimulatedCloud;
  readonly seed: number;
  readonly defaultRegion: string;
  /** `performance.now()` when the simulation began (for `wallSeconds`). */
  readonly started: number;
}

/** What the emulator billed and was asked, against the plan; what the invocations did. */
export function simulationReport(input: SimulationReportInput): SimulationReport {
  const { emulator, schedule, plan, windowsById, span, timeline, cloud, seed, defaultRegion, started } =
    input;
  const { from, to, startSeconds } = span;
  const calls: Record<string, number> = {};
  const callsOf: Record<HostService, Record<string, number>> = { lookoutvision: {}, rekognition: {} };
  const throttledByOperation: Record<string, number> = {};
  const callOutcomes = { throttled: 0, internalErrors: 0, dropped: 0, replayed: 0, throttledByOperation };
  const callsByModel = new Map<string, { start: number; stop: number; lastStart: number | null }>();
  for (const { service, call: c } of serviceCalls(emulator)) {
    const op = c.operation ?? 'unrouted';
    calls[op] = (calls[op] ?? 0) + 1;
    callsOf[service][op] = (callsOf[service][op] ?? 0) + 1;
    if (c.fault === 'throttled') {
      callOutcomes.throttled++;
      throttledByOperation[op] = (throttledByOperation[op] ?? 0) + 1;
    } else if (c.fault === 'internalError') callOutcomes.internalErrors++;
    else if (c.fault === 'dropped') callOutcomes.dropped++;
    if (c.replayed === true) callOutcomes.replayed++;
    const ops = START_STOP[service];
    if ((op === ops.start || op === ops.stop) && c.project !== undefined) {
      const key = `${service}|${c.region ?? ''}|${c.project}|${c.version}`;
      const n = callsByModel.get(key) ?? { start: 0, stop: 0, lastStart: null };
      if (op === ops.start) n.start++;
      else n.stop++;
      if (op === ops.start && c.statusCode === ops.accepted && c.replayed !== true) n.lastStart = c.at;
      callsByModel.set(key, n);
    }
  }
  const billedOf = billedAndStatus(emulator);
  const models: ModelCharge[] = schedule.models.map((m) => {
    const region = m.region ?? defaultRegion;
    const { billed, status } = billedOf({
      service: m.service,
      region,
      project: m.project,
      version: m.version,
    });
    const hosted: Interval[] = [];
    let unitMs = 0;
    for (const i of billed) {
      const open = Math.max(i.from, from);
      const close = Math.min(i.to, to);
      if (close <= open) continue;
      hosted.push({ open, close });
      unitMs += (close - open) * i.inferenceUnits;
    }
    const hostedMerged = mergeIntervals(hosted);
    const windows = windowsById.get(m.id) ?? [];
    // Inside windows, the first start-up time after each opening is expected to be unhosted.
    const afterStartup = windows
      .map((w) => ({ open: w.open > from ? w.open + startSeconds * 1000 : w.open, close: w.close }))
      .filter((w) => w.close > w.open);
    const planned = plan.models.find((p) => p.id === m.id);
    const n = callsByModel.get(`${m.service}|${region}|${m.project}|${m.version}`) ?? {
      start: 0,
      stop: 0,
      lastStart: null,
    };
    return {
      id: m.id,
      service: m.service,
      plannedInferenceUnitHours: round(planned?.windows.reduce((s, w) => s + w.inferenceUnitHours, 0) ?? 0),
      billedInferenceUnitHours: round(unitMs / HOUR),
      hostedOutsideWindowMinutes: round(minus(hostedMerged, windows) / MINUTE, 2),
      notHostedInsideWindowMinutes: round(minus(afterStartup, hostedMerged) / MINUTE, 2),
      startCalls: n.start,
      stopCalls: n.stop,
      windows: windows.length,
      statusAtEnd: status,
      lastStartAt: n.lastStart === null ? null : isoUtc(n.lastStart),
    };
  });
  const invocations = cloud.invocations;
  const byFunction: Record<string, number> = {};
  for (const inv of invocations) byFunction[inv.kind] = (byFunction[inv.kind] ?? 0) + 1;
  const lateness = invocations
    .filter((inv) => inv.scheduledAt !== null)
    .map((inv) => (inv.startedAt - (inv.scheduledAt as number)) / 1000);
  const byInstant = <T>(items: readonly T[], at: (t: T) => number, key: (t: T) => string) =>
    [...items].sort((a, b) => at(a) - at(b) || key(a).localeCompare(key(b)));
  return {
    from: isoUtc(from),
    to: isoUtc(to),
    seed,
    // Stable sorts: within an instant, entries keep the (deterministic) order they happened in.
    timeline: [...timeline].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
    models,
    totals: {
      ...billingOf(models, plan.totals.alwaysOnInferenceUnitHours, schedule.pricing.inferenceUnitHour),
      currency: schedule.pricing.currency,
    },
    byService: byServiceOf(models, schedule, (to - from) / HOUR, callsOf),
    calls,
    callOutcomes,
    alerts: byInstant(
      cloud.alerts,
      (a) => a.at,
      (a) => a.key,
    ),
    invocations: {
      total: invocations.length,
      byFunction,
      duplicates: invocations.filter((inv) => inv.duplicate).length,
      functionErrors: invocations.filter((inv) => inv.error !== null).length,
      latenessSeconds: {
        mean: round(lateness.reduce((a, b) => a + b, 0) / Math.max(1, lateness.length), 2),
        max: round(Math.max(0, ...lateness), 2),
      },
      overTimeout: invocations.filter((inv) => inv.finishedAt - inv.startedAt > FUNCTION_TIMEOUT_MS[inv.kind])
        .length,
      unfinished: cloud.running,
    },
    deadLetters: byInstant(
      cloud.deadLetters,
      (d) => d.at,
      (d) => d.reason,
    ).map((d) => ({
      at: isoUtc(d.at),
      function: d.kind,
      reason: d.reason,
    })),
    wallSeconds: round((performance.now() - started) / 1000, 2),
  };
}

/** Each service's totals, for the services the file uses. */
function byServiceOf(
  models: readonly ModelCharge[],
  schedule: Schedule,
  spanHours: number,
  callsOf: Readonly<Record<HostService, Readonly<Record<string, number>>>>,
): Partial<Record<HostService, ServiceTotals>> {
  const price = schedule.pricing.inferenceUnitHour;
  const out: Partial<Record<HostService, ServiceTotals>> = {};
  for (const service of ['lookoutvision', 'rekognition'] as const) {
    const mine = models.filter((m) => m.service === service);
    if (mine.length === 0) continue;
    const sum = (f: (m: ModelCharge) => number) => mine.reduce((s, m) => s + f(m), 0);
    // As the plan counts it: every model at its minimum units for the whole span.
    const alwaysOn = schedule.models
      .filter((m) => m.service === service)
      .reduce((s, m) => s + spanHours * m.minInferenceUnits, 0);
    out[service] = {
      models: mine.length,
      windows: sum((m) => m.windows),
      ...billingOf(mine, round(alwaysOn, 6), price),
      startCalls: sum((m) => m.startCalls),
      stopCalls: sum((m) => m.stopCalls),
      calls: callsOf[service],
    };
  }
  return out;
}

/** What a set of models was billed against their plan and against always-on, hours and cost. */
function billingOf(
  models: readonly ModelCharge[],
  alwaysOnInferenceUnitHours: number,
  price: number,
): Billing {
  const sum = (f: (m: ModelCharge) => number) => models.reduce((s, m) => s + f(m), 0);
  const planned = sum((m) => m.plannedInferenceUnitHours);
  const billed = sum((m) => m.billedInferenceUnitHours);
  return {
    plannedInferenceUnitHours: round(planned),
    billedInferenceUnitHours: round(billed),
    alwaysOnInferenceUnitHours,
    billedToPlanned: planned > 0 ? round(billed / planned) : null,
    hostedOutsideWindowMinutes: round(
      sum((m) => m.hostedOutsideWindowMinutes),
      2,
    ),
    notHostedInsideWindowMinutes: round(
      sum((m) => m.notHostedInsideWindowMinutes),
      2,
    ),
    billedCost: round(billed * price, 2),
    plannedCost: round(planned * price, 2),
    alwaysOnCost: round(alwaysOnInferenceUnitHours * price, 2),
  };
}
