/**
 * `lvsched plan --svg`: a standalone SVG timeline of when each model is hosted. Pure: the picture
 * depends only on the report (no clock, so no "now" line). UTC days run left to right; each model
 * is a row and each window a bar whose hover title gives its local and UTC times.
 */

import { formatLocal, localParts } from '../../schedule/localTime.js';
import type { PlanModel, PlanReport, PlanWindow } from '../../schedule/plan.js';
import { DAY, HOUR, MINUTE } from '../../schedule/zone.js';
import {
  costSummary,
  formatDuration,
  instantOf,
  localSpan,
  type PlanRenderOptions,
  utcSpan,
  wallTime,
  zoneAbbreviation,
} from './formatPlan.js';

const WIDTH = 1200;
const PAD = 24;
/** Model labels on the left, the timeline in the middle, per-model sums on the right. */
const LABEL_X = PAD;
const LABEL_W = 236;
const X0 = PAD + LABEL_W + 16;
const X1 = WIDTH - PAD - 124;
const SUM_X = WIDTH - PAD;
const ROW_H = 40;
const BAR_H = 20;
const AXIS_TOP = 80;
const ROWS_TOP = 124;

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const COLOR = {
  text: '#1f2933',
  muted: '#616e7c',
  faint: '#9aa5b1',
  grid: '#d9dee4',
  gridMajor: '#b3bcc6',
  weekend: '#f1f3f6',
  stripe: '#fafbfc',
  bar: '#2563eb',
  barHover: '#1e40af',
  alwaysOn: '#cbd2d9',
  saved: '#047857',
};

/** XML 1.0's `Char` production: anything else (C0 controls, lone surrogates, U+FFFE/FFFF) cannot appear even escaped. */
function isXmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text made safe for XML content and attribute values. */
export function escapeXml(text: string): string {
  let chars = text;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) || (c >= 0xd800 && c <= 0xdfff) || c >= 0xfffe) {
      // Rare: iterate code points (a lone surrogate comes out alone) and replace what XML forbids.
      chars = Array.from(text, (ch) => (isXmlChar(ch.codePointAt(0) ?? 0) ? ch : '\uFFFD')).join('');
      break;
    }
  }
  return chars.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

const grouped = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** `12,345.60`: a figure for people, with 2 decimals and thousands separators. */
const num = (x: number): string => grouped.format(x === 0 ? 0 : x);

/** A coordinate with at most 2 decimals. */
const n = (x: number): string => String(Math.round(x * 100) / 100);

/** Rough width of text in a proportional sans-serif: enough to avoid overlaps, not to typeset. */
const textWidth = (text: string, size: number, bold = false): number =>
  Array.from(text).length * size * (bold ? 0.6 : 0.55);

/** `text` cut to fit `width` px, with an ellipsis when cut. */
function truncate(text: string, width: number, size: number, bold = false): string {
  const chars = Array.from(text);
  const max = Math.floor(width / (size * (bold ? 0.6 : 0.55)));
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}\u2026`;
}

interface TextOptions {
  readonly size?: number;
  readonly weight?: number;
  readonly fill?: string;
  readonly anchor?: 'start' | 'middle' | 'end';
  readonly extra?: string;
}

function text(x: number, y: number, content: string, o: TextOptions = {}): string {
  const attrs = [`x="${n(x)}"`, `y="${n(y)}"`];
  if (o.size !== undefined) attrs.push(`font-size="${o.size}"`);
  if (o.weight !== undefined) attrs.push(`font-weight="${o.weight}"`);
  if (o.fill !== undefined) attrs.push(`fill="${o.fill}"`);
  if (o.anchor !== undefined && o.anchor !== 'start') attrs.push(`text-anchor="${o.anchor}"`);
  if (o.extra !== undefined) attrs.push(o.extra);
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`;
}

const line = (x1: number, y1: number, x2: number, y2: number, stroke: string, extra = '') =>
  `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}"${extra}/>`;

/** Maps instants of [from, to) onto [X0, X1]. */
class TimeScale {
  readonly pxPerMs: number;
  constructor(
    readonly from: number,
    readonly to: number,
  ) {
    this.pxPerMs = (X1 - X0) / (to - from);
  }
  x(instant: number): number {
    return X0 + (Math.min(this.to, Math.max(this.from, instant)) - this.from) * this.pxPerMs;
  }
}

/** UTC midnights from the day containing `from` up to `to`. */
function utcDays(from: number, to: number): number[] {
  const days: number[] = [];
  for (let d = Math.floor(from / DAY) * DAY; d < to; d += DAY) days.push(d);
  return days;
}

const utcDate = (ms: number) => localParts(ms, 'UTC');
const utcText = (ms: number, pattern: string) => formatLocal(ms, 'UTC', pattern);

/** Day labels, longest first, with the full-day width each needs. */
const DAY_LABELS: { readonly format: string; readonly minPx: number }[] = [
  { format: 'ccc d LLL', minPx: 72 },
  { format: 'ccc d', minPx: 46 },
  { format: 'd', minPx: 20 },
];

/** The axis: month row, day row, hour ticks; the grid and weekend shading behind the rows. */
function axis(scale: TimeScale, rowsBottom: number): { back: string[]; front: string[]; weekends: boolean } {
  const back: string[] = [];
  const front: string[] = [];
  const pxPerDay = DAY * scale.pxPerMs;
  const days = utcDays(scale.from, scale.to);
  const dayLabel = DAY_LABELS.find((l) => pxPerDay >= l.minPx);
  const dayRowY = AXIS_TOP + 22;
  const hourRowY = AXIS_TOP + 38;

  // Weekends (UTC), shaded behind the rows while they are wide enough not to become noise.
  const weekends = pxPerDay >= 4;
  if (weekends) {
    for (const d of days) {
      const weekday = utcDate(d).weekday;
      if (weekday < 6) continue;
      const xa = scale.x(d);
      const xb = scale.x(d + DAY);
      if (xb - xa > 0) {
        back.push(
          `<rect class="weekend" x="${n(xa)}" y="${AXIS_TOP + 8}" width="${n(xb - xa)}" height="${n(rowsBottom - AXIS_TOP - 8)}"/>`,
        );
      }
    }
  }

  // Hour ticks: the finest step whose labels do not collide; faint lines alone for mid-size spans.
  const steps = [15, 30, 60, 120, 180, 360, 720].map((m) => m * MINUTE);
  const labelStep = steps.find((s) => s * scale.pxPerMs >= 44 && s <= 6 * HOUR);
  const lineStep = labelStep ?? steps.find((s) => s >= HOUR && s * scale.pxPerMs >= 20);
  if (lineStep !== undefined) {
    const ticks: { x: number; label: string; anchor: 'start' | 'middle' | 'end' }[] = [];
    for (let t = Math.ceil(scale.from / lineStep) * lineStep; t <= scale.to; t += lineStep) {
      const x = scale.x(t);
      if (t % DAY !== 0) back.push(line(x, ROWS_TOP, x, rowsBottom, COLOR.grid, ' stroke-dasharray="2 3"'));
      const anchor = t === scale.from ? 'start' : t === scale.to ? 'end' : 'middle';
      ticks.push({ x, label: utcText(t, 'HH:mm'), anchor });
    }
    if (labelStep !== undefined) {
      // Labels at the period's edges are anchored inside it; drop inner ones that would touch them.
      const extent = (t: (typeof ticks)[number]) => {
        const w = textWidth(t.label, 10);
        const a = t.anchor === 'start' ? t.x : t.anchor === 'end' ? t.x - w : t.x - w / 2;
        return [a - 4, a + w + 4] as const;
      };
      const edges = ticks.filter((t) => t.anchor !== 'middle');
      const kept = ticks.filter(
        (t) =>
          t.anchor !== 'middle' ||
          edges.every((e) => {
            const [a, b] = extent(t);
            const [c, d] = extent(e);
            return b <= c || d <= a;
          }),
      );
      for (const t of kept) {
        front.push(text(t.x, hourRowY, t.label, { size: 10, fill: COLOR.muted, anchor: t.anchor }));
        front.push(line(t.x, hourRowY + 4, t.x, ROWS_TOP, COLOR.gridMajor));
      }
    }
  }

  // Day lines at UTC midnight (weekly at long spans) and day labels in the visible part of each day.
  for (const d of days) {
    const date = utcDate(d);
    const drawn = pxPerDay >= 6 || (pxPerDay >= 3 && date.weekday === 1) || date.day === 1;
    if (d > scale.from && drawn) {
      const x = scale.x(d);
      back.push(line(x, AXIS_TOP + 8, x, rowsBottom, date.day === 1 ? COLOR.gridMajor : COLOR.grid));
    }
    const xa = scale.x(d);
    const xb = scale.x(d + DAY);
    if (dayLabel !== undefined) {
      const label = [dayLabel, ...DAY_LABELS.slice(DAY_LABELS.indexOf(dayLabel) + 1)]
        .map((l) => utcText(d, l.format))
        .find((s) => textWidth(s, 11) <= xb - xa - 4);
      const weekend = date.weekday >= 6;
      if (label !== undefined) {
        front.push(
          text((xa + xb) / 2, dayRowY, label, {
            size: 11,
            weight: weekend ? 400 : 600,
            fill: weekend ? COLOR.muted : COLOR.text,
            anchor: 'middle',
          }),
        );
      }
    } else if (date.weekday === 1 && scale.x(d) + 30 <= X1 && pxPerDay * 7 >= 36) {
      // Long spans: label Mondays only, at their line.
      front.push(text(xa + 2, dayRowY, utcText(d, 'd LLL'), { size: 10, fill: COLOR.muted }));
    }
  }

  // Month row when day labels do not name the month; one label style for all, shorter at the edges.
  if (dayLabel !== DAY_LABELS[0]) {
    const styles = ['LLLL yyyy', 'LLL yyyy', 'LLL'];
    const fits = (label: string, width: number) => textWidth(label, 11, true) + 12 <= width;
    const first = styles.findIndex((f) => fits(utcText(Date.UTC(2026, 8), f), 28 * pxPerDay));
    const start = utcDate(scale.from);
    const monthStart = (k: number) => new Date(0).setUTCFullYear(start.year, start.month - 1 + k, 1);
    for (let k = 0, m = monthStart(0); first >= 0 && m < scale.to; m = monthStart(++k)) {
      const next = monthStart(k + 1);
      const xa = scale.x(m);
      const xb = scale.x(next);
      const label = styles
        .slice(first)
        .map((f) => utcText(m, f))
        .find((l) => fits(l, xb - xa));
      if (label !== undefined) {
        front.push(text(xa + 2, AXIS_TOP + 4, label, { size: 11, weight: 600, fill: COLOR.text }));
      }
    }
  }
  front.push(line(X0, ROWS_TOP, X1, ROWS_TOP, COLOR.gridMajor));
  return { back, front, weekends };
}

function barTitle(model: PlanModel, w: PlanWindow, open: number, close: number): string {
  return [
    model.id,
    `Local: ${localSpan(open, close, model.timezone, '\u2192')}`,
    `UTC:   ${utcSpan(open, close, '\u2192')}`,
    `${num(w.hours)} h \u00b7 ${num(w.inferenceUnitHours)} inference-unit-hours`,
  ].join('\n');
}

/** Units as `2 IU`, or `1-2 IU` with auto-scaling. */
function unitsText(m: PlanModel): string {
  const max = m.maxInferenceUnits;
  return max === null || max === m.minInferenceUnits
    ? `${m.minInferenceUnits} IU`
    : `${m.minInferenceUnits}\u2013${max} IU`;
}

function modelRow(model: PlanModel, index: number, scale: TimeScale): string[] {
  const top = ROWS_TOP + index * ROW_H;
  const out: string[] = [];
  const barY = top + (ROW_H - BAR_H) / 2;
  const zoneName = zoneAbbreviation(scale.from, model.timezone);
  const details = [
    model.id,
    `project ${model.project}, version ${model.version}`,
    `region ${model.region ?? 'from AWS config (unknown)'}`,
    `time zone ${model.timezone}`,
    `inference units min ${model.minInferenceUnits}, max ${model.maxInferenceUnits ?? 'none (no auto-scaling)'}`,
  ].join('\n');
  out.push(
    `<g class="label"><title>${escapeXml(details)}</title>`,
    text(LABEL_X, top + 17, truncate(model.id, LABEL_W, 13, true), { size: 13, weight: 600 }),
    text(
      LABEL_X,
      top + 32,
      truncate(`${model.timezone} (${zoneName}) \u00b7 ${unitsText(model)}`, LABEL_W, 11),
      {
        size: 11,
        fill: COLOR.muted,
      },
    ),
    '</g>',
  );
  if (model.windows.length === 0) {
    out.push(
      text(X0 + 8, top + ROW_H / 2 + 4, 'no windows in this period', {
        size: 11,
        fill: COLOR.faint,
        extra: 'font-style="italic"',
      }),
    );
  }
  for (const w of model.windows) {
    const open = instantOf(w.open);
    const close = instantOf(w.close);
    const xa = scale.x(open);
    const width = Math.max(1, scale.x(close) - xa);
    out.push(
      `<rect class="bar" x="${n(xa)}" y="${n(barY)}" width="${n(width)}" height="${BAR_H}" rx="3"><title>${escapeXml(barTitle(model, w, open, close))}</title></rect>`,
    );
    const o = wallTime(open, model.timezone);
    const c = wallTime(close, model.timezone);
    const label = `${o.time}\u2013${c.time === '00:00' && c.day > o.day ? '24:00' : c.time}`;
    if (textWidth(label, 10) + 8 <= width) {
      out.push(
        text(xa + width / 2, barY + BAR_H / 2 + 3.5, label, {
          size: 10,
          anchor: 'middle',
          extra: 'class="bar-label"',
        }),
      );
    }
  }
  const hours = model.windows.reduce((a, w) => a + w.hours, 0);
  const unitHours = model.windows.reduce((a, w) => a + w.inferenceUnitHours, 0);
  out.push(
    text(SUM_X, top + 17, `${num(hours)} h`, { size: 12, weight: 600, anchor: 'end' }),
    text(SUM_X, top + 32, `${num(unitHours)} IU-h`, { size: 11, fill: COLOR.muted, anchor: 'end' }),
  );
  return out;
}

/** Totals: scheduled against always-on inference-unit-hours as two bars, costs and savings. */
function totalsBlock(report: PlanReport, top: number, options: PlanRenderOptions): string[] {
  const { totals } = report;
  const cost = costSummary(totals, options);
  const cur = totals.currency;
  const alwaysOn = totals.alwaysOnInferenceUnitHours;
  const share = alwaysOn > 0 ? Math.min(1, totals.inferenceUnitHours / alwaysOn) : 0;
  const out: string[] = [
    line(PAD, top, WIDTH - PAD, top, COLOR.gridMajor),
    text(LABEL_X, top + 28, 'Totals', { size: 15, weight: 700 }),
  ];
  const bars: [string, string, number, string, string][] = [
    [
      'Scheduled',
      `${num(totals.hours)} h \u00b7 ${num(totals.inferenceUnitHours)} IU-h`,
      share,
      COLOR.bar,
      `${num(cost.estimated)} ${cur}`,
    ],
    [
      'Always on',
      `${num(alwaysOn)} IU-h`,
      alwaysOn > 0 ? 1 : 0,
      COLOR.alwaysOn,
      cost.alwaysOn === null ? '\u2013' : `${num(cost.alwaysOn)} ${cur}`,
    ],
  ];
  bars.forEach(([label, detail, fraction, fill, money], i) => {
    const y = top + 48 + i * 36;
    out.push(
      text(LABEL_X, y + 4, label, { size: 12, weight: 600 }),
      text(LABEL_X + 78, y + 4, detail, { size: 11, fill: COLOR.muted }),
      `<rect x="${X0}" y="${y - 10}" width="${n(X1 - X0)}" height="16" rx="3" fill="${COLOR.stripe}" stroke="${COLOR.grid}"/>`,
    );
    if (fraction > 0) {
      out.push(
        `<rect x="${X0}" y="${y - 10}" width="${n(Math.max(1, (X1 - X0) * fraction))}" height="16" rx="3" fill="${fill}"/>`,
      );
    }
    out.push(text(SUM_X, y + 3, money, { size: 12, weight: 600, anchor: 'end' }));
  });
  const saved = cost.saved === null ? '' : ` (${num(cost.saved)} ${cur})`;
  out.push();
  if (alwaysOn > 0) {
    out.push(
      text(SUM_X, top + 28, `saves ${num(totals.savingsPercent)} %${saved} vs always on`, {
        size: 15,
        weight: 700,
        fill: COLOR.saved,
        anchor: 'end',
      }),
    );
  }
  return out;
}

function legend(top: number, weekends: boolean): string[] {
  const out: string[] = [];
  let x = LABEL_X;
  const item = (swatch: string, label: string) => {
    out.push(swatch, text(x + 22, top + 4, label, { size: 11, fill: COLOR.muted }));
    x += 22 + textWidth(label, 11) + 24;
  };
  item(
    `<rect x="${x}" y="${top - 6}" width="16" height="12" rx="2" fill="${COLOR.bar}"/>`,
    'hosted (opens early by the lead time)',
  );
  if (weekends) {
    item(
      `<rect x="${x}" y="${top - 6}" width="16" height="12" fill="${COLOR.weekend}" stroke="${COLOR.grid}"/>`,
      'weekend (UTC)',
    );
  }
  item(line(x + 8, top - 8, x + 8, top + 8, COLOR.gridMajor), 'midnight UTC');
  out.push(
    text(WIDTH - PAD, top + 4, 'Axis in UTC; bar labels in local time; hover a bar for details', {
      size: 11,
      fill: COLOR.faint,
      anchor: 'end',
    }),
  );
  return out;
}

/** The plan as a standalone SVG document (1200 px wide, as tall as its rows). */
export function renderPlanSvg(report: PlanReport, options: PlanRenderOptions = {}): string {
  const from = instantOf(report.from);
  const to = instantOf(report.to);
  if (!(to > from)) throw new RangeError(`the plan period ${report.from} -> ${report.to} is empty`);
  const scale = new TimeScale(from, to);
  const rows = Math.max(1, report.models.length);
  const rowsBottom = ROWS_TOP + rows * ROW_H;
  const totalsTop = rowsBottom + 24;
  const legendTop = totalsTop + 136;
  const height = legendTop + 28;

  const period = `${utcText(from, 'ccc d LLL yyyy HH:mm')} \u2192 ${utcText(to, 'ccc d LLL yyyy HH:mm')} UTC`;
  const count = `${report.models.length} model${report.models.length === 1 ? '' : 's'}`;
  const { back, front, weekends } = axis(scale, rowsBottom);

  const stripes: string[] = [];
  for (let i = 1; i < report.models.length; i += 2) {
    stripes.push(
      `<rect x="${PAD}" y="${ROWS_TOP + i * ROW_H}" width="${WIDTH - 2 * PAD}" height="${ROW_H}" fill="${COLOR.stripe}"/>`,
    );
  }
  const body =
    report.models.length === 0
      ? [
          text((X0 + X1) / 2, ROWS_TOP + ROW_H / 2 + 5, 'No models in the schedule', {
            size: 13,
            fill: COLOR.muted,
            anchor: 'middle',
          }),
        ]
      : report.models.flatMap((m, i) => modelRow(m, i, scale));

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT}" fill="${COLOR.text}">`,
    `<title>${escapeXml(`Hosting plan, ${period}`)}</title>`,
    '<style>',
    `.bar{fill:${COLOR.bar}}.bar:hover{fill:${COLOR.barHover}}.weekend{fill:${COLOR.weekend}}`,
    '.bar-label{fill:#fff;pointer-events:none}',
    '</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    text(PAD, 36, 'Lookout for Vision hosting plan', { size: 20, weight: 700 }),
    text(PAD, 58, `${period} \u00b7 ${formatDuration(to - from)} \u00b7 ${count}`, {
      size: 13,
      fill: COLOR.muted,
    }),
    text(LABEL_X, ROWS_TOP - 8, 'Model', { size: 11, weight: 600, fill: COLOR.muted }),
    text(SUM_X, ROWS_TOP - 8, 'Hosted', { size: 11, weight: 600, fill: COLOR.muted, anchor: 'end' }),
    ...stripes,
    ...back,
    ...front,
    ...body,
    line(PAD, rowsBottom, WIDTH - PAD, rowsBottom, COLOR.grid),
    ...totalsBlock(report, totalsTop, options),
    ...legend(legendTop, weekends),
    '</svg>',
    '',
  ].join('\n');
}
