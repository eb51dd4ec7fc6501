/**
 * The deployed functions (`runSimulation`: deliveries, fresh runtimes, discrete clock) against the
 * emulator for one simulated week of 200 models (20 projects x 10 versions):
 * wall time, calls per model-day by API, billed/planned inference-unit-hours; then the same week
 * with lost open and close events, to measure what a lost event costs.
 */
import { parseFaultSpec } from '../src/local/faultSpec.js';
import { runSimulation, type SimulationReport } from '../src/local/simulate.js';
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

export function benchScheduleText(models = 200, versionsPerProject = 10): string {
  const lines = ['version: 1', 'defaults: { region: us-east-1, leadTime: 15m }', 'models:'];
  for (let i = 0; i < models; i++) {
    const project = `line-${Math.floor(i / versionsPerProject)}`;
    const version = (i % versionsPerProject) + 1;
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

export async function runSimulateBench(models = 200): Promise<SimulateBenchResult> {
  const schedule = parseScheduleOrThrow(benchScheduleText(models), { file: 'bench' });
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
