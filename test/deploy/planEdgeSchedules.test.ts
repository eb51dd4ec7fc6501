import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { edgeSpecs } from '../../src/deploy/edgeSpecs.js';
import { planEdgeSchedules } from '../../src/deploy/planEdgeSchedules.js';
import { EXAMPLE, NOW, parse, scheduleFile } from './helpers.js';
import { edgesBetween, uncoveredEdges } from './schedulerFirings.js';

const YEAR = 365 * 86_400_000;
const plan = (text: string, now = NOW, maxSchedules = 460) =>
  planEdgeSchedules(parse(text, now), { now, maxSchedules });
const zoneOf = (text: string, now = NOW) => {
  const zones = new Map(parse(text, now).models.map((m) => [m.id, m.timezone]));
  return (id: string) => zones.get(id) ?? 'UTC';
};

describe('edge specs', () => {
  it('moves an opening earlier by the lead time, onto the previous weekday when it crosses midnight', () => {
    const specs = edgeSpecs(
      parse(
        'version: 1\nmodels:\n  - { project: a, version: "1", timezone: Europe/Berlin, leadTime: 15m, windows: [{ days: Mon, open: "00:10", close: "08:00" }] }\n',
      ),
      NOW,
    );
    const open = specs.find((s) => s.kind === 'open');
    expect(open).toMatchObject({ minute: 23 * 60 + 55, weekdays: 0b1000000 }); // Sunday 23:55
  });

  it('closes an overnight window on the next local day, and 24:00 at the next midnight', () => {
    const specs = edgeSpecs(
      parse(
        [
          'version: 1',
          'models:',
          '  - { project: a, version: "1", windows: [{ days: [Mon, Tue, Wed, Thu], open: "22:00", close: "06:00" }] }',
          '  - { project: b, version: "1", windows: [{ days: Sun, open: "10:00", close: "24:00" }] }',
        ].join('\n'),
      ),
      NOW,
    );
    const closes = specs.filter((s) => s.kind === 'close');
    expect(closes).toContainEqual(expect.objectContaining({ minute: 360, weekdays: 0b0011110 })); // Tue-Fri 06:00
    expect(closes).toContainEqual(expect.objectContaining({ minute: 0, weekdays: 0b0000001 })); // Mon 00:00
  });

  it('shares one spec between models with the same edge, joining their weekdays', () => {
    const specs = edgeSpecs(
      parse(
        scheduleFile([
          { zone: 'Europe/Berlin', windows: '[{ days: Mon-Wed, open: "06:00", close: "14:00" }]' },
          { zone: 'Europe/Berlin', windows: '[{ days: Thu-Fri, open: "06:00", close: "18:00" }]' },
        ]),
      ),
      NOW,
    );
    const opens = specs.filter((s) => s.kind === 'open');
    expect(opens).toHaveLength(1);
    expect(opens[0]).toMatchObject({ minute: 360, weekdays: 0b0011111, models: ['p0:1', 'p1:1'] });
  });

  it('drops dated edges that are already past at package time', () => {
    const text = scheduleFile([
      { zone: 'UTC', windows: '[{ dates: 2026-01-01..2026-01-20, open: "09:00", close: "17:00" }]' },
    ]);
    const dates = edgeSpecs(parse(text), NOW).find((s) => s.kind === 'open')?.dates ?? [];
    expect(dates[0]).toBe(Date.UTC(2026, 0, 14) / 86_400_000); // from the local day before NOW
    expect(dates).toHaveLength(7);
  });
});

describe('edge schedules for the example file', () => {
  const result = plan(EXAMPLE);

  it('has one cron per distinct edge, in the model zone, models sharing an edge sharing it', () => {
    const crons = result.schedules
      .filter((s) => s.role === 'edge')
      .map((s) => `${s.kind} ${s.expression} ${s.timezone}`)
      .sort();
    expect(crons).toEqual(
      [
        'open cron(45 5 ? * MON-FRI *) Europe/Berlin',
        'close cron(0 22 ? * MON-FRI *) Europe/Berlin',
        'open cron(45 7 ? * SAT *) Europe/Berlin',
        'close cron(0 12 ? * SAT *) Europe/Berlin',
        'open cron(45 21 ? * MON-THU *) America/Chicago',
        'close cron(0 6 ? * TUE-FRI *) America/Chicago',
        'open cron(45 8 1-5 12 ? 2026) Europe/Berlin',
        'close cron(0 17 1-5 12 ? 2026) Europe/Berlin',
      ].sort(),
    );
  });

  it('needs no fallback: none of its edges falls in a DST gap or fold', () => {
    expect(result.schedules.filter((s) => s.role === 'fallback')).toEqual([]);
  });

  it('fires at every edge of the next year (independent reference)', () => {
    const edges = edgesBetween(parse(EXAMPLE), NOW, NOW + YEAR);
    expect(edges.length).toBeGreaterThan(500);
    expect(uncoveredEdges(edges, result.schedules, zoneOf(EXAMPLE))).toEqual([]);
  });
});

describe('DST days', () => {
  it.each([
    // zone, windows, the shifted instant of the skipped opening (from Luxon, not the generator)
    ['Europe/Berlin', '[{ days: Sun, open: "02:30", close: "05:00" }]', '2026-03-29T02:30'],
    ['America/New_York', '[{ days: Daily, open: "02:15", close: "04:00" }]', '2026-03-08T02:15'],
    ['America/Santiago', '[{ days: Daily, open: "00:00", close: "06:00" }]', '2026-09-06T00:00'],
    ['America/Havana', '[{ days: Daily, open: "00:20", close: "03:00" }]', '2026-03-08T00:20'],
    ['Australia/Lord_Howe', '[{ days: Sun, open: "02:10", close: "09:00" }]', '2026-10-04T02:10'],
  ])('acts on a %s opening that falls in the spring-forward gap', (zone, windows, local) => {
    const text = scheduleFile([{ zone, windows }]);
    const result = plan(text);
    // The wall time does not exist that day: the window opens once the clock has jumped.
    const shifted = DateTime.fromISO(local, { zone });
    expect(shifted.toFormat('HH:mm')).not.toBe(local.slice(11));
    const at = `at(${new Date(shifted.toMillis()).toISOString().slice(0, 19)})`;
    expect(result.schedules).toContainEqual(
      expect.objectContaining({ kind: 'open', role: 'fallback', expression: at, timezone: 'UTC' }),
    );
    const edges = edgesBetween(parse(text), NOW, NOW + 2 * YEAR - 86_400_000);
    expect(uncoveredEdges(edges, result.schedules, zoneOf(text))).toEqual([]);
  });

  it('acts on an edge in the repeated hour of a fall-back day at its first instant', () => {
    const text = scheduleFile([
      { zone: 'Europe/Berlin', windows: '[{ days: Sun, open: "02:30", close: "04:00" }]' },
    ]);
    const result = plan(text);
    // 2026-10-25 02:30 happens twice; the window opens at the first (CEST, 00:30Z).
    expect(result.schedules).toContainEqual(
      expect.objectContaining({ kind: 'open', expression: 'at(2026-10-25T00:30:00)', timezone: 'UTC' }),
    );
  });

  it('would miss those edges without the fallbacks (the reference check has teeth)', () => {
    const text = scheduleFile([
      { zone: 'Europe/Berlin', windows: '[{ days: Sun, open: "02:30", close: "05:00" }]' },
      { zone: 'America/Santiago', windows: '[{ days: Daily, open: "00:00", close: "06:00" }]' },
    ]);
    const crons = plan(text).schedules.filter((s) => s.role !== 'fallback');
    const missed = uncoveredEdges(edgesBetween(parse(text), NOW, NOW + YEAR), crons, zoneOf(text));
    expect(missed.map((e) => new Date(e.at).toISOString())).toEqual(
      expect.arrayContaining([
        '2026-03-29T01:30:00.000Z',
        '2026-09-06T04:00:00.000Z',
        '2026-10-25T00:30:00.000Z',
      ]),
    );
  });

  it('covers lead times that cross a clock change, in every zone family', () => {
    const text = scheduleFile(
      [
        'Europe/Berlin',
        'America/New_York',
        'America/Santiago',
        'America/St_Johns',
        'Australia/Lord_Howe',
        'Asia/Kolkata',
        'Asia/Beirut',
      ].map((zone) => ({
        zone,
        windows:
          '[{ days: Daily, open: "03:05", close: "23:30" }, { days: Sun, open: "00:00", close: "02:45" }]',
        extra: '    leadTime: 1h30m',
      })),
    );
    const result = plan(text);
    const edges = edgesBetween(parse(text), NOW, NOW + 2 * YEAR - 86_400_000);
    expect(uncoveredEdges(edges, result.schedules, zoneOf(text))).toEqual([]);
  });
});

describe('dated windows and overrides', () => {
  it('wakes for an override that starts hosting at an instant no window has', () => {
    const text = `${scheduleFile([{ zone: 'Europe/Berlin', windows: '[{ days: Mon-Fri, open: "06:00", close: "14:00" }]' }])}overrides:\n  - { model: "p0:1", state: hosted, from: "2026-06-06T10:00:00+02:00", until: "2026-06-06T12:30:00+02:00" }\n`;
    const result = plan(text);
    expect(result.schedules).toContainEqual(
      expect.objectContaining({ kind: 'open', expression: 'at(2026-06-06T08:00:00)' }),
    );
    expect(result.schedules).toContainEqual(
      expect.objectContaining({ kind: 'close', expression: 'at(2026-06-06T10:30:00)' }),
    );
    const edges = edgesBetween(parse(text), NOW, NOW + YEAR);
    expect(uncoveredEdges(edges, result.schedules, zoneOf(text))).toEqual([]);
  });

  it('covers dated windows across months and DST', () => {
    const text = scheduleFile([
      {
        zone: 'Europe/Berlin',
        windows:
          '[{ dates: [2026-03-27..2026-04-02, 2026-10-24..2026-10-26], open: "02:30", close: "07:00" }]',
      },
    ]);
    const result = plan(text);
    expect(result.schedules.map((s) => s.expression)).toEqual(
      expect.arrayContaining([
        'cron(30 2 27-31 3 ? 2026)',
        'cron(30 2 1,2 4 ? 2026)',
        'cron(30 2 24-26 10 ? 2026)',
      ]),
    );
    const edges = edgesBetween(parse(text), NOW, NOW + YEAR);
    expect(uncoveredEdges(edges, result.schedules, zoneOf(text))).toEqual([]);
  });
});
