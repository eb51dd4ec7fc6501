/**
 * config/schedule.yaml -> a typed Schedule, or every problem in the file at once, each located
 * as FILE:LINE:COL from the YAML node it is about. Never throws for anything in the text. Three
 * steps, one file each: readScheduleYaml (YAML with positions), checkStructure (zod, the only
 * structural validation), buildSchedule (meaning: zones, dates, references, defaults, warnings).
 */
import { SchedulerError } from '../errors.js';
import { buildSchedule, type ParseOptions } from './buildSchedule.js';
import { checkStructure } from './checkStructure.js';
import { Collector, formatDiagnostic } from './diagnostics.js';
import { LOOKOUTVISION_REGIONS } from './fieldChecks.js';
import { readScheduleYaml } from './readScheduleYaml.js';
import type { Diagnostic, Schedule } from './types.js';

export type { ParseOptions };

export interface ParseResult {
  /** The schedule, or null when there is at least one error. */
  readonly schedule: Schedule | null;
  /** Errors and warnings in file order. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Thrown by {@link parseScheduleOrThrow}: carries every diagnostic; its message lists the errors. */
export class ScheduleFileError extends SchedulerError {
  override name = 'ScheduleFileError';
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(
      diagnostics
        .filter((d) => d.severity === 'error')
        .map(formatDiagnostic)
        .join('\n'),
    );
    this.diagnostics = diagnostics;
  }
}

export { formatDiagnostic, LOOKOUTVISION_REGIONS };

/** Like {@link parseSchedule}, but throws a {@link ScheduleFileError} when the file has errors. */
export function parseScheduleOrThrow(text: string, options: ParseOptions): Schedule {
  const result = parseSchedule(text, options);
  if (result.schedule === null) throw new ScheduleFileError(result.diagnostics);
  return result.schedule;
}

/**
 * Parses and validates a schedule file. Errors make `schedule` null; warnings do not.
 *
 * @example
 * const { schedule, diagnostics } = parseSchedule(text, { file: 'config/schedule.yaml', now: Date.parse(at) });
 */
export function parseSchedule(text: string, options: ParseOptions): ParseResult {
  const collector = new Collector(options.file);
  try {
    const schedule = parseInto(text, options, collector);
    return { schedule: collector.hasErrors() ? null : schedule, diagnostics: collector.sorted() };
  } catch (cause) {
    // The parser must only ever report located problems; anything else is a bug worth showing as one.
    collector.error(
      { line: 1, col: 1 },
      `internal error while reading the file: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    return { schedule: null, diagnostics: collector.sorted() };
  }
}

/** The three steps: YAML with positions -> structure (zod) -> meaning. */
function parseInto(text: string, options: ParseOptions, out: Collector): Schedule | null {
  const yaml = readScheduleYaml(text, out);
  if (yaml === null) return null;
  const draft = checkStructure(yaml.data, yaml.loc, out);
  if (draft === null) return null;
  // Meaning is checked even when the structure has problems, so one run reports everything it can.
  return buildSchedule(draft, options, yaml.loc, out);
}
