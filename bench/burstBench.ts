/**
 * Part 6's goal: 1,000 models opening in the same minute against the emulator's quota of
 * 5 requests/s, the functions as deployed (`runSimulation`: Scheduler's deliveries, a fresh runtime
 * per invocation, pacing at 4/s per container, Lambda's remaining time). Figures: models HOSTED,
 * `gave-up` alerts, dead-lettered events, StartModel per model, and minutes from the opening's
 * edge until the last model is started.
 */
import { runSimulation, type SimulationReport } from '../src/local/simulate.js';
import { parseScheduleOrThrow } from '../src/schedule/parseSchedule.js';
import { windowsBetween } from '../src/schedule/windows.js';
import { HOUR, MINUTE } from '../src/schedule/zone.js';

/** `models` models in projects of 10, all opening at `open` (UTC) with a 15-minute lead time. */
export function burstScheduleText(models: number, open: string, versionsPerProject = 10): string {
  const lines = ['version: 1', 'defaults: { region: us-east-1, timezone: UTC, leadTime: 15m }', 'models:'];
  for (let i = 0; i < models; i++) {
    const project = `cell-${Math.floor(i / versionsPerProject)}`;
    lines.push(
      `  - { project: ${project}, version: "${(i % versionsPerProject) + 1}", windows: [{ days: daily, open: "${open}", close: "20:00" }] }`,
    );
  }
  return lines.join('\n');
}

export interface BurstBenchResult {
  readonly models: number;
  readonly hosted: number;
  readonly gaveUp: number;
  readonly deadLetters: number;
  /** StartModel requests per model, throttled ones included. */
  readonly startsPerModel: number;
  /** StartModel requests the service acted on (not throttled, not a replayed token), per model. */
  readonly actedStartsPerModel: number;
  /** From the opening's edge to the last StartModel the service acted on. */
  readonly minutesToLastStart: number | null;
  readonly report: SimulationReport;
}

/**
 * `open` 08:07 puts the edge (07:52) between reconcile passes; 08:00 puts it on one (07:45), where
 * the pass of that minute runs at the same time as the edge.
 */
export async function runBurstBench(models = 1000, open = '08:07'): Promise<BurstBenchResult> {
  const schedule = parseScheduleOrThrow(burstScheduleText(models, open), { file: 'bench' });
  const from = Date.UTC(2026, 11, 8, 7, 0);
  const to = from + 3 * HOUR;
  const first = schedule.models[0];
  const edge = first === undefined ? from : (windowsBetween(first, from, to)[0]?.open ?? from);
  const report = await runSimulation({ schedule, from, to, seed: 1 });
  const lastStarts = report.models.flatMap((m) =>
    m.lastStartAt === null ? [] : [Date.parse(m.lastStartAt)],
  );
  return {
    models,
    hosted: report.models.filter((m) => m.statusAtEnd === 'HOSTED').length,
    gaveUp: report.alerts.filter((a) => a.cause === 'gave-up').length,
    deadLetters: report.deadLetters.length,
    startsPerModel: (report.calls.StartModel ?? 0) / models,
    actedStartsPerModel:
      ((report.calls.StartModel ?? 0) -
        (report.callOutcomes.throttledByOperation.StartModel ?? 0) -
        report.callOutcomes.replayed) /
      models,
    minutesToLastStart: lastStarts.length === 0 ? null : (Math.max(...lastStarts) - edge) / MINUTE,
    report,
  };
}
