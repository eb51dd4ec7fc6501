/**
 * `lvsched plan --ics`: the plan's windows as an RFC 5545 iCalendar file, one event per window, so
 * operators see hosting in the calendar they already use. A window keeps its UID across runs (a hash
 * of the model id and the instant the window really opens, even when the plan clips it), so
 * importing a newer file updates events instead of duplicating them. Pure.
 */
import { canonicalHash } from '../../canonicalHash.js';
import { isoUtc, type PlanModel, type PlanReport, type PlanWindow } from '../../schedule/plan.js';
import { SERVICE_TITLES } from '../../schedule/serviceNames.js';
import type { ModelSchedule, Schedule } from '../../schedule/types.js';
import { windowsBetween } from '../../schedule/windows.js';
import { DAY } from '../../schedule/zone.js';
import { fixed2, instantOf, localSpan } from './formatPlan.js';

/** The right-hand side of every UID: reserved (RFC 2606), so it never collides with a real domain. */
export const UID_DOMAIN = 'lookoutvision-scheduler.invalid';
/** How far back the real opening of a window clipped by the plan's start is looked for. */
const LOOKBACK = 366 * DAY;
/** RFC 5545 3.1: lines longer than 75 octets are folded. */
const MAX_OCTETS = 75;

/** Octets of a string in UTF-8, counted from its code points (no encoding: files reach 100,000 lines). */
function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped; other control characters dropped. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .split('')
    .filter((c) => c === '\t' || (c >= ' ' && c !== '\u007f'))
    .join('');
}

/**
 * A content line folded at 75 octets (RFC 5545 3.1): each continuation starts with a space, and a
 * UTF-8 character (nor a TEXT escape) is never split between lines.
 */
export function foldLine(line: string): string {
  // ASCII-only lines up to 75 characters (most of them) need no counting.
  if (line.length <= MAX_OCTETS && /^[\x20-\x7e]*$/.test(line)) return line;
  if (utf8Length(line) <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  // An escape such as `\,` stays on one line (legal either way, but kinder to naive unfolders).
  for (const ch of line.match(/\\.|[\s\S]/gu) ?? []) {
    const size = utf8Length(ch);
    // Continuation lines begin with a space, which counts toward their 75 octets.
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** `20261201T044500Z`. */
function icsInstant(ms: number): string {
  return isoUtc(Math.floor(ms / 1000) * 1000).replace(/[-:]/g, '');
}

/** The instant the window really opens: the plan clips a window that began before its start. */
function realOpen(model: ModelSchedule | undefined, open: number, from: number): number {
  if (model === undefined || open > from) return open;
  const earlier = windowsBetween(model, open - LOOKBACK, open + 1);
  const containing = earlier.find((w) => w.open <= open && w.close > open);
  return containing?.open ?? open;
}

/** The UID of a window: stable across runs and overlapping periods. */
export function windowUid(modelId: string, realOpenInstant: number): string {
  return `${canonicalHash([modelId, isoUtc(realOpenInstant)], 32)}@${UID_DOMAIN}`;
}

function description(
  m: PlanModel,
  w: PlanWindow,
  schedule: Schedule,
  source: ModelSchedule | undefined,
): string {
  const open = instantOf(w.open);
  const close = instantOf(w.close);
  const { inferenceUnitHour: price, currency } = schedule.pricing;
  const units =
    m.maxInferenceUnits === null
      ? `${m.minInferenceUnits} (no auto-scaling)`
      : `min ${m.minInferenceUnits}, max ${m.maxInferenceUnits}`;
  const lines = [
    `Model ${m.id} is hosted.`,
    `Service: ${SERVICE_TITLES[m.service]}; project ${m.project}, version ${m.version}, region ${m.region ?? 'from the AWS configuration'}`,
    `Inference units: ${units}`,
    `Estimated cost: ${fixed2(w.inferenceUnitHours * price)} ${currency} (${fixed2(w.hours)} h x ${m.minInferenceUnits} units x ${fixed2(price)} ${currency})`,
    `Local time: ${localSpan(open, close, m.timezone)} (${m.timezone})`,
  ];
  for (const o of source?.overrides ?? []) {
    // Overrides that made or cut this window (a stopped one ends or starts where the window does).
    if (o.until < open || o.from > close) continue;
    lines.push(
      `Override: ${o.state} ${isoUtc(o.from)} to ${isoUtc(o.until)}${o.reason ? `: ${o.reason}` : ''}`,
    );
  }
  return lines.join('\n');
}

/**
 * The plan as an iCalendar file (CRLF line endings, folded lines). `stamp` is the DTSTAMP of every
 * event: when the file was made (epoch ms).
 */
export function renderPlanIcs(report: PlanReport, schedule: Schedule, stamp: number): string {
  const from = instantOf(report.from);
  const byId = new Map(schedule.models.map((m) => [m.id, m]));
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//lookoutvision-scheduler//lvsched plan//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText('Model hosting windows (lvsched)')}`,
  ];
  for (const m of report.models) {
    const source = byId.get(m.id);
    for (const w of m.windows) {
      const open = instantOf(w.open);
      lines.push(
        'BEGIN:VEVENT',
        `UID:${windowUid(m.id, realOpen(source, open, from))}`,
        `DTSTAMP:${icsInstant(stamp)}`,
        `DTSTART:${icsInstant(open)}`,
        `DTEND:${icsInstant(instantOf(w.close))}`,
        `SUMMARY:${escapeText(`${m.id} hosted`)}`,
        `DESCRIPTION:${escapeText(description(m, w, schedule, source))}`,
        'TRANSP:TRANSPARENT',
        'END:VEVENT',
      );
    }
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
