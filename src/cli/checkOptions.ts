/**
 * Checks of command-line values that every command shares, run before a command does any work, so
 * a mistake ends in one `lvsched: ...` line and exit 2 instead of a failure half-way through a run.
 */
import { closeSync, constants, lstatSync, openSync, type Stats, statSync, unlinkSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** A whole decimal number from `min` to `max` (no `0x10`, `1e3`, `1.5` or blanks). */
export function wholeNumber(flag: string, text: string, min: number, max: number, what: string): number {
  const n = /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(n >= min && n <= max))
    throw new UsageError(`${flag} "${text}" must be ${what} from ${min} to ${max}`);
  return n;
}

/** A decimal number >= 0 (like `30` or `0.5`), for durations. */
export function decimalNumber(flag: string, text: string, what: string): number {
  const n = /^\d{1,9}(\.\d{1,9})?$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isFinite(n)) throw new UsageError(`${flag} "${text}" must be ${what} (>= 0, like 30 or 0.5)`);
  return n;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return String(code ?? error);
  }
}

/**
 * Throws a UsageError `${label}: why` unless `path` is a regular file (following links) this
 * process may read. A FIFO or a device is refused without opening it: reading one can block or
 * never end.
 */
export function checkRegularFile(label: string, path: string): void {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (cause) {
    throw new UsageError(`${label}: ${reason(cause)}`, { cause });
  }
  if (stats.isDirectory()) throw new UsageError(`${label}: it is a directory`);
  if (!stats.isFile()) throw new UsageError(`${label}: it is ${kindOf(stats)}, not a regular file`);
  try {
    closeSync(openSync(path, constants.O_RDONLY | constants.O_NONBLOCK));
  } catch (cause) {
    throw new UsageError(`${label}: ${reason(cause)}`, { cause });
  }
}

/**
 * Throws a UsageError unless the file `path` given to `flag` can be opened for writing (appending),
 * by opening it: permission bits alone say nothing for root or on a read-only file system. A file
 * this check created is removed again, so a command that then fails leaves nothing behind. A FIFO
 * must already have a reader (it is opened without blocking).
 */
export function checkWritableFile(flag: string, path: string): void {
  // lstat: a dangling symbolic link exists; removing it afterwards would lose the user's link.
  let existed = true;
  try {
    lstatSync(path);
  } catch {
    existed = false;
  }
  let fd: number;
  try {
    fd = openSync(
      path,
      constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK,
      0o666,
    );
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'its directory does not exist'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'ENXIO'
            ? 'it is a FIFO that no process reads'
            : code === 'EROFS'
              ? 'the file system is read-only'
              : reason(cause);
    throw new UsageError(`${flag} ${path}: cannot write there: ${why}`, { cause });
  }
  closeSync(fd);
  if (!existed) unlinkSync(path);
}

/** Checks every output path that was given, in the order of `paths`. */
export function checkWritableFiles(paths: Readonly<Record<string, string | undefined>>): void {
  for (const [flag, path] of Object.entries(paths)) if (path !== undefined) checkWritableFile(flag, path);
}
