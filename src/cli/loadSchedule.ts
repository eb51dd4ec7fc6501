import { readFileSync, statSync } from 'node:fs';
import { configuredRegion } from '../aws/awsRegion.js';
import { UsageError } from '../errors.js';
import { fileSizeMessage } from '../schedule/documentBounds.js';
import { LIMITS } from '../schedule/limits.js';
import { type ParseResult, parseSchedule } from '../schedule/parseSchedule.js';
import { checkRegularFile } from './checkOptions.js';

export const DEFAULT_CONFIG = 'config/schedule.yaml';

/** A parsed schedule file and the region it was parsed with. */
export interface LoadedSchedule extends ParseResult {
  /** The configured region (see configuredRegion); null when none is, or the file was not parsed. */
  region: string | null;
}

/**
 * Reads and parses the schedule file. A file that cannot be read is a usage error (exit 2);
 * problems inside it come back as diagnostics. The configured region the file was parsed with
 * comes back too, so the caller need not read the shared config file again.
 */
export async function loadSchedule(file: string, now: number): Promise<LoadedSchedule> {
  // A FIFO or a device would block or never end: refuse it before reading.
  checkRegularFile(`cannot read schedule file ${file}`, file);
  let text: string;
  try {
    // A file over the size limit is answered from its size, without reading gigabytes first.
    const { size } = statSync(file);
    if (size > LIMITS.fileBytes) {
      const diagnostic = {
        severity: 'error',
        file,
        line: 1,
        col: 1,
        message: fileSizeMessage(size),
      } as const;
      return { schedule: null, diagnostics: [diagnostic], region: null };
    }
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code ?? cause);
    throw new UsageError(`cannot read schedule file ${file}: ${why}`, { cause });
  }
  const region = await configuredRegion();
  return { ...parseSchedule(text, { file, now, defaultRegion: region }), region };
}
