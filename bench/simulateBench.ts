/**
 * The deployed functions (`runSimulation`: deliveries, fresh runtimes, discrete clock) against the
 * emulator for one simulated week of 200 models (20 projects x 10 versions):
 * wall time, calls per model-day by API, billed/planned inference-unit-hours; then the same week
 * with lost open and close events, to measure what a lost event costs. The same fleet runs as
 * Lookout for Vision models or as Rekognition Custom Labels versions.
 */
import { parseFaultSpec } from '../src/local/faultSpec.js';
import { runSimulation, type SimulationReport } from '../src/local/simulate.js';
import type { HostService } from '../src/ports.js';
import { parseScheduleOrThrow } from '../src/schedule/parseSchedule.js';
import { isoUtc } from '../src/schedule/plan.js';
import { DAY } from '../src/schedule/zone.js';

const ZONES = ['Europe/Berlin', 'America/Chicago', 'Asia/Kolkata', 'UTC', 'Australia/Sydney'];
// Edges off the reconcile boundaries (:00/:15/:30/:45), so a lost event is not hidden by a pass
// that happens to run at the same instant.
const SHAPES = [
  '[{ days: Mon-Fri, open: "06:05", close: "21:55" }, { days: Sat, open: "08:10", close: "12:20" }]',
  '[{ days: [Mon, Tue, Wed, Thu], open: "22:10", close: "05:50" }]',
  '[{ days: weekdays, open: "07:25", close: "16:35" }]',
  '[{ days: daily, open: "10:02", close: "17:58" }]',
];

/** The bench fleet; `rekognition`: the same fleet as Custom Labels versions (`service: rekognition`, versions `v1`...). */
export function benchScheduleText(
  models = 200,
  versionsPerProject = 10,
  service: HostService = 'lookoutvision',
): string {
  const serviceKey = service === 'rekognition' ? 'service: rekognition, ' : '';
  const lines = ['version: 1', `defaults: { ${serviceKey}region: us-east-1, leadTime: 15m }`, 'models:'];
  for (let i = 0; i < models; i++) {
    const project = `line-${Math.floor(i / versionsPerProject)}`;
    const version =
      service === 'rekognition' ? `v${(i % versionsPerProject) + 1}` : (i % versionsPerProject) + 1;
    lines.push(
      `  - { project: ${project}, version: "${version}", timezone: ${ZONES[i % ZONES.length]}, minInferenceUnits: ${1 + (i % 2)}, windows: ${SHAPES[i % SHAPES.length]} }`,
    );
  }
  return lines.join('\n');
}

export interface SimulateBenchResult {
  readonly clean: SimulationReport;
  readonly lossy: SimulationReport;
  readonly lostOpen: number;
  readonly lostClose: number;
  readonly modelDays: number;
}

export async function runSimulateBench(
  models = 200,
  service: HostService = 'lookoutvision',
): Promise<SimulateBenchResult> {
  const schedule = parseScheduleOrThrow(benchScheduleText(models, 10, service), { file: 'bench' });
  const from = Date.UTC(2026, 11, 7); // a Monday
  const to = from + 7 * DAY;
  const clean = await runSimulation({ schedule, from, to });
  // Lose the Tuesday open and close events of every 20th model.
  const lost: string[] = [];
  for (let i = 0; i < models; i += 20) {
    const m = schedule.models[i];
    if (m === undefined) continue;
    lost.push(`lose-open=${m.id}`, `lose-close=${m.id}`);
  }
  const faults = parseFaultSpec(lost.join(','), (t) => Date.parse(t));
  const lossy = await runSimulation({ schedule, from, to, faults });
  return { clean, lossy, lostOpen: lost.length / 2, lostClose: lost.length / 2, modelDays: models * 7 };
}

export const benchSpan = (r: SimulationReport) => `${r.from} -> ${r.to}`;
export { isoUtc };

/** The figures the bench compares between services, from a clean and a lossy week. */
export interface SimulateFigures {
  readonly wallSeconds: number;
  readonly modelDays: number;
  readonly windows: number;
  /** Start and stop requests of the clean week (StartModel/StartProjectVersion, and the stops). */
  readonly starts: number;
  readonly stops: number;
  /** Requests per model-day by kind: observing (list/describe), starting, stopping; and all. */
  readonly observeCallsPerModelDay: number;
  readonly startCallsPerModelDay: number;
  readonly stopCallsPerModelDay: number;
  readonly callsPerModelDay: number;
  readonly callsByApi: string;
  readonly startsPerWindow: number;
  readonly stopsPerWindow: number;
  readonly billedToPlanned: number | null;
  readonly hostedOutsideWindowMinutes: number;
  readonly alerts: number;
  readonly throttled: number;
  readonly duplicates: number;
  readonly extraOutsidePerLostClose: number;
  readonly missedPerLostOpen: number;
  readonly lossyBilledToPlanned: number | null;
  readonly correctedAlerts: number;
  readonly lossyWallSeconds: number;
}

const START = new Set(['StartModel', 'StartProjectVersion']);
const STOP = new Set(['StopModel', 'StopProjectVersion']);

export function simulateFigures(r: SimulateBenchResult): SimulateFigures {
  const c = r.clean;
  const l = r.lossy;
  const windows = c.models.reduce((n, m) => n + m.windows, 0);
  let starts = 0;
  let stops = 0;
  let all = 0;
  for (const [op, n] of Object.entries(c.calls)) {
    all += n;
    if (START.has(op)) starts += n;
    else if (STOP.has(op)) stops += n;
  }
  return {
    wallSeconds: c.wallSeconds,
    modelDays: r.modelDays,
    windows,
    starts,
    stops,
    observeCallsPerModelDay: (all - starts - stops) / r.modelDays,
    startCallsPerModelDay: starts / r.modelDays,
    stopCallsPerModelDay: stops / r.modelDays,
    callsPerModelDay: all / r.modelDays,
    callsByApi: Object.entries(c.calls)
      .map(([op, n]) => `${op} ${(n / r.modelDays).toFixed(2)}`)
      .join(', '),
    startsPerWindow: starts / windows,
    stopsPerWindow: stops / windows,
    billedToPlanned: c.totals.billedToPlanned,
    hostedOutsideWindowMinutes: c.totals.hostedOutsideWindowMinutes,
    alerts: c.alerts.length,
    throttled: c.callOutcomes.throttled,
    duplicates: c.invocations.duplicates,
    extraOutsidePerLostClose:
      (l.totals.hostedOutsideWindowMinutes - c.totals.hostedOutsideWindowMinutes) / r.lostClose,
    missedPerLostOpen:
      (l.totals.notHostedInsideWindowMinutes - c.totals.notHostedInsideWindowMinutes) / r.lostOpen,
    lossyBilledToPlanned: l.totals.billedToPlanned,
    correctedAlerts: l.alerts.filter((a) => a.cause === 'corrected').length,
    lossyWallSeconds: l.wallSeconds,
  };
}

/** One table, a column per service: the same figures for the same fleet and week. */
export function simulateTable(lfv: SimulateFigures, rk: SimulateFigures): string {
  const ratio = (x: number | null) => (x === null ? 'n/a' : x.toFixed(4));
  const rows: [string, string, string][] = [
    ['figure', 'Lookout for Vision', 'Rekognition Custom Labels'],
    ['model-days', String(lfv.modelDays), String(rk.modelDays)],
    ['windows', String(lfv.windows), String(rk.windows)],
    ['calls per model-day, all', lfv.callsPerModelDay.toFixed(2), rk.callsPerModelDay.toFixed(2)],
    [
      '  observing (list/describe)',
      lfv.observeCallsPerModelDay.toFixed(2),
      rk.observeCallsPerModelDay.toFixed(2),
    ],
    ['  starts', lfv.startCallsPerModelDay.toFixed(3), rk.startCallsPerModelDay.toFixed(3)],
    ['  stops', lfv.stopCallsPerModelDay.toFixed(3), rk.stopCallsPerModelDay.toFixed(3)],
    ['starts per window (goal <= 1)', lfv.startsPerWindow.toFixed(3), rk.startsPerWindow.toFixed(3)],
    ['stops per window (goal <= 1)', lfv.stopsPerWindow.toFixed(3), rk.stopsPerWindow.toFixed(3)],
    ['billed/planned (goal <= 1.005)', ratio(lfv.billedToPlanned), ratio(rk.billedToPlanned)],
    [
      'hosted outside windows, min',
      lfv.hostedOutsideWindowMinutes.toFixed(1),
      rk.hostedOutsideWindowMinutes.toFixed(1),
    ],
    [
      'alerts / throttled / duplicate deliveries',
      `${lfv.alerts} / ${lfv.throttled} / ${lfv.duplicates}`,
      `${rk.alerts} / ${rk.throttled} / ${rk.duplicates}`,
    ],
    [
      'extra min hosted per lost close (goal <= 15)',
      lfv.extraOutsidePerLostClose.toFixed(1),
      rk.extraOutsidePerLostClose.toFixed(1),
    ],
    ['min not hosted per lost open', lfv.missedPerLostOpen.toFixed(1), rk.missedPerLostOpen.toFixed(1)],
    ['billed/planned with lost events', ratio(lfv.lossyBilledToPlanned), ratio(rk.lossyBilledToPlanned)],
    ['corrected alerts (lost events)', String(lfv.correctedAlerts), String(rk.correctedAlerts)],
    [
      'wall time, clean + lossy week, s',
      `${lfv.wallSeconds.toFixed(1)} + ${lfv.lossyWallSeconds.toFixed(1)}`,
      `${rk.wallSeconds.toFixed(1)} + ${rk.lossyWallSeconds.toFixed(1)}`,
    ],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padStart(w1)}  ${c.padStart(25)}`).join('\n');
}
