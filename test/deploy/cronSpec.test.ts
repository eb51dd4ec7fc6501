import { describe, expect, it } from 'vitest';
import {
  atExpression,
  compressList,
  cronExpression,
  cronMatchesLocal,
  rateExpression,
} from '../../src/deploy/cronSpec.js';

const MON_FRI = 0b0011111;

describe('cron expressions', () => {
  it.each([
    [[1, 2, 3, 5], '1-3,5'],
    [[0, 1], '0,1'],
    [[5], '5'],
    [[7, 0, 3, 1, 2], '0-3,7'],
  ])('writes %j as %s', (values, text) => {
    expect(compressList(values)).toBe(text);
  });

  it.each([
    [{ minutes: [45], hours: [5], weekdays: MON_FRI, dates: null }, 'cron(45 5 ? * MON-FRI *)'],
    [{ minutes: [0], hours: [8], weekdays: 0b0100000, dates: null }, 'cron(0 8 ? * SAT *)'],
    [{ minutes: [0], hours: [22], weekdays: 0b1001111, dates: null }, 'cron(0 22 ? * SUN-THU *)'],
    [{ minutes: [30], hours: [0], weekdays: 0b1111111, dates: null }, 'cron(30 0 ? * * *)'],
    [{ minutes: [0, 30], hours: [6, 7], weekdays: 0b0000101, dates: null }, 'cron(0,30 6,7 ? * MON,WED *)'],
    [
      {
        minutes: [45],
        hours: [8],
        weekdays: null,
        dates: { daysOfMonth: [1, 2, 3, 4, 5], months: [12], years: [2026] },
      },
      'cron(45 8 1-5 12 ? 2026)',
    ],
    [{ minutes: null, hours: null, weekdays: null, dates: null }, 'cron(* * ? * * *)'],
  ])('writes %j as %s', (spec, text) => {
    expect(cronExpression(spec)).toBe(text);
  });

  it('matches a weekly cron on the local weekday and time only', () => {
    const spec = { minutes: [45], hours: [5], weekdays: MON_FRI, dates: null };
    expect(cronMatchesLocal(spec, Date.UTC(2026, 2, 30, 5, 45))).toBe(true); // Monday
    expect(cronMatchesLocal(spec, Date.UTC(2026, 2, 29, 5, 45))).toBe(false); // Sunday
    expect(cronMatchesLocal(spec, Date.UTC(2026, 2, 30, 5, 46))).toBe(false);
  });

  it('matches a dated cron on its days, months and years only', () => {
    const spec = {
      minutes: [0],
      hours: [9],
      weekdays: null,
      dates: { daysOfMonth: [1, 2], months: [12], years: [2026] },
    };
    expect(cronMatchesLocal(spec, Date.UTC(2026, 11, 2, 9, 0))).toBe(true);
    expect(cronMatchesLocal(spec, Date.UTC(2027, 11, 2, 9, 0))).toBe(false);
    expect(cronMatchesLocal(spec, Date.UTC(2026, 11, 3, 9, 0))).toBe(false);
  });

  it('writes one-time and rate expressions in the forms Scheduler accepts', () => {
    expect(atExpression(Date.parse('2026-03-29T01:30:00Z'))).toBe('at(2026-03-29T01:30:00)');
    expect(atExpression(Date.parse('2026-03-29T01:30:00.200Z'))).toBe('at(2026-03-29T01:30:01)');
    expect(rateExpression(15 * 60_000)).toBe('rate(15 minutes)');
    expect(rateExpression(60_000)).toBe('rate(1 minute)');
  });
});
