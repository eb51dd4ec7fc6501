/**
 * When EventBridge Scheduler fires a schedule, for simulations: `cron(...)` in its time zone (a
 * local reading that does not exist is skipped; one that exists twice fires once, at the earlier
 * instant), `at(...)` once, and `rate(N minutes)` on the period's boundaries. Firings are whole
 * minutes (seconds for `at`); the delivery's second within the minute is the simulation's draw.
 */
import { DAY, MINUTE, ZoneRules } from '../schedule/zone.js';

const DOW = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** A cron field as the set of values it allows, or null for `*` and `?`. */
function field(text: string, names: readonly string[] = []): ReadonlySet<number> | null {
  if (text === '*' || text === '?') return null;
  const value = (v: string) => {
    const i = names.indexOf(v.toUpperCase());
    const n = i >= 0 ? i + 1 : Number(v);
    if (!Number.isInteger(n)) throw new Error(`cron field value "${v}" is not supported`);
    return n;
  };
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [a, b] = part.split('-');
    const lo = value(a as string);
    const hi = b === undefined ? lo : value(b);
    for (let v = lo; v <= hi; v++) out.add(v);
  }
  return out;
}

interface Cron {
  readonly minutes: ReadonlySet<number> | null;
  readonly hours: ReadonlySet<number> | null;
  readonly daysOfMonth: ReadonlySet<number> | null;
  readonly months: ReadonlySet<number> | null;
  /** 1 = SUN .. 7 = SAT, as Scheduler numbers them. */
  readonly weekdays: ReadonlySet<number> | null;
  readonly years: ReadonlySet<number> | null;
}

function parseCron(expression: string): Cron | null {
  const m = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(expression);
  if (m === null) return null;
  const [, minute, hour, dom, month, dow, year] = m as unknown as string[];
  return {
    minutes: field(minute as string),
    hours: field(hour as string),
    daysOfMonth: field(dom as string),
    months: field(month as string),
    weekdays: field(dow as string, DOW),
    years: field(year as string),
  };
}

const has = (set: ReadonlySet<number> | null, v: number) => set === null || set.has(v);

function matches(cron: Cron, local: number): boolean {
  const minuteOfDay = Math.floor((((local % DAY) + DAY) % DAY) / MINUTE);
  if (!has(cron.minutes, minuteOfDay % 60) || !has(cron.hours, Math.floor(minuteOfDay / 60))) return false;
  const d = new Date(local);
  return (
    has(cron.daysOfMonth, d.getUTCDate()) &&
    has(cron.months, d.getUTCMonth() + 1) &&
    has(cron.weekdays, d.getUTCDay() + 1) &&
    has(cron.years, d.getUTCFullYear())
  );
}

/** Instants in [from, to) at which a schedule with `expression` in `timezone` fires, ascending. */
export function scheduleFirings(expression: string, timezone: string, from: number, to: number): number[] {
  const at = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression);
  if (at) {
    const zone = ZoneRules.of(timezone);
    const instant = zone.toInstant(Date.parse(`${at[1]}Z`));
    return instant >= from && instant < to ? [instant] : [];
  }
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const unit = rate[2]?.startsWith('minute') ? MINUTE : rate[2]?.startsWith('hour') ? 60 * MINUTE : DAY;
    const period = Number(rate[1]) * unit;
    const out: number[] = [];
    for (let t = Math.ceil(from / period) * period; t < to; t += period) out.push(t);
    return out;
  }
  const cron = parseCron(expression);
  if (cron === null) throw new Error(`unsupported schedule expression ${expression}`);
  const zone = ZoneRules.of(timezone);
  const out: number[] = [];
  for (let t = Math.ceil(from / MINUTE) * MINUTE; t < to; t += MINUTE) {
    const local = zone.toLocal(t);
    // A reading that exists twice fires once, at its earlier instant.
    if (matches(cron, local) && zone.toInstant(local) === t) out.push(t);
  }
  return out;
}
