/**
 * `lvsched plan --svg`: a standalone SVG timeline of when each model is hosted. Pure: the picture
 * depends only on the report (no clock, so no "now" line). UTC days run left to right; each model
 * is a row and each window a bar whose hover title gives its local and UTC times.
 */
import { zoneAbbreviation } from '../../schedule/localTime.js';
import type { PlanModel, PlanReport, PlanWindow } from '../../schedule/plan.js';
import { escapeXml } from './escapeXml.js';
import {
  costSummary,
  formatDuration,
  instantOf,
  localSpan,
  type PlanRenderOptions,
  utcSpan,
  wallTime,
} from './formatPlan.js';
import { planSvgAxis, utcText } from './planSvgAxis.js';
import {
  BAR_H,
  COLOR,
  FONT,
  LABEL_W,
  LABEL_X,
  line,
  n,
  num,
  PAD,
  ROW_H,
  ROWS_TOP,
  SUM_X,
  TimeScale,
  text,
  textWidth,
  truncate,
  WIDTH,
  X0,
  X1,
} from './planSvgLayout.js';
import { plural } from './plural.js';

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
  const count = plural(report.models.length, 'model');
  const { back, front, weekends } = planSvgAxis(scale, rowsBottom);

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
