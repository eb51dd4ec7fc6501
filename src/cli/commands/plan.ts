import { UsageError } from '../../errors.js';
import { formatDiagnostic } from '../../schedule/parseSchedule.js';
import { buildPlan } from '../../schedule/plan.js';
import { DAY } from '../../schedule/zone.js';
import { checkWritableFiles } from '../checkOptions.js';
import { checkPeriodEnd, parseInstantFlag } from '../instant.js';
import { loadSchedule } from '../loadSchedule.js';
import type { Output } from '../output.js';
import { renderPlanIcs } from '../render/planIcs.js';
import { renderPlanSvg } from '../render/planSvg.js';
import { renderPlanText } from '../render/planText.js';

export interface PlanOptions {
  config: string;
  from?: string;
  to?: string;
  json?: boolean;
  svg?: string;
  ics?: string;
}

/** `lvsched plan`: the windows of [from, to) with hours, inference-unit-hours and cost. */
export async function planCommand(options: PlanOptions, now: number, out: Output): Promise<number> {
  const from = options.from === undefined ? now : parseInstantFlag('--from', options.from, now);
  const to = options.to === undefined ? from + 7 * DAY : parseInstantFlag('--to', options.to, now);
  if (to <= from) throw new UsageError(`--to must be after --from`);
  if (to - from > 366 * DAY)
    throw new UsageError('the plan period is longer than 366 days; choose a shorter --to');
  checkPeriodEnd(to);
  checkWritableFiles({ '--svg': options.svg, '--ics': options.ics });
  const { schedule, diagnostics } = await loadSchedule(options.config, now);
  // stdout carries the plan (JSON must stay parseable): diagnostics go to stderr.
  for (const d of diagnostics) out.stderr(formatDiagnostic(d));
  if (schedule === null) return 1;
  const report = buildPlan(schedule, from, to);
  if (options.svg !== undefined) {
    const svg = renderPlanSvg(report, { inferenceUnitHourPrice: schedule.pricing.inferenceUnitHour });
    writeOutput(out, options.svg, svg);
  }
  if (options.ics !== undefined) writeOutput(out, options.ics, renderPlanIcs(report, schedule, now));
  out.stdout(
    options.json
      ? JSON.stringify(report, null, 2)
      : renderPlanText(report, { inferenceUnitHourPrice: schedule.pricing.inferenceUnitHour }),
  );
  return 0;
}

function writeOutput(out: Output, path: string, text: string): void {
  try {
    out.writeFile(path, text);
  } catch (cause) {
    const why = (cause as NodeJS.ErrnoException).code ?? String(cause);
    throw new UsageError(`cannot write ${path}: ${why}`, { cause });
  }
  out.stderr(`wrote ${path}`);
}
