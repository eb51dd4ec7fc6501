/**
 * `lvsched status` for a terminal: one aligned row per model (desired, observed, units, check,
 * window, next transition), a note for each model that is not simply ok, then the plan's figures
 * for the UTC month. Pure; plain text, no colours, no trailing newline.
 */
import type { MonthFigures, StatusVerdict } from '../../control/statusCheck.js';
import { formatLocal } from '../../schedule/localTime.js';
import type { DesiredState } from '../../schedule/windows.js';
import { fixed2, instantOf, localSpan, utcInstant, utcSpanShort, wallTime } from './formatPlan.js';
import { plural } from './plural.js';

/** A model's window in the `status --json` document. */
export interface StatusWindowJson {
  readonly state: 'open' | 'next';
  /** UTC ISO-8601 with `Z`. */
  readonly open: string;
  /** null: it does not close within two years. */
  readonly close: string | null;
  /** The same instants in the model's time zone, ISO-8601 with its offset. */
  readonly openLocal: string;
  readonly closeLocal: string | null;
  readonly timezone: string;
}

/** One model of the `status --json` document. */
export interface StatusRow {
  readonly model: string;
  readonly service: string;
  readonly desired: DesiredState;
  readonly observed: string;
  readonly serviceStatus: string | null;
  readonly inferenceUnits: string;
  readonly next: { readonly at: string; readonly state: DesiredState } | null;
  readonly statusMessage: string | null;
  readonly window: StatusWindowJson | null;
  readonly differs: boolean | null;
  readonly check: StatusVerdict;
  readonly checkReason: string;
  readonly month: MonthFigures;
}

/** The `status --json` document. */
export interface StatusReport {
  /** The instant the schedule is read at: now, or `--at`. */
  readonly at: string;
  /** When the command observed the service (its clock). */
  readonly observedAt: string;
  readonly models: readonly StatusRow[];
  readonly counts: Readonly<Record<StatusVerdict, number>>;
  readonly month: MonthFigures & {
    readonly from: string;
    readonly to: string;
    readonly timezone: 'UTC';
    readonly currency: string;
  };
}

const GAP = '  ';

/** `Tue 2026-12-01 08:00Z` (seconds when there are any). */
const utcText = (iso: string) => utcInstant(instantOf(iso), { seconds: true });

function windowText(w: StatusWindowJson | null): { local: string; utc: string } {
  if (w === null) return { local: 'none within 2 years', utc: '' };
  const open = instantOf(w.open);
  const label = w.state === 'open' ? 'now ' : 'next';
  if (w.close === null) {
    const o = wallTime(open, w.timezone);
    return {
      local: `${label} ${o.weekday} ${o.date} ${o.time} ${o.zone} -> (no close within 2 years)`,
      utc: '',
    };
  }
  const close = instantOf(w.close);
  return {
    local: `${label} ${localSpan(open, close, w.timezone)}`,
    utc: `(${utcSpanShort(open, close, w.timezone)})`,
  };
}

const CHECK_WORDS: Record<StatusVerdict, string> = {
  ok: 'ok',
  starting: 'starting',
  stopping: 'stopping',
  differs: 'DIFFERS',
  unknown: 'UNKNOWN',
};

function headline(report: StatusReport): string {
  const n = report.models.length;
  const { differs, unknown } = report.counts;
  const at = utcText(report.at);
  const whatIf = report.at === report.observedAt ? '' : ` (observed at ${utcText(report.observedAt)})`;
  const parts = [
    differs === 0 && unknown === 0
      ? `all ${plural(n, 'model')} follow the schedule`
      : `${differs} of ${n} differ${differs === 1 ? 's' : ''} from the schedule`,
  ];
  if (unknown > 0) parts.push(`${unknown} not observed`);
  return `Status at ${at}${whatIf}: ${parts.join(', ')}`;
}

/** The table of models, with notes under it. */
function modelLines(report: StatusReport): string[] {
  const rows = report.models.map((r) => {
    const w = windowText(r.window);
    return {
      r,
      check: CHECK_WORDS[r.check],
      local: w.local,
      utc: w.utc,
      next: r.next === null ? 'none within 2 years' : `${r.next.state} at ${r.next.at}`,
    };
  });
  const wModel = Math.max(5, ...rows.map((x) => x.r.model.length));
  const wObserved = Math.max(8, ...rows.map((x) => x.r.observed.length));
  const wUnits = Math.max(5, ...rows.map((x) => x.r.inferenceUnits.length));
  const wCheck = Math.max(5, ...rows.map((x) => x.check.length));
  const wLocal = Math.max(0, ...rows.map((x) => x.local.length));
  const wUtc = Math.max(0, ...rows.map((x) => x.utc.length));
  const wWindow = Math.max(32, wLocal + (wUtc > 0 ? 1 + wUtc : 0));
  const lines = [
    [
      'model'.padEnd(wModel),
      'desired',
      'observed'.padEnd(wObserved),
      'units'.padEnd(wUnits),
      'check'.padEnd(wCheck),
      'window (lead time included)'.padEnd(wWindow),
      'next transition',
    ].join(GAP),
  ];
  for (const x of rows) {
    const window = x.utc === '' ? x.local : `${x.local.padEnd(wLocal)} ${x.utc}`;
    lines.push(
      [
        x.r.model.padEnd(wModel),
        x.r.desired.padEnd(7),
        x.r.observed.padEnd(wObserved),
        x.r.inferenceUnits.padEnd(wUnits),
        x.check.padEnd(wCheck),
        window.padEnd(wWindow),
        x.next,
      ]
        .join(GAP)
        .trimEnd(),
    );
  }
  const notes = rows.filter((x) => x.r.check !== 'ok');
  if (notes.length > 0) {
    lines.push('');
    for (const { r, check } of notes) {
      const message = r.check === 'unknown' && r.statusMessage ? `: ${r.statusMessage}` : '';
      lines.push(`  ${r.model.padEnd(wModel)}${GAP}${check}: ${r.checkReason}${message}`);
    }
  }
  return lines;
}

/** The month's planned figures, per model and in total, numbers right-aligned. */
function monthLines(report: StatusReport): string[] {
  const { month } = report;
  const from = instantOf(month.from);
  const label = formatLocal(from, 'UTC', 'LLLL yyyy');
  const cells = (f: MonthFigures) => [
    fixed2(f.hoursSoFar),
    fixed2(f.inferenceUnitHoursSoFar),
    fixed2(f.costSoFar),
    fixed2(f.hours),
    fixed2(f.inferenceUnitHours),
    fixed2(f.cost),
  ];
  const body: [string, string[]][] = [
    ...report.models.map((r): [string, string[]] => [r.model, cells(r.month)]),
    ['total', cells(month)],
  ];
  const heads = ['hours', 'IU-h', month.currency, 'hours', 'IU-h', month.currency];
  const wName = Math.max(5, ...body.map(([name]) => name.length));
  const widths = heads.map((h, i) => Math.max(h.length, ...body.map(([, c]) => (c[i] ?? '').length)));
  const row = (name: string, c: readonly string[]) =>
    [name.padEnd(wName), ...c.map((v, i) => v.padStart(widths[i] ?? 0))].join(GAP);
  const soFarWidth = (widths[0] ?? 0) + (widths[1] ?? 0) + (widths[2] ?? 0) + 2 * GAP.length;
  return [
    `Plan for ${label}, the calendar month in UTC (${month.from} to ${month.to})`,
    `planned hosting, not billing; so far: up to ${utcText(report.at)}`,
    `${''.padEnd(wName)}${GAP}${'so far'.padEnd(soFarWidth)}${GAP}whole month`,
    row('model', heads),
    ...body.map(([name, c]) => row(name, c)),
  ];
}

/** The status report as aligned text. */
export function renderStatusText(report: StatusReport): string {
  return [headline(report), '', ...modelLines(report), '', ...monthLines(report)].join('\n');
}
