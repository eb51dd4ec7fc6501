/**
 * Planner throughput: window edges per second for 10,000 models over 365 days, against
 * cron-parser enumerating the same instants (on a sample, in the same run), with a check that
 * both produce the same instants.
 */
import { CronExpressionParser } from 'cron-parser';
import { parseScheduleOrThrow } from '../src/schedule/parseSchedule.js';
import type { ModelSchedule } from '../src/schedule/types.js';
import { windowsBetween } from '../src/schedule/windows.js';
import { DAY } from '../src/schedule/zone.js';

const ZONES = [
  'Europe/Berlin',
  'America/Chicago',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Sydney',
  'UTC',
  'America/Santiago',
  'Pacific/Chatham',
];

/** Window shapes, each with the cron expressions (min hour dom mon dow) of its edges. */
const SHAPES = [
  {
    yaml: '[{ days: Mon-Fri, open: "06:00", close: "22:00" }, { days: Sat, open: "08:00", close: "12:00" }]',
    cron: ['0 6 * * 1-5', '0 22 * * 1-5', '0 8 * * 6', '0 12 * * 6'],
  },
  {
    yaml: '[{ days: [Mon, Tue, Wed, Thu], open: "22:00", close: "06:00" }]',
    cron: ['0 22 * * 1-4', '0 6 * * 2-5'],
  },
  { yaml: '[{ days: daily, open: "07:00", close: "19:30" }]', cron: ['0 7 * * *', '30 19 * * *'] },
];

function scheduleText(count: number): string {
  const lines = ['version: 1', 'models:'];
  for (let i = 0; i < count; i++) {
    const shape = SHAPES[i % SHAPES.length];
    lines.push(
      `  - { project: p${i}, version: "1", timezone: ${ZONES[i % ZONES.length]}, windows: ${shape?.yaml} }`,
    );
  }
  return lines.join('\n');
}

function plannerEdges(models: readonly ModelSchedule[], from: number, to: number): number[][] {
  return models.map((m) => windowsBetween(m, from, to).flatMap((w) => [w.open, w.close]));
}

function cronEdges(index: number, model: ModelSchedule, from: number, to: number): number[] {
  const out: number[] = [];
  for (const expr of SHAPES[index % SHAPES.length]?.cron ?? []) {
    const it = CronExpressionParser.parse(expr, {
      currentDate: new Date(from - 1),
      endDate: new Date(to),
      tz: model.timezone,
    });
    while (it.hasNext()) {
      const t = it.next().getTime();
      if (t >= from && t < to) out.push(t);
    }
  }
  return out.sort((a, b) => a - b);
}

export interface PlannerBenchResult {
  models: number;
  days: number;
  edges: number;
  seconds: number;
  edgesPerSecond: number;
  cronSampleModels: number;
  cronEdgesPerSecond: number;
  ratio: number;
  instantsAgree: boolean;
}

export function runPlannerBench(models = 10_000, cronSample = 300): PlannerBenchResult {
  const from = Date.UTC(2027, 0, 1);
  const to = from + 365 * DAY;
  const schedule = parseScheduleOrThrow(scheduleText(models), { file: 'bench' });
  plannerEdges(schedule.models.slice(0, 200), from, to); // warm-up (zone caches, JIT)

  const t0 = performance.now();
  const edges = plannerEdges(schedule.models, from, to);
  const seconds = (performance.now() - t0) / 1000;
  const edgeCount = edges.reduce((n, e) => n + e.length, 0);

  const sample = schedule.models.slice(0, cronSample);
  const c0 = performance.now();
  const cron = sample.map((m, i) => cronEdges(i, m, from, to));
  const cronSeconds = (performance.now() - c0) / 1000;
  const cronCount = cron.reduce((n, e) => n + e.length, 0);
  // Edges clipped at the year's bounds are not cron instants; compare the inner ones.
  const inner = (list: number[]) => list.filter((t) => t > from && t < to);
  const instantsAgree = cron.every(
    (c, i) => JSON.stringify(inner(c)) === JSON.stringify(inner(edges[i] ?? [])),
  );

  const edgesPerSecond = edgeCount / seconds;
  const cronEdgesPerSecond = cronCount / cronSeconds;
  return {
    models,
    days: 365,
    edges: edgeCount,
    seconds,
    edgesPerSecond,
    cronSampleModels: cronSample,
    cronEdgesPerSecond,
    ratio: edgesPerSecond / cronEdgesPerSecond,
    instantsAgree,
  };
}
