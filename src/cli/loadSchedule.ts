import { readFileSync } from 'node:fs';
import { configuredRegion } from '../aws/awsRegion.js';
import { UsageError } from '../errors.js';
import { type ParseResult, parseSchedule } from '../schedule/parseSchedule.js';
import { checkRegularFile } from './checkOptions.js';

export const DEFAULT_CONFIG = 'config/schedule.yaml';

/**
 * Reads and parses the schedule file. A file that cannot be read is a usage error (exit 2);
 * problems inside it come back as diagnostics.
 */
export async function loadSchedule(file: string, now: number): Promise<ParseResult> {
  // A FIFO or a device would block or never end: refuse it before reading.
  checkRegularFile(`cannot read schedule file ${file}`, file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code ?? cause);
    throw new UsageError(`cannot read schedule file ${file}: ${why}`, { cause });
  }
  return parseSchedule(text, { file, now, defaultRegion: await configuredRegion() });
}
