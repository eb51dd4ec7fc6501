/**
 * `lvsched simulate`: the functions as deployed, on a discrete virtual clock, against the
 * in-process emulator (Lookout for Vision and Rekognition Custom Labels on one port) over loopback
 * HTTP with the real SDK clients, for a whole span; then what the emulator billed against the plan,
 * in all and per service. Scheduler's deliveries (./simulatedCloud.ts) reach the
 * handlers' own entry point in a fresh runtime each; the same options give the same report.
 */

import { appendFileSync } from 'node:fs';
import { type Logger, pino } from 'pino';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../control/engineSettings.js';
import { type EmulatorHandle, startEmulator } from '../emulator/index.js';
import { DEFAULT_REQUESTS_PER_SECOND } from '../engine/pacedModelHost.js';
import type { Alert, HostService } from '../ports.js';
import { servicesOf } from '../runtime/scheduleHosts.js';
import { loadTimerSchema } from '../runtime/schedulerEvent.js';
import { buildPlan, isoUtc } from '../schedule/plan.js';
import type { Interval, Schedule } from '../schedule/types.js';
import { desiredStateAt } from '../schedule/windows.js';
import { MINUTE } from '../schedule/zone.js';
import { seededRandom } from '../seededRandom.js';
import {
  deployedSchedules,
  edgeScheduleModels,
  firingsBetween,
  type LostEvent,
} from './deployedSchedules.js';
import { DiscreteClock } from './discreteClock.js';
import { type EmulatedModel, startInState, stopInState } from './emulatedServices.js';
import type { SimulationFaults } from './faultSpec.js';
import { type InvocationRecord, invocationCause, SimulatedCloud } from './simulatedCloud.js';
import { simulatedHost } from './simulatedHost.js';
import { type SimulationReport, simulationReport, type TimelineEntry } from './simulationReport.js';

export interface SimulationOptions {
  readonly schedule: Schedule;
  readonly from: number;
  readonly to: number;
  readonly faults?: SimulationFaults;
  /** Seed of every draw: seconds within the minute, duplicate deliveries, random faults (default 1). */
  readonly seed?: number;
  /** Emulator: seconds from StartModel to HOSTED (default 600) and StopModel to TRAINED (default 60). */
  readonly startSeconds?: number;
  readonly stopSeconds?: number;
  readonly settings?: Partial<EngineSettings>;
  /** Engine log (one pino line per decision); silent by default. */
  readonly logger?: Logger;
  /** The functions' pace, calls per second per region (default 4: under the quota of 5). */
  readonly requestsPerSecond?: number;
  /** Virtual time each HTTP request takes (default 100 ms; `latency=MS` in the faults adds to it). */
  readonly latencyMs?: number;
  /** Deliveries come within this many ms after the scheduled time (default 60 s: within the minute). */
  readonly spreadMs?: number;
  /** Probability that Scheduler delivers an event twice (default 0.02; `duplicates=P` in the faults). */
  readonly duplicateRate?: number;
  /** Also append each alert as a JSON line to this file. */
  readonly alertsFile?: string;
  /** Region of models whose schedule names none. */
  readonly defaultRegion?: string;
}

/** Default virtual latency of one request to the service. */
export const DEFAULT_LATENCY_MS = 100;
export const DEFAULT_DUPLICATE_RATE = 0.02;

/** Runs the simulation and returns its report; the emulator is closed afterwards. */
export async function runSimulation(options: SimulationOptions): Promise<SimulationReport> {
  const started = performance.now();
  const { schedule, from } = options;
  const faults = options.faults;
  const seed = options.seed ?? 1;
  const settings: EngineSettings = {
    ...DEFAULT_ENGINE_SETTINGS,
    reconcileEveryMs: schedule.reconcileEveryMs,
    ...options.settings,
  };
  const defaultRegion = options.defaultRegion ?? 'us-east-1';
  const regionOf = (r: string | null) => r ?? defaultRegion;
  const startSeconds = options.startSeconds ?? 600;
  // The clock starts early enough to warm up the models that should already be hosted at `from`.
  const clock = new DiscreteClock(from - startSeconds * 1000 - 2 * MINUTE);
  // Code the functions load on first use is loaded now, before virtual time starts.
  await loadTimerSchema();
  const throttle = faults?.requestsPerSecond
    ? { requestsPerSecond: faults.requestsPerSecond, burst: Math.max(1, faults.requestsPerSecond) }
    : undefined;
  const modelsOf = (service: HostService) =>
    schedule.models
      .filter((m) => m.service === service)
      .map((m) => ({ project: m.project, version: m.version, region: regionOf(m.region) }));
  const services = servicesOf(schedule);
  // The adapter the functions load on first use is loaded now, before virtual time starts.
  if (services.has('rekognition'))
    await Promise.all([import('../aws/rekognitionHost.js'), import('../aws/rekognitionClient.js')]);
  // One emulator, one port, both services (as `lvsched emulator`), one set of faults for both.
  const emulator = await startEmulator({
    clock,
    region: defaultRegion,
    startSeconds,
    stopSeconds: options.stopSeconds ?? 60,
    models: modelsOf('lookoutvision'),
    callLogLimit: 50_000_000,
    ...(throttle ? { quota: throttle } : {}),
    rekognition: {
      versions: modelsOf('rekognition'),
      callLogLimit: 50_000_000,
      sharedFaults: true,
      // AWS publishes no request-rate quota for Custom Labels: only `throttle=R` sets one.
      ...(throttle ? { quota: throttle } : {}),
    },
  });
  try {
    return await simulateWith(emulator, clock, options, settings, seed, startSeconds, defaultRegion, started);
  } finally {
    await emulator.close();
  }
}

async function simulateWith(
  emulator: EmulatorHandle,
  clock: DiscreteClock,
  options: SimulationOptions,
  settings: EngineSettings,
  seed: number,
  startSeconds: number,
  defaultRegion: string,
  started: number,
): Promise<SimulationReport> {
  const { schedule, from, to } = options;
  const faults = options.faults;
  const byId = new Map(schedule.models.map((m) => [m.id, m]));
  const refOf = (id: string): EmulatedModel | undefined => {
    const m = byId.get(id);
    return m === undefined
      ? undefined
      : { service: m.service, region: m.region ?? defaultRegion, project: m.project, version: m.version };
  };

  // Warm start: a simulation that begins inside a window begins with that model hosted, as it
  // would be had the scheduler been running before. Done in the emulator's state, not over HTTP:
  // no fault or quota applies to it, and the report only counts from `from` on.
  for (const m of schedule.models) {
    if (desiredStateAt(m, from) !== 'hosted') continue;
    const ref = refOf(m.id);
    if (ref === undefined) continue;
    startInState(emulator, ref, { min: m.minInferenceUnits, max: m.maxInferenceUnits }, clock.now());
  }

  if (faults) {
    const fault = faults.hostingFailures;
    const target = fault?.model ? refOf(fault.model) : undefined;
    if (fault?.model && target === undefined)
      throw new Error(`--faults: hosting-failed names unknown model "${fault.model}"`);
    const { latency: _latency, ...emulatorFaults } = faults.emulator;
    emulator.setFaults({
      ...emulatorFaults,
      ...(emulatorFaults.internalErrors?.probability !== undefined
        ? { internalErrors: { ...emulatorFaults.internalErrors, seed } }
        : {}),
      ...(fault
        ? {
            hostingFailures: {
              count: fault.count,
              ...(target ? { region: target.region, project: target.project, version: target.version } : {}),
            },
          }
        : {}),
    });
  }
  const latency = (options.latencyMs ?? DEFAULT_LATENCY_MS) + (faults?.emulator.latency?.ms ?? 0);
  const host = simulatedHost({
    endpoint: emulator.endpoint,
    services: servicesOf(schedule),
    clock,
    defaultRegion,
    latencyMs: () => latency,
  });
  const alertsFile = options.alertsFile;
  const deployed = deployedSchedules(schedule, clock.now());
  const edgeSchedules = edgeScheduleModels(deployed);
  const random = seededRandom(seed);
  const cloud = new SimulatedCloud({
    schedule,
    clock,
    host,
    logger: options.logger ?? pino({ level: 'silent' }),
    random,
    spreadMs: options.spreadMs ?? MINUTE,
    duplicateRate: faults?.duplicateRate ?? options.duplicateRate ?? DEFAULT_DUPLICATE_RATE,
    requestsPerSecond: options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND,
    settings,
    edgeSchedules,
    ...(alertsFile ? { alertSink: (a: Alert) => appendFileSync(alertsFile, `${JSON.stringify(a)}\n`) } : {}),
  });

  // What the stack's schedules fire in the span: edges after `from` (the warm start covers those
  // at it), reconcile passes from `from` on; a lost event is a firing never delivered.
  const plan = buildPlan(schedule, from, to);
  const windowsById = new Map<string, Interval[]>();
  for (const m of plan.models)
    windowsById.set(
      m.id,
      m.windows.map((w) => ({ open: Date.parse(w.open), close: Date.parse(w.close) })),
    );
  const lost: LostEvent[] = [];
  for (const l of faults?.lostEdges ?? []) {
    const edges = (windowsById.get(l.model) ?? [])
      .map((w) => (l.kind === 'open' ? w.open : w.close))
      .filter((t) => t > from && t < to);
    const edge = l.at ?? edges[0];
    if (edge === undefined || !edges.includes(edge)) {
      throw new Error(
        `--faults: model "${l.model}" has no ${l.kind} event${l.at ? ` at ${isoUtc(l.at)}` : ''} in the span`,
      );
    }
    lost.push({ kind: l.kind, model: l.model, at: edge });
  }
  for (const f of firingsBetween(deployed, from, to, lost)) {
    // Edges at `from` itself are the warm start's.
    if (f.schedule.kind !== 'reconcile' && f.at <= from) continue;
    cloud.deliver(f.schedule.kind, f.schedule.input, f.at);
  }

  const operatorLog: TimelineEntry[] = [];
  for (const op of faults?.operator ?? []) {
    const ref = refOf(op.model);
    if (ref === undefined) throw new Error(`--faults: manual-${op.action} names unknown model "${op.model}"`);
    const m = byId.get(op.model);
    clock.at(op.at, () => {
      // An operator at the console: straight into the service's state, past faults and quota.
      const token = `operator-${op.action}-${op.at}`;
      let result = 'done';
      try {
        if (op.action === 'stop') stopInState(emulator, ref, clock.now(), token);
        else startInState(emulator, ref, { min: m?.minInferenceUnits ?? 1, max: null }, clock.now(), token);
      } catch (error) {
        result = error instanceof Error ? error.message : String(error);
      }
      operatorLog.push({
        at: isoUtc(op.at),
        deliveredAt: isoUtc(op.at),
        event: 'operator',
        model: op.model,
        action: op.action,
        clientToken: token,
        reason: `manual ${op.action} (fault injection)`,
        result,
      });
    });
  }

  await clock.runUntil(to, { before: true });
  return simulationReport({
    emulator,
    schedule,
    plan,
    windowsById,
    span: { from, to, startSeconds },
    timeline: [...timelineOf(cloud.invocations), ...operatorLog],
    cloud,
    seed,
    defaultRegion,
    started,
  });
}

/** The decisions of every finished invocation, as timeline entries. */
function timelineOf(invocations: readonly InvocationRecord[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const inv of invocations) {
    const report = inv.report;
    if (report === null) continue;
    const event = invocationCause(inv);
    const decidedFor = report.decidedFor ?? report.scheduledTime;
    if (decidedFor === null) continue;
    const at = isoUtc(Date.parse(decidedFor));
    for (const d of report.decisions) {
      if (d.action === 'none' || (d.action === 'wait' && d.result === 'done')) continue;
      out.push({
        at,
        deliveredAt: isoUtc(inv.startedAt),
        event,
        model: d.model,
        action: d.action,
        clientToken: d.clientToken,
        reason: d.reason,
        result: d.result,
      });
    }
  }
  return out;
}

export type { ModelCharge, SimulationReport, TimelineEntry } from './simulationReport.js';
