/**
 * `lvsched plan` for a terminal: each model's windows in its local time and in UTC, with hours
 * and inference-unit-hours, then the totals. Pure; plain text, no colours, no trailing newline.
 */
import type { PlanModel, PlanReport } from '../../schedule/plan.js';
import {
  costSummary,
  fixed2,
  formatDuration,
  instantOf,
  localSpan,
  type PlanRenderOptions,
  utcInstant,
  utcSpanShort,
} from './formatPlan.js';
import { plural } from './plural.js';

const GAP = '   ';

/** A row of the windows table: text columns, then right-aligned number columns. */
interface Row {
  readonly local: string;
  readonly utc: string;
  readonly hours: string;
  readonly unitHours: string;
}

function headerLines(m: PlanModel): string[] {
  const region = m.region === null ? 'region: from AWS config (unknown)' : `region: ${m.region}`;
  const units =
    m.maxInferenceUnits === null
      ? `inference units: ${m.minInferenceUnits} (no auto-scaling)`
      : `inference units: min ${m.minInferenceUnits}, max ${m.maxInferenceUnits}`;
  return [
    `${m.id}  (${m.service === 'rekognition' ? 'Rekognition Custom Labels ' : ''}project ${m.project}, version ${m.version})`,
    `  ${region}${GAP}time zone: ${m.timezone}${GAP}${units}`,
  ];
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * The plan as aligned text, e.g.
 * `  Tue 2026-12-01 05:45 -> 22:00 CET   (04:45Z -> 21:00Z)   16.25 h    32.50 IU-h`.
 */
export function renderPlanText(report: PlanReport, options: PlanRenderOptions = {}): string {
  const from = instantOf(report.from);
  const to = instantOf(report.to);
  const rowsOf = report.models.map((m): Row[] =>
    m.windows.map((w) => {
      const open = instantOf(w.open);
      const close = instantOf(w.close);
      return {
        local: localSpan(open, close, m.timezone),
        utc: `(${utcSpanShort(open, close, m.timezone)})`,
        hours: `${fixed2(w.hours)} h`,
        unitHours: `${fixed2(w.inferenceUnitHours)} IU-h`,
      };
    }),
  );
  const { totals } = report;
  const totalHours = `${fixed2(totals.hours)} h`;
  const totalUnitHours = `${fixed2(totals.inferenceUnitHours)} IU-h`;
  const all = rowsOf.flat();
  const wLocal = Math.max(0, ...all.map((r) => r.local.length));
  const wUtc = Math.max(0, ...all.map((r) => r.utc.length));
  const wHours = Math.max(totalHours.length, ...all.map((r) => r.hours.length));
  const wUnitHours = Math.max(totalUnitHours.length, ...all.map((r) => r.unitHours.length));
  // Label + numbers, with the numbers under the table's number columns.
  const textWidth = 2 + (all.length === 0 ? 0 : wLocal + GAP.length + wUtc);
  const line = (text: string, hours: string, unitHours: string) =>
    `${text.padEnd(textWidth)}${GAP}${hours.padStart(wHours)}${GAP}${unitHours.padStart(wUnitHours)}`;

  const out: string[] = [
    `Hosting plan ${utcInstant(from, { seconds: true })} -> ${utcInstant(to, { seconds: true })} (${formatDuration(to - from)})`,
    'Local time of each model, then UTC. Openings include the lead time.',
    '',
  ];
  if (report.models.length === 0) out.push('No models in the schedule.', '');
  report.models.forEach((m, i) => {
    out.push(...headerLines(m));
    const rows = rowsOf[i] ?? [];
    if (rows.length === 0) out.push('  no windows in this period');
    for (const r of rows) {
      out.push(line(`  ${r.local.padEnd(wLocal)}${GAP}${r.utc}`, r.hours, r.unitHours));
    }
    const count = plural(m.windows.length, 'window');
    out.push(
      line(
        `  subtotal, ${count}`,
        `${fixed2(sum(m.windows.map((w) => w.hours)))} h`,
        `${fixed2(sum(m.windows.map((w) => w.inferenceUnitHours)))} IU-h`,
      ),
      '',
    );
  });
  const cost = costSummary(totals, options);
  const models = plural(report.models.length, 'model');
  out.push(line(`Total, ${models}`, totalHours, totalUnitHours));
  const alwaysOn =
    cost.alwaysOn === null
      ? `always on: ${fixed2(totals.alwaysOnInferenceUnitHours)} IU-h`
      : `always on: ${fixed2(cost.alwaysOn)} ${totals.currency} for ${fixed2(totals.alwaysOnInferenceUnitHours)} IU-h`;
  out.push(
    `  estimated cost: ${fixed2(cost.estimated)} ${totals.currency}${GAP}(${alwaysOn})`,
    `  savings:        ${fixed2(totals.savingsPercent)} %${cost.saved === null ? '' : `${GAP}(${fixed2(cost.saved)} ${totals.currency})`}`,
  );
  return out.join('\n');
}
