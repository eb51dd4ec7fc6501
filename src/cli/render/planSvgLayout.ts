/**
 * The geometry of the plan picture (a 1200 px wide page: labels left, timeline middle, sums
 * right), its colours, and the small SVG elements every part of it is drawn with.
 */
import { escapeXml } from './escapeXml.js';

export const WIDTH = 1200;
export const PAD = 24;
/** Model labels on the left, the timeline in the middle, per-model sums on the right. */
export const LABEL_X = PAD;
export const LABEL_W = 236;
export const X0 = PAD + LABEL_W + 16;
export const X1 = WIDTH - PAD - 124;
export const SUM_X = WIDTH - PAD;
export const ROW_H = 40;
export const BAR_H = 20;
export const AXIS_TOP = 80;
export const ROWS_TOP = 124;

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
export const COLOR = {
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

const grouped = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** `12,345.60`: a figure for people, with 2 decimals and thousands separators. */
export const num = (x: number): string => grouped.format(x === 0 ? 0 : x);

/** A coordinate with at most 2 decimals. */
export const n = (x: number): string => String(Math.round(x * 100) / 100);

/** Rough width of text in a proportional sans-serif: enough to avoid overlaps, not to typeset. */
export const textWidth = (text: string, size: number, bold = false): number =>
  Array.from(text).length * size * (bold ? 0.6 : 0.55);

/** `text` cut to fit `width` px, with an ellipsis when cut. */
export function truncate(text: string, width: number, size: number, bold = false): string {
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

export function text(x: number, y: number, content: string, o: TextOptions = {}): string {
  const attrs = [`x="${n(x)}"`, `y="${n(y)}"`];
  if (o.size !== undefined) attrs.push(`font-size="${o.size}"`);
  if (o.weight !== undefined) attrs.push(`font-weight="${o.weight}"`);
  if (o.fill !== undefined) attrs.push(`fill="${o.fill}"`);
  if (o.anchor !== undefined && o.anchor !== 'start') attrs.push(`text-anchor="${o.anchor}"`);
  if (o.extra !== undefined) attrs.push(o.extra);
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`;
}

export const line = (x1: number, y1: number, x2: number, y2: number, stroke: string, extra = '') =>
  `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}"${extra}/>`;

/** Maps instants of [from, to) onto [X0, X1]. */
export class TimeScale {
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
