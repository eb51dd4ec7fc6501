/**
 * The plan picture's time axis in UTC: month row, day row, hour ticks, and behind the rows the
 * grid and weekend shading. Label sizes adapt to how many pixels a day gets.
 */
import { formatLocal, localParts } from '../../schedule/localTime.js';
import { DAY, HOUR, MINUTE } from '../../schedule/zone.js';
import {
  AXIS_TOP,
  COLOR,
  line,
  n,
  ROWS_TOP,
  type TimeScale,
  text,
  textWidth,
  X0,
  X1,
} from './planSvgLayout.js';

/** UTC midnights from the day containing `from` up to `to`. */
function utcDays(from: number, to: number): number[] {
  const days: number[] = [];
  for (let d = Math.floor(from / DAY) * DAY; d < to; d += DAY) days.push(d);
  return days;
}

const utcDate = (ms: number) => localParts(ms, 'UTC');
export const utcText = (ms: number, pattern: string) => formatLocal(ms, 'UTC', pattern);

/** Day labels, longest first, with the full-day width each needs. */
const DAY_LABELS: { readonly format: string; readonly minPx: number }[] = [
  { format: 'ccc d LLL', minPx: 72 },
  { format: 'ccc d', minPx: 46 },
  { format: 'd', minPx: 20 },
];

/** The axis: month row, day row, hour ticks; the grid and weekend shading behind the rows. */
export function planSvgAxis(
  scale: TimeScale,
  rowsBottom: number,
): { back: string[]; front: string[]; weekends: boolean } {
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
