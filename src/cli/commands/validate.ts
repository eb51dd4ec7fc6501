import { formatDiagnostic } from '../../schedule/parseSchedule.js';
import { loadSchedule } from '../loadSchedule.js';
import type { Output } from '../output.js';
import { plural } from '../render/plural.js';

/** `lvsched validate`: every error and warning in the file; exit 1 when there is an error. */
export async function validateCommand(
  options: { config: string },
  now: number,
  out: Output,
): Promise<number> {
  const { schedule, diagnostics } = await loadSchedule(options.config, now);
  for (const d of diagnostics) out.stdout(formatDiagnostic(d));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (schedule === null) {
    out.stdout(`${options.config}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
    return 1;
  }
  out.stdout(
    `${options.config}: valid, ${plural(schedule.models.length, 'model')}, ${plural(warnings, 'warning')}`,
  );
  return 0;
}
