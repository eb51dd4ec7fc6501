/**
 * The `lvsched diff --json` document and the formatting its text and Markdown renderers share.
 * Pure.
 */
import type { DiffSpan, DiffStats, ScheduleDiff } from '../../schedule/diffSchedules.js';
import { instantOf, localSpan, utcSpanShort } from './formatPlan.js';

/** Where the base version came from. */
export interface DiffBase {
  /** How diagnostics name it: the file, or `<ref>:<path>`. */
  readonly label: string;
  readonly source: 'file' | 'git';
  /** The git ref given, or null for a file. */
  readonly ref: string | null;
  /** The file, or its path relative to the repository root. */
  readonly file: string;
  /** False when the file is not at the ref: the base is then an empty schedule. */
  readonly exists: boolean;
}

/** `lvsched diff --json`. */
export interface DiffDocument extends ScheduleDiff {
  readonly base: DiffBase;
  readonly head: { readonly file: string };
}

/** `1234.5` -> `1,234.50`. */
export function money(x: number): string {
  const s = Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return x < 0 && s !== '0.00' ? `-${s}` : s;
}

/** A difference with its sign: `+12.00`, `-3.50`, `0.00`. */
export function signed(x: number, format: (n: number) => string = money): string {
  const s = format(x);
  if (!/[1-9]/.test(s)) return s.replace(/^-/, '');
  return x > 0 ? `+${s}` : s;
}

/** `12.5` -> `12.50` (hours and inference-unit-hours). */
export function num2(x: number): string {
  const s = x.toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

/** The three stats as rows: label, before, after, difference. */
export function statRows(
  before: DiffStats,
  after: DiffStats,
  difference: DiffStats,
  currency: string,
): string[][] {
  return [
    ['hosted hours', num2(before.hours), num2(after.hours), signed(difference.hours, num2)],
    [
      'inference-unit-hours',
      num2(before.inferenceUnitHours),
      num2(after.inferenceUnitHours),
      signed(difference.inferenceUnitHours, num2),
    ],
    [
      `estimated cost (${currency})`,
      money(before.estimatedCost),
      money(after.estimatedCost),
      signed(difference.estimatedCost),
    ],
  ];
}

/** A gained or lost span in local time, then UTC: `Tue 2026-12-01 05:45 -> 06:45 CET (04:45Z -> 05:45Z)`. */
export function spanText(s: DiffSpan, arrow = '->'): string {
  const open = instantOf(s.open);
  const close = instantOf(s.close);
  return `${localSpan(open, close, s.timezone, arrow)} (${utcSpanShort(open, close, s.timezone, arrow)})`;
}

/** Columns padded to their widths: text left, numbers right. */
export function alignRows(rows: readonly (readonly string[])[], indent: string, gap = '   '): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join(gap)
        .trimEnd(),
  );
}

/** `changed: windows, minInferenceUnits`, `added`, `removed`, `unchanged`. */
export function changeLabel(m: ScheduleDiff['models'][number]): string {
  return m.change === 'changed' ? `changed: ${m.changes.map((c) => c.key).join(', ')}` : m.change;
}
