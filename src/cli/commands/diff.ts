import { execFile } from 'node:child_process';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { configuredRegion } from '../../aws/awsRegion.js';
import { UsageError } from '../../errors.js';
import { diffSchedules, MONTH_DAYS } from '../../schedule/diffSchedules.js';
import { fileSizeMessage } from '../../schedule/documentBounds.js';
import { LIMITS } from '../../schedule/limits.js';
import { formatDiagnostic, type ParseResult, parseSchedule } from '../../schedule/parseSchedule.js';
import type { Schedule } from '../../schedule/types.js';
import { DAY } from '../../schedule/zone.js';
import { checkRegularFile, wholeNumber } from '../checkOptions.js';
import { checkPeriodEnd, parseInstantFlag } from '../instant.js';
import { loadSchedule } from '../loadSchedule.js';
import type { Output } from '../output.js';
import type { DiffBase, DiffDocument } from '../render/diffDocument.js';
import { renderDiffMarkdown } from '../render/diffMarkdown.js';
import { renderDiffText } from '../render/diffText.js';

export interface DiffOptions {
  config: string;
  base?: string;
  from?: string;
  days?: string;
  json?: boolean;
  markdown?: boolean;
}

/** The version of the file an edit is compared with. `text` is null when the file is not at the ref. */
interface BaseVersion extends DiffBase {
  readonly text: string | null;
  readonly size: number;
}

/**
 * `lvsched diff`: what an edit of the schedule changes, against a file or the file as committed at a
 * git ref (default HEAD). Exit 0 with or without differences, 1 when either version has errors.
 */
export async function diffCommand(options: DiffOptions, now: number, out: Output): Promise<number> {
  if (options.json && options.markdown) throw new UsageError('choose one of --json and --markdown');
  const from = options.from === undefined ? now : parseInstantFlag('--from', options.from, now);
  const days =
    options.days === undefined ? 30 : wholeNumber('--days', options.days, 1, 366, 'a whole number of days');
  checkPeriodEnd(from + Math.max(days, MONTH_DAYS) * DAY);
  checkRegularFile(`cannot read schedule file ${options.config}`, options.config);
  const base = await readBase(options.base ?? 'HEAD', options.config);

  const head = await loadSchedule(options.config, now);
  const defaultRegion = await configuredRegion();
  const old: ParseResult | null =
    base.text === null
      ? null
      : base.size > LIMITS.fileBytes
        ? {
            schedule: null,
            diagnostics: [
              { severity: 'error', file: base.label, line: 1, col: 1, message: fileSizeMessage(base.size) },
            ],
          }
        : parseSchedule(base.text, { file: base.label, now, defaultRegion });
  const failed = [old, head].filter((r): r is ParseResult => r !== null && r.schedule === null);
  if (failed.length > 0) {
    // Located as validate prints them; the base version's lines start with its ref (HEAD:config/...).
    for (const r of failed) for (const d of r.diagnostics) out.stderr(formatDiagnostic(d));
    return 1;
  }
  const headSchedule = head.schedule as Schedule;
  // stdout carries the diff (JSON and Markdown must stay clean): the edited file's warnings go to stderr.
  for (const d of head.diagnostics) out.stderr(formatDiagnostic(d));
  if (base.text === null) {
    out.stderr(
      `lvsched: ${base.file} is not in ${base.ref}: comparing with an empty schedule (every model is added)`,
    );
  }
  const baseSchedule: Schedule = old?.schedule ?? { ...headSchedule, models: [] };
  const document: DiffDocument = {
    base: { label: base.label, source: base.source, ref: base.ref, file: base.file, exists: base.exists },
    head: { file: options.config },
    ...diffSchedules(baseSchedule, headSchedule, from, days),
  };
  out.stdout(
    options.json
      ? JSON.stringify(document, null, 2)
      : options.markdown
        ? renderDiffMarkdown(document)
        : renderDiffText(document),
  );
  return 0;
}

/** `--base`: an existing file is read as it is; anything else is a git ref of the config's repository. */
async function readBase(base: string, config: string): Promise<BaseVersion> {
  if (isFile(base)) {
    checkRegularFile(`--base ${base}: cannot read it`, base);
    const size = statSync(base).size;
    const text = size > LIMITS.fileBytes ? '' : readFileSync(base, 'utf8');
    return { label: base, source: 'file', ref: null, file: base, exists: true, text, size };
  }
  if (base.trim() === '' || base.startsWith('-'))
    throw new UsageError(`--base "${base}" is neither a file nor a git ref`);
  // The repository of the file itself: a --config that is a symbolic link is read where it points.
  const real = realpathSync(config);
  const dir = dirname(real);
  const top = await git(['rev-parse', '--show-toplevel'], dir).catch((cause) => {
    throw new UsageError(
      `--base ${base}: ${config} is not in a git repository (${gitReason(cause)}); give --base FILE to compare with a file`,
      { cause },
    );
  });
  const root = top.trim();
  const path = relative(realpathSync(root), real).split(sep).join('/');
  const commit = await git(['rev-parse', '--verify', '--quiet', `${base}^{commit}`], root).catch((cause) => {
    throw new UsageError(
      `--base ${base}: not a file, and not a branch, tag or commit of the repository ${root}${gitMissing(cause)}`,
      { cause },
    );
  });
  const object = `${commit.trim()}:${path}`;
  const label = `${base}:${path}`;
  const type = await git(['cat-file', '-t', object], root).catch(() => null);
  if (type === null || type.trim() !== 'blob')
    return { label, source: 'git', ref: base, file: path, exists: false, text: null, size: 0 };
  const size = Number((await git(['cat-file', '-s', object], root)).trim());
  const text = size > LIMITS.fileBytes ? '' : await git(['show', object], root);
  return { label, source: 'git', ref: base, file: path, exists: true, text, size };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Runs git without a shell (arguments are never parsed by one) and returns its stdout. */
function git(args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'git',
      ['-C', cwd, ...args],
      { encoding: 'utf8', maxBuffer: LIMITS.fileBytes + 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { gitStderr: String(stderr) }));
        else resolvePromise(String(stdout));
      },
    );
  });
}

function gitMissing(cause: unknown): string {
  return (cause as NodeJS.ErrnoException).code === 'ENOENT' ? ' (git is not installed or not on PATH)' : '';
}

function gitReason(cause: unknown): string {
  if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return 'git is not installed or not on PATH';
  const text = String((cause as { gitStderr?: string }).gitStderr ?? '').trim();
  const first = text.split('\n')[0]?.replace(/^fatal: /, '') ?? '';
  return first === '' ? 'git rev-parse failed' : first;
}
