import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { lvsched, lvschedProcess, tempFile } from './helpers.js';

interface IcsEvent {
  uid: string;
  start: string;
  end: string;
  summary: string;
  description: string;
}

/** The VEVENTs of an iCalendar text, read by ical.js. */
function events(ics: string): IcsEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((c) => {
    const event = new ICAL.Event(c);
    const iso = (t: ICAL.Time) => `${t.toJSDate().toISOString().slice(0, 19)}Z`;
    return {
      uid: event.uid,
      start: iso(event.startDate),
      end: iso(event.endDate),
      summary: event.summary,
      description: event.description,
    };
  });
}

interface PlanJson {
  models: {
    id: string;
    service: string;
    minInferenceUnits: number;
    windows: { open: string; close: string; inferenceUnitHours: number }[];
  }[];
}

async function planWithIcs(args: string[], now?: number): Promise<{ plan: PlanJson; ics: string }> {
  const r = await lvsched(['plan', ...args, '--json', '--ics', 'plan.ics'], now);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(0);
  const ics = r.files.get('plan.ics');
  if (ics === undefined) throw new Error('no plan.ics written');
  return { plan: JSON.parse(r.stdout), ics };
}

describe('lvsched plan --ics', () => {
  it('writes one event per window of plan --json, at the same instants', async () => {
    const { plan, ics } = await planWithIcs([
      '--from',
      '2026-11-30T00:00:00Z',
      '--to',
      '2026-12-14T00:00:00Z',
    ]);
    const expected = plan.models
      .flatMap((m) =>
        m.windows.map((w) => ({ id: m.id, start: w.open, end: w.close, unitHours: w.inferenceUnitHours })),
      )
      .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
    const got = events(ics).sort(
      (a, b) => a.start.localeCompare(b.start) || a.summary.localeCompare(b.summary),
    );
    expect(expected.length).toBeGreaterThan(20);
    expect(got.map((e) => [e.start, e.end])).toEqual(expected.map((w) => [w.start, w.end]));
    got.forEach((e, i) => {
      const w = expected[i] as (typeof expected)[number];
      expect(e.summary).toBe(`${w.id} hosted`);
      expect(e.description).toContain(`Model ${w.id} is hosted.`);
      expect(e.description).toContain('Service: Lookout for Vision; project ');
      expect(e.description).toMatch(/Inference units: min \d, max \d/);
      expect(e.description).toContain(`Estimated cost: ${(w.unitHours * 4).toFixed(2)} USD`);
      expect(e.uid).toMatch(/^[0-9a-f]{32}@lookoutvision-scheduler\.invalid$/);
    });
    expect(new Set(got.map((e) => e.uid)).size).toBe(got.length);
    // RFC 5545: CRLF line endings, DTSTAMP on every event, DTSTART/DTEND in UTC.
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.match(/^DTSTAMP:20261126T120000Z\r$/gm)).toHaveLength(got.length);
    expect(ics).toMatch(/^DTSTART:\d{8}T\d{6}Z\r$/m);
  });

  it('keeps the UID of a window across runs with different, overlapping periods', async () => {
    const a = await planWithIcs(['--from', '2026-11-30T00:00:00Z', '--to', '2026-12-07T00:00:00Z']);
    // From Tue 12:00Z: circuit-boards' Tuesday window (04:45Z-21:00Z) is clipped to start at 12:00Z.
    const b = await planWithIcs(
      ['--from', '2026-12-01T12:00:00Z', '--to', '2026-12-09T00:00:00Z'],
      Date.parse('2026-11-28T08:00:00Z'),
    );
    const first = events(a.ics);
    const second = events(b.ics);
    const overlapping = second.filter((e) => e.start < '2026-12-07T00:00:00Z');
    expect(overlapping.length).toBeGreaterThan(5);
    for (const e of overlapping) {
      const same = first.find((f) => f.uid === e.uid);
      expect(same, `${e.summary} ${e.start}`).toBeDefined();
      expect(same?.summary).toBe(e.summary);
      expect(same?.end).toBe(e.end);
    }
    const clipped = second.find((e) => e.start === '2026-12-01T12:00:00Z');
    expect(clipped?.summary).toBe('circuit-boards:3 hosted');
    expect(first.find((f) => f.uid === clipped?.uid)?.start).toBe('2026-12-01T04:45:00Z');
    // Only what lies outside the first period is new.
    const newUids = second.filter((e) => !first.some((f) => f.uid === e.uid));
    for (const e of newUids) expect(e.start >= '2026-12-07T00:00:00Z').toBe(true);
  });

  it('folds long lines at 75 octets and escapes text', async () => {
    const version = `v-${'0123456789abcdef'.repeat(15)}`;
    const reason = 'Sonderschicht; Öl, Filter \\ Band — "Inventur"\nzweite Zeile';
    const file = tempFile(
      'long.yaml',
      `version: 1
defaults: { region: us-east-1, timezone: Europe/Berlin, service: rekognition }
models:
  - project: parcel-labels-with-a-rather-long-project-name
    version: ${version}
    id: parcel
    windows:
      - { days: Mon-Fri, open: "07:00", close: "19:00" }
overrides:
  - { model: parcel, state: hosted,
      from: "2026-12-05T08:00:00+01:00", until: "2026-12-05T12:00:00+01:00", reason: ${JSON.stringify(reason)} }
`,
    );
    const { ics } = await planWithIcs(['--config', file, '--from', '2026-11-30T00:00:00Z']);
    const lines = ics.split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    // No UTF-8 character is split: each physical line is valid UTF-8 on its own.
    for (const line of lines) expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
    expect(ics).toContain('\\;');
    expect(ics).toContain('\\,');
    expect(ics).toContain('\\\\');
    const all = events(ics);
    expect(all).toHaveLength(6);
    const saturday = all.find((e) => e.start === '2026-12-05T07:00:00Z');
    expect(saturday?.summary).toBe('parcel hosted');
    expect(saturday?.description).toContain(
      `Override: hosted 2026-12-05T07:00:00Z to 2026-12-05T11:00:00Z: ${reason}`,
    );
    expect(saturday?.description).toContain(
      `Service: Rekognition Custom Labels; project parcel-labels-with-a-rather-long-project-name, version ${version}`,
    );
  });

  it('checks that the --ics path is writable before any work', async () => {
    const r = await lvsched(['plan', '--config', 'missing.yaml', '--ics', '/no/such/dir/plan.ics']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'lvsched: --ics /no/such/dir/plan.ics: cannot write there: its directory does not exist',
    ]);
  });

  it('writes the file on disk from the real bin', async () => {
    const path = tempFile('plan.ics', '');
    const r = await lvschedProcess(['plan', '--from', '2026-11-30T00:00:00Z', '--ics', path]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote ${path}`);
    expect(events(readFileSync(path, 'utf8'))).toHaveLength(14);
  });
});
