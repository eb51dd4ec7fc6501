/**
 * `lvsched simulate`: the engine on a virtual clock against the in-process emulator, over loopback
 * HTTP with the real SDK client, for a whole span; then what the emulator billed against the plan.
 */
import { type Logger, pino } from 'pino';
import { lookoutVisionClients } from '../aws/lookoutVisionClient.js';
import { LookoutVisionHost } from '../aws/lookoutVisionHost.js';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../control/engineSettings.js';
import { type EmulatorHandle, startEmulator } from '../emulator/index.js';
import { Engine, type Outcome } from '../engine/engine.js';
import { DEFAULT_REQUESTS_PER_SECOND, PacedModelHost } from '../engine/pacedModelHost.js';
import type { Alert, ModelHost, TimerPayload, Timers } from '../ports.js';
import { buildPlan, isoUtc } from '../schedule/plan.js';
import type { Interval, Schedule } from '../schedule/types.js';
import { desiredStateAt, mergeIntervals } from '../schedule/windows.js';
import { HOUR, MINUTE } from '../schedule/zone.js';
import { EventQueue } from './eventQueue.js';
import type { SimulationFaults } from './faultSpec.js';
import { fileAlerts } from './fileAlerts.js';
import { MemoryAlerts } from './memoryAlerts.js';
import { VirtualClock } from './virtualClock.js';
import { virtualTimeRetries } from './virtualTimeRetries.js';

export interface SimulationOptions {
  readonly schedule: Schedule;
  readonly from: number;
  readonly to: number;
  readonly faults?: SimulationFaults;
  /** Emulator: seconds from StartModel to HOSTED (default 600) and StopModel to TRAINED (default 60). */
  readonly startSeconds?: number;
  readonly stopSeconds?: number;
  readonly settings?: Partial<EngineSettings>;
  /** Engine log (one pino line per decision); silent by default. */
  readonly logger?: Logger;
  /** Virtual seconds per real second while an event is handled (default 60). */
  readonly warp?: number;
  /** The engine's own pace, calls per second per region (default 4: under the quota of 5). */
  readonly requestsPerSecond?: number;
  /** Also append each alert as a JSON line to this file. */
  readonly alertsFile?: string;
  /** Region of models whose schedule names none. */
  readonly defaultRegion?: string;
}

export interface TimelineEntry {
  readonly at: string;
  readonly event: string;
  readonly model: string;
  readonly action: string;
  readonly clientToken: string | null;
  readonly reason: string;
  readonly result: string;
}

export interface ModelCharge {
  readonly id: string;
  readonly plannedInferenceUnitHours: number;
  readonly billedInferenceUnitHours: number;
  readonly hostedOutsideWindowMinutes: number;
  readonly notHostedInsideWindowMinutes: number;
  readonly startCalls: number;
  readonly stopCalls: number;
  readonly windows: number;
}

export interface SimulationReport {
  readonly from: string;
  readonly to: string;
  readonly timeline: readonly TimelineEntry[];
  readonly models: readonly ModelCharge[];
  readonly totals: {
    readonly plannedInferenceUnitHours: number;
    readonly billedInferenceUnitHours: number;
    readonly alwaysOnInferenceUnitHours: number;
    readonly billedToPlanned: number | null;
    readonly hostedOutsideWindowMinutes: number;
    readonly notHostedInsideWindowMinutes: number;
    readonly billedCost: number;
    readonly plannedCost: number;
    readonly alwaysOnCost: number;
    readonly currency: string;
  };
  /** HTTP requests the engine made, by API, as the emulator received them (retries included). */
  readonly calls: Readonly<Record<string, number>>;
  readonly alerts: readonly Alert[];
  /** Real seconds the simulation took. */
  readonly wallSeconds: number;
}

type SimEvent =
  | { kind: 'reconcile' }
  | { kind: 'edge'; ids: string[] }
  | { kind: 'timer'; payload: TimerPayload }
  | { kind: 'operator'; action: 'start' | 'stop'; model: string };

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Runs the simulation and returns its report; the emulator is closed afterwards. */
export async function runSimulation(options: SimulationOptions): Promise<SimulationReport> {
  const started = performance.now();
  const { schedule, from } = options;
  const faults = options.faults;
  const settings: EngineSettings = {
    ...DEFAULT_ENGINE_SETTINGS,
    reconcileEveryMs: schedule.reconcileEveryMs,
    ...options.settings,
  };
  const defaultRegion = options.defaultRegion ?? 'us-east-1';
  const regionOf = (r: string | null) => r ?? defaultRegion;
  const startSeconds = options.startSeconds ?? 600;
  // The clock starts early enough to warm up the models that should already be hosted at `from`.
  const clock = new VirtualClock(from - startSeconds * 1000 - 2 * MINUTE, options.warp ?? 60);
  const emulator = await startEmulator({
    clock,
    region: defaultRegion,
    startSeconds,
    stopSeconds: options.stopSeconds ?? 60,
    models: schedule.models.map((m) => ({
      project: m.project,
      version: m.version,
      region: regionOf(m.region),
    })),
    callLogLimit: 50_000_000,
    ...(faults?.requestsPerSecond
      ? {
          quota: {
            requestsPerSecond: faults.requestsPerSecond,
            burst: Math.max(1, faults.requestsPerSecond),
          },
        }
      : {}),
  });
  try {
    return await simulateWith(emulator, clock, options, settings, startSeconds, defaultRegion, started);
  } finally {
    await emulator.close();
  }
}

async function simulateWith(
  emulator: EmulatorHandle,
  clock: VirtualClock,
  options: SimulationOptions,
  settings: EngineSettings,
  startSeconds: number,
  defaultRegion: string,
  started: number,
): Promise<SimulationReport> {
  const { schedule, from, to } = options;
  const faults = options.faults;
  const byId = new Map(schedule.models.map((m) => [m.id, m]));
  if (faults) {
    const fault = faults.hostingFailures;
    const target = fault?.model ? byId.get(fault.model) : undefined;
    if (fault?.model && target === undefined)
      throw new Error(`--faults: hosting-failed names unknown model "${fault.model}"`);
    emulator.setFaults({
      ...faults.emulator,
      ...(fault
        ? {
            hostingFailures: {
              count: fault.count,
              ...(target ? { project: target.project, version: target.version } : {}),
            },
          }
        : {}),
    });
  }
  const clients = lookoutVisionClients({
    defaultRegion,
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: 'SIMULATED', secretAccessKey: 'SIMULATED' },
    // SDK back-offs wait on the virtual clock, like everything else in the simulation.
    retryStrategy: virtualTimeRetries(6, (ms) => clock.sleep(ms)),
  });
  const host: ModelHost = new LookoutVisionHost(clients);
  // The engine paces its calls under the quota, as it does in Lambda.
  const engineHost = new PacedModelHost(host, {
    requestsPerSecond: options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND,
    now: () => clock.now(),
    sleep: (ms) => clock.sleep(ms),
  });
  const queue = new EventQueue<SimEvent>();
  const timerKeys = new Set<string>();
  const timers: Timers = {
    async set(at, payload) {
      const key = `${at}|${JSON.stringify(payload)}`;
      if (timerKeys.has(key)) return;
      timerKeys.add(key);
      queue.push(at, { kind: 'timer', payload });
    },
  };
  const alerts = options.alertsFile ? fileAlerts(options.alertsFile) : new MemoryAlerts();
  const logger = options.logger ?? pino({ level: 'silent' });
  const engine = new Engine({ schedule, host: engineHost, timers, alerts, logger, settings });

  // Window edges: one event per distinct instant, carrying the models whose state changes then.
  const plan = buildPlan(schedule, from, to);
  const windowsById = new Map<string, Interval[]>();
  const edges = new Map<number, { open: string[]; close: string[] }>();
  for (const m of plan.models) {
    const list = m.windows.map((w) => ({ open: Date.parse(w.open), close: Date.parse(w.close) }));
    windowsById.set(m.id, list);
    for (const w of list) {
      if (w.open > from) addEdge(edges, w.open, 'open', m.id);
      if (w.close < to) addEdge(edges, w.close, 'close', m.id);
    }
  }
  for (const lost of faults?.lostEdges ?? []) {
    const instants = [...edges.keys()].sort((a, b) => a - b);
    const at = lost.at ?? instants.find((t) => edges.get(t)?.[lost.kind].includes(lost.model));
    const list = at === undefined ? undefined : edges.get(at)?.[lost.kind];
    if (at === undefined || list === undefined || !list.includes(lost.model)) {
      throw new Error(
        `--faults: model "${lost.model}" has no ${lost.kind} event${lost.at ? ` at ${isoUtc(lost.at)}` : ''} in the span`,
      );
    }
    list.splice(list.indexOf(lost.model), 1);
  }
  for (const [at, e] of edges) {
    const ids = [...e.open, ...e.close];
    if (ids.length > 0) queue.push(at, { kind: 'edge', ids });
  }
  // Reconcile passes on the period's boundaries, as rate() schedules fire; queued after the
  // edges so that at a shared instant the edge acts and the pass sees the result.
  const period = settings.reconcileEveryMs;
  for (let t = Math.ceil(from / period) * period; t < to; t += period) queue.push(t, { kind: 'reconcile' });

  for (const op of faults?.operator ?? []) {
    if (!byId.has(op.model))
      throw new Error(`--faults: manual-${op.action} names unknown model "${op.model}"`);
    queue.push(op.at, { kind: 'operator', action: op.action, model: op.model });
  }

  // Warm start: a simulation that begins inside a window begins with that model hosted, as it
  // would be had the scheduler been running before; the report only counts from `from` on.
  for (const [i, m] of schedule.models.entries()) {
    if (desiredStateAt(m, from) !== 'hosted') continue;
    const ref = { region: m.region, project: m.project, version: m.version };
    await host.startModel(ref, {
      minInferenceUnits: m.minInferenceUnits,
      maxInferenceUnits: m.maxInferenceUnits,
      clientToken: `warmup-${i}-${from}`,
    });
  }

  const timeline: TimelineEntry[] = [];
  const record = (at: number, event: string, outcomes: readonly Outcome[]) => {
    for (const { decision: d, result } of outcomes) {
      if (d.action === 'none' || (d.action === 'wait' && d.alerts.length === 0 && typeof result === 'string'))
        continue;
      timeline.push({
        at: isoUtc(at),
        event,
        model: d.model,
        action: d.action,
        clientToken: d.clientToken,
        reason:
          d.reason + (d.alerts.length > 0 ? ` [alert: ${d.alerts.map((a) => a.cause).join(', ')}]` : ''),
        result: typeof result === 'string' ? result : `${result.kind}: ${result.error}`,
      });
    }
  };

  for (let next = queue.pop(); next !== undefined && next.at < to; next = queue.pop()) {
    const { at, item } = next;
    clock.advanceTo(at);
    switch (item.kind) {
      case 'reconcile':
        record(at, 'reconcile', await engine.reconcile(at));
        break;
      case 'edge':
        record(at, 'edge', await engine.edge(at, item.ids));
        break;
      case 'timer':
        record(at, item.payload.op, await engine.timer(at, item.payload));
        break;
      case 'operator': {
        const m = byId.get(item.model);
        if (m === undefined) break;
        const ref = { region: m.region, project: m.project, version: m.version };
        const token = `operator-${item.action}-${at}`;
        let result = 'done';
        try {
          if (item.action === 'stop') await host.stopModel(ref, token);
          else
            await host.startModel(ref, {
              minInferenceUnits: m.minInferenceUnits,
              maxInferenceUnits: null,
              clientToken: token,
            });
        } catch (error) {
          result = error instanceof Error ? error.message : String(error);
        }
        timeline.push({
          at: isoUtc(at),
          event: 'operator',
          model: m.id,
          action: item.action,
          clientToken: token,
          reason: `manual ${item.action} (fault injection)`,
          result,
        });
        break;
      }
    }
  }
  clock.advanceTo(to);
  return report(
    emulator,
    schedule,
    plan,
    windowsById,
    from,
    to,
    startSeconds,
    timeline,
    alerts.sent,
    defaultRegion,
    started,
  );
}

function addEdge(
  edges: Map<number, { open: string[]; close: string[] }>,
  at: number,
  kind: 'open' | 'close',
  id: string,
) {
  const e = edges.get(at) ?? { open: [], close: [] };
  e[kind].push(id);
  edges.set(at, e);
}

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

function report(
  emulator: EmulatorHandle,
  schedule: Schedule,
  plan: ReturnType<typeof buildPlan>,
  windowsById: ReadonlyMap<string, Interval[]>,
  from: number,
  to: number,
  startSeconds: number,
  timeline: TimelineEntry[],
  alerts: readonly Alert[],
  defaultRegion: string,
  started: number,
): SimulationReport {
  const ledger = emulator.ledger();
  const calls: Record<string, number> = {};
  const callsByModel = new Map<string, { start: number; stop: number }>();
  for (const c of emulator.callLog()) {
    // Warm-up starts and injected operator actions are not the engine's calls.
    if (c.clientToken?.startsWith('warmup-') || c.clientToken?.startsWith('operator-')) continue;
    const op = c.operation ?? 'unrouted';
    calls[op] = (calls[op] ?? 0) + 1;
    if ((op === 'StartModel' || op === 'StopModel') && c.project !== undefined) {
      const key = `${c.region ?? ''}|${c.project}|${c.version}`;
      const n = callsByModel.get(key) ?? { start: 0, stop: 0 };
      if (op === 'StartModel') n.start++;
      else n.stop++;
      callsByModel.set(key, n);
    }
  }
  const models: ModelCharge[] = schedule.models.map((m) => {
    const region = m.region ?? defaultRegion;
    const entry = ledger.models.find(
      (e) => e.region === region && e.project === m.project && e.version === m.version,
    );
    const hosted: Interval[] = [];
    let unitMs = 0;
    for (const i of entry?.intervals ?? []) {
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
    const n = callsByModel.get(`${region}|${m.project}|${m.version}`) ?? { start: 0, stop: 0 };
    return {
      id: m.id,
      plannedInferenceUnitHours: round(planned?.windows.reduce((s, w) => s + w.inferenceUnitHours, 0) ?? 0),
      billedInferenceUnitHours: round(unitMs / HOUR),
      hostedOutsideWindowMinutes: round(minus(hostedMerged, windows) / MINUTE, 2),
      notHostedInsideWindowMinutes: round(minus(afterStartup, hostedMerged) / MINUTE, 2),
      startCalls: n.start,
      stopCalls: n.stop,
      windows: windows.length,
    };
  });
  const sum = (f: (m: ModelCharge) => number) => models.reduce((s, m) => s + f(m), 0);
  const planned = sum((m) => m.plannedInferenceUnitHours);
  const billed = sum((m) => m.billedInferenceUnitHours);
  const price = schedule.pricing.inferenceUnitHour;
  return {
    from: isoUtc(from),
    to: isoUtc(to),
    timeline,
    models,
    totals: {
      plannedInferenceUnitHours: round(planned),
      billedInferenceUnitHours: round(billed),
      alwaysOnInferenceUnitHours: plan.totals.alwaysOnInferenceUnitHours,
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
      alwaysOnCost: round(plan.totals.alwaysOnInferenceUnitHours * price, 2),
      currency: schedule.pricing.currency,
    },
    calls,
    alerts,
    wallSeconds: round((performance.now() - started) / 1000, 2),
  };
}
