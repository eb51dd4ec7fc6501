/**
 * The recurring crons for one (kind, zone) group's edge specs at a level of coarseness: one per
 * local time, one per hour, or one per zone, with dated windows grouped by month or year.
 */
import { DAY } from '../schedule/zone.js';
import { type CronSpec, cronExpression } from './cronSpec.js';
import type { EdgeSpec } from './edgeSpecs.js';

/**
 * How coarse the crons of one (kind, zone) group are: one per local time, one per hour (its
 * minutes listed), one per zone (every listed minute of every listed hour), or, for a whole kind,
 * one every-minute cron in UTC.
 */
export type EdgeLevel = 'time' | 'hour' | 'zone' | 'every-minute';

interface CronWithModels {
  readonly spec: CronSpec;
  readonly label: string;
  readonly models: readonly string[];
}

const pad2 = (n: number) => String(n).padStart(2, '0');
export const zoneLabel = (zone: string) => zone.replace(/[^0-9a-zA-Z-_.]/g, '.');

/** The crons for a group's edge specs at a level. */
export function cronsAt(specs: readonly EdgeSpec[], level: EdgeLevel, zone: string): CronWithModels[] {
  const z = zoneLabel(zone);
  const weekly = new Map<
    string,
    { minutes: Set<number>; hours: Set<number>; weekdays: number; models: Set<string> }
  >();
  const dated = new Map<
    string,
    { minutes: Set<number>; hours: Set<number>; dates: Set<number>; models: Set<string> }
  >();
  for (const spec of specs) {
    const hour = Math.floor(spec.minute / 60);
    const base =
      level === 'time'
        ? `${pad2(hour)}${pad2(spec.minute % 60)}`
        : level === 'hour'
          ? `${pad2(hour)}xx`
          : 'all';
    if (spec.weekdays !== null) {
      const entry = weekly.get(base) ?? {
        minutes: new Set(),
        hours: new Set(),
        weekdays: 0,
        models: new Set(),
      };
      entry.minutes.add(spec.minute % 60);
      entry.hours.add(hour);
      entry.weekdays |= spec.weekdays;
      for (const m of spec.models) entry.models.add(m);
      weekly.set(base, entry);
    }
    for (const day of spec.dates ?? []) {
      const date = new Date(day * DAY);
      const period =
        level === 'zone'
          ? `${date.getUTCFullYear()}`
          : `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}`;
      const key = `${base}|${period}`;
      const entry = dated.get(key) ?? {
        minutes: new Set(),
        hours: new Set(),
        dates: new Set(),
        models: new Set(),
      };
      entry.minutes.add(spec.minute % 60);
      entry.hours.add(hour);
      entry.dates.add(day);
      for (const m of spec.models) entry.models.add(m);
      dated.set(key, entry);
    }
  }
  const out: CronWithModels[] = [];
  for (const [base, e] of weekly) {
    const spec: CronSpec = {
      minutes: [...e.minutes].sort((a, b) => a - b),
      hours: [...e.hours].sort((a, b) => a - b),
      weekdays: e.weekdays,
      dates: null,
    };
    const dow = cronExpression(spec).split(' ')[4] as string;
    out.push({
      spec,
      label: `${base}-${dow === '*' ? 'daily' : dow.replaceAll(',', '.')}-${z}`,
      models: [...e.models].sort(),
    });
  }
  for (const [key, e] of dated) {
    const [base, period] = key.split('|') as [string, string];
    const days = [...e.dates].map((d) => new Date(d * DAY));
    out.push({
      spec: {
        minutes: [...e.minutes].sort((a, b) => a - b),
        hours: [...e.hours].sort((a, b) => a - b),
        weekdays: null,
        dates: {
          daysOfMonth: [...new Set(days.map((d) => d.getUTCDate()))].sort((a, b) => a - b),
          months: [...new Set(days.map((d) => d.getUTCMonth() + 1))].sort((a, b) => a - b),
          years: [...new Set(days.map((d) => d.getUTCFullYear()))].sort((a, b) => a - b),
        },
      },
      label: `${base}-${period}-${z}`,
      models: [...e.models].sort(),
    });
  }
  return out;
}
