/**
 * Validation: every problem of a file at once, each located FILE:LINE:COL at its YAML node. Lines
 * and columns below were counted by hand from the YAML text (1-based).
 */
import { describe, expect, it } from 'vitest';
import {
  formatDiagnostic,
  parseSchedule,
  parseScheduleOrThrow,
  ScheduleFileError,
} from '../../src/schedule/parseSchedule.js';
import type { Diagnostic } from '../../src/schedule/types.js';
import { at, FILE } from './helpers.js';

const errorsOf = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error');
const warningsOf = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'warning');

describe('a file with many problems', () => {
  const text = [
    /*  1 */ 'version: 1',
    /*  2 */ 'defaults:',
    /*  3 */ '  timezone: Europe/Berlinn',
    /*  4 */ '  minInferenceUnits: 3',
    /*  5 */ '  maxInferenceUnits: 2',
    /*  6 */ 'calendars:',
    /*  7 */ '  holidays: [2026-02-30]',
    /*  8 */ 'models:',
    /*  9 */ '  - project: -bad',
    /* 10 */ '    version: "0"',
    /* 11 */ '    windows:',
    /* 12 */ '      - { days: Mon, open: "25:00", close: "17:00" }',
    /* 13 */ '      - { days: Tue, open: "09:00", close: "09:00" }',
    /* 14 */ '      - { days: Wed, open: "09:00", close: "17:00", colour: red }',
    /* 15 */ '    closedOn: [holidays, xmas]',
    /* 16 */ '  - project: line',
    /* 17 */ '    version: 1',
    /* 18 */ '    leadTime: 15 minutes',
    /* 19 */ '    timezone: Mars/Olympus',
    /* 20 */ '    windows: []',
    /* 21 */ '  - project: line',
    /* 22 */ '    version: "1"',
    /* 23 */ '    windows: []',
    /* 24 */ 'overrides:',
    /* 25 */ '  - { model: "nope:1", state: stopped, from: "2026-12-10T00:00:00Z", until: "2026-12-11T00:00:00Z" }',
  ].join('\n');

  // [prefix, words the message must contain]
  const expected: [string, string[]][] = [
    [`${FILE}:3:13:`, ['"Europe/Berlinn"', 'IANA']],
    [`${FILE}:5:22:`, ['minInferenceUnits 3', 'maxInferenceUnits 2']],
    [`${FILE}:7:14:`, ['"2026-02-30"', 'not a date']],
    [`${FILE}:9:14:`, ['project', '"-bad"']],
    [`${FILE}:10:14:`, ['version', '"0"']],
    [`${FILE}:12:28:`, ['open', '"25:00"']],
    [`${FILE}:13:44:`, ['close', 'equals open']],
    [`${FILE}:14:53:`, ['unknown key', '"colour"']],
    [`${FILE}:15:26:`, ['unknown calendar', '"xmas"']],
    [`${FILE}:18:15:`, ['leadTime', '"15 minutes"']],
    [`${FILE}:19:15:`, ['"Mars/Olympus"', 'IANA']],
    [`${FILE}:21:5:`, ['duplicate model id', '"line:1"']],
    [`${FILE}:25:14:`, ['unknown model', '"nope:1"']],
  ];

  it('reports no schedule', () => {
    expect(parseSchedule(text, { file: FILE }).schedule).toBeNull();
  });

  it('reports exactly one error at each problem, in file order', () => {
    const errors = errorsOf(parseSchedule(text, { file: FILE }).diagnostics).map(formatDiagnostic);
    expect(errors.map((e) => e.slice(0, e.indexOf(': ') + 1))).toEqual(expected.map(([prefix]) => prefix));
  });

  it.each(expected)('says what is wrong at %s', (prefix, words) => {
    const errors = errorsOf(parseSchedule(text, { file: FILE }).diagnostics).map(formatDiagnostic);
    const message = errors.find((e) => e.startsWith(`${prefix} `));
    expect(message, `no error at ${prefix} in\n${errors.join('\n')}`).toBeDefined();
    for (const word of words) expect(message).toContain(word);
  });

  it('throws a ScheduleFileError listing every error', () => {
    let thrown: unknown;
    try {
      parseScheduleOrThrow(text, { file: FILE });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ScheduleFileError);
    const error = thrown as ScheduleFileError;
    expect(error.name).toBe('ScheduleFileError');
    expect(error.message.split('\n')).toHaveLength(expected.length);
    expect(errorsOf(error.diagnostics)).toHaveLength(expected.length);
  });
});

interface Mistake {
  top?: string;
  project?: string;
  version?: string;
  /** Lines of the model mapping between `version` and `windows` (default: `timezone: UTC`). */
  model?: string[];
  window?: string;
  tail?: string[];
}

/**
 * Line 1 `version: 1`, 2 `models:`, 3 `  - project: p` (value at col 14), 4 `    version: "1"`
 * (value at col 14), then the model lines from line 5 (key at col 5), `    windows:`, and the window
 * at the next line, written `      - { days: Mon, open: "09:00", close: "17:00" }`: the window at
 * col 9, days value at col 17, open value at col 28, close value at col 44. Then the tail.
 */
function file(m: Mistake): string {
  return [
    m.top ?? 'version: 1',
    'models:',
    `  - project: ${m.project ?? 'p'}`,
    `    version: ${m.version ?? '"1"'}`,
    ...(m.model ?? ['timezone: UTC']).map((l) => `    ${l}`),
    '    windows:',
    `      - ${m.window ?? '{ days: Mon, open: "09:00", close: "17:00" }'}`,
    ...(m.tail ?? []),
  ].join('\n');
}

const override = (fields: string) => ['overrides:', `  - { model: "p:1", ${fields} }`];
const FROM_UNTIL = 'from: "2026-12-10T00:00:00Z", until: "2026-12-11T00:00:00Z"';

describe('single mistakes', () => {
  it.each<[string, Mistake, string, string[]]>([
    ['an unknown top-level key', { tail: ['colour: red'] }, '8:1', ['unknown key', '"colour"']],
    ['a misspelt model key', { model: ['timzone: UTC'] }, '5:5', ['unknown key', '"timzone"', '"timezone"']],
    [
      'a misspelt window key',
      { window: '{ days: Mon, open: "09:00", close: "17:00", colse: "18:00" }' },
      '7:53',
      ['unknown key', '"colse"'],
    ],
    [
      'a time without a leading zero',
      { window: '{ days: Mon, open: "9:00", close: "17:00" }' },
      '7:28',
      ['open', '"9:00"', 'time of day'],
    ],
    [
      'a time after 24:00',
      { window: '{ days: Mon, open: "09:00", close: "24:01" }' },
      '7:44',
      ['close', '"24:01"'],
    ],
    [
      'minutes past 59',
      { window: '{ days: Mon, open: "09:60", close: "17:00" }' },
      '7:28',
      ['open', '"09:60"'],
    ],
    [
      'an opening at 24:00',
      { window: '{ days: Mon, open: "24:00", close: "06:00" }' },
      '7:28',
      ['open', '"24:00"'],
    ],
    [
      'an empty window',
      { window: '{ days: Mon, open: "09:00", close: "09:00" }' },
      '7:44',
      ['close', '"09:00"', 'equals open'],
    ],
    [
      'a window with both days and dates',
      { window: '{ days: Mon, dates: 2026-12-01, open: "09:00", close: "17:00" }' },
      '7:9',
      ['`days` or `dates`', 'not both'],
    ],
    [
      'a window with neither days nor dates',
      { window: '{ open: "09:00", close: "17:00" }' },
      '7:9',
      ['`days` or `dates`'],
    ],
    ['a window without a close', { window: '{ days: Mon, open: "09:00" }' }, '7:9', ['missing', '"close"']],
    [
      'an unknown day',
      { window: '{ days: Mondays, open: "09:00", close: "17:00" }' },
      '7:17',
      ['"Mondays"', 'not a day'],
    ],
    [
      'an unknown day in a list',
      { window: '{ days: [Mon, Funday], open: "09:00", close: "17:00" }' },
      '7:23',
      ['"Funday"', 'not a day'],
    ],
    [
      'a date that does not exist',
      { window: '{ dates: 2026-02-29, open: "09:00", close: "17:00" }' },
      '7:18',
      ['"2026-02-29"', 'not a date'],
    ],
    [
      'a date in another format',
      { window: '{ dates: 12/10/2026, open: "09:00", close: "17:00" }' },
      '7:18',
      ['"12/10/2026"', 'not a date'],
    ],
    [
      'a date range that ends before it starts',
      { window: '{ dates: 2026-12-10..2026-12-01, open: "09:00", close: "17:00" }' },
      '7:18',
      ['"2026-12-10..2026-12-01"', 'ends before it starts'],
    ],
    [
      'a bad date in a list',
      { window: '{ dates: [2026-12-01, 2026-13-01], open: "09:00", close: "17:00" }' },
      '7:31',
      ['"2026-13-01"', 'not a date'],
    ],
    [
      'a bad duration',
      { model: ['timezone: UTC', 'leadTime: 15min'] },
      '6:15',
      ['leadTime', '"15min"', 'duration'],
    ],
    ['an unknown zone', { model: ['timezone: Europe/Berln'] }, '5:15', ['"Europe/Berln"', 'IANA']],
    [
      'a zone abbreviation that is not an IANA name',
      { model: ['timezone: CEST'] },
      '5:15',
      ['"CEST"', 'IANA'],
    ],
    [
      'zero inference units',
      { model: ['timezone: UTC', 'minInferenceUnits: 0'] },
      '6:24',
      ['minInferenceUnits', '0', 'at least 1'],
    ],
    [
      'fractional inference units',
      { model: ['timezone: UTC', 'maxInferenceUnits: 1.5'] },
      '6:24',
      ['maxInferenceUnits', '1.5', 'whole number'],
    ],
    [
      'more minimum than maximum units',
      { model: ['timezone: UTC', 'minInferenceUnits: 3', 'maxInferenceUnits: 2'] },
      '7:24',
      ['minInferenceUnits 3', 'maxInferenceUnits 2'],
    ],
    [
      'more minimum than maximum units in defaults',
      { tail: ['defaults: { minInferenceUnits: 3, maxInferenceUnits: 2 }'] },
      '8:54',
      ['minInferenceUnits 3', 'maxInferenceUnits 2'],
    ],
    [
      'a model minimum above the default maximum',
      { model: ['timezone: UTC', 'minInferenceUnits: 3'], tail: ['defaults: { maxInferenceUnits: 2 }'] },
      '6:24',
      ['minInferenceUnits 3', 'maxInferenceUnits 2'],
    ],
    ['a project name with a space', { project: 'my project' }, '3:14', ['project', '"my project"']],
    ['a project name starting with an underscore', { project: '_p' }, '3:14', ['project', '"_p"']],
    ['a project name longer than 255', { project: 'p'.repeat(256) }, '3:14', ['project', '255']],
    ['a version with a letter', { version: 'v1' }, '4:14', ['version', '"v1"']],
    ['a version with a leading zero', { version: '"01"' }, '4:14', ['version', '"01"']],
    ['version zero as a number', { version: '0' }, '4:14', ['version', '0']],
    ['a fractional version', { version: '1.5' }, '4:14', ['version', '1.5']],
    ['a version number too large to be written as digits', { version: '1e21' }, '4:14', ['version']],
    [
      'a version text longer than 10 characters',
      { version: '"12345678901"' },
      '4:14',
      ['version', '12345678901'],
    ],
    [
      'a version number longer than 10 digits',
      { version: '12345678901' },
      '4:14',
      ['version', '12345678901'],
    ],
    ['a file version other than 1', { top: 'version: 2' }, '1:10', ['version', '2']],
    [
      'an unknown calendar',
      { model: ['timezone: UTC', 'closedOn: [hols]'] },
      '6:16',
      ['unknown calendar', '"hols"'],
    ],
    [
      'a misspelt calendar',
      { model: ['timezone: UTC', 'closedOn: holiday'], tail: ['calendars: { holidays: [2026-12-24] }'] },
      '6:15',
      ['unknown calendar', '"holiday"', '"holidays"'],
    ],
    [
      'a bad date in a calendar',
      { tail: ['calendars: { hols: [2026-04-31] }'], model: ['timezone: UTC', 'closedOn: hols'] },
      '9:21',
      ['"2026-04-31"', 'not a date'],
    ],
    [
      'a bad date in closedOn',
      { model: ['timezone: UTC', 'closedOn: [2026-11-31]'] },
      '6:16',
      ['"2026-11-31"', 'not a date'],
    ],
    [
      'an override of an unknown model',
      { tail: ['overrides:', `  - { model: "q:1", state: stopped, ${FROM_UNTIL} }`] },
      '9:14',
      ['unknown model', '"q:1"'],
    ],
    [
      'an override with an unknown state',
      { tail: override(`state: paused, ${FROM_UNTIL}`) },
      '9:28',
      ['"paused"', 'hosted', 'stopped'],
    ],
    [
      'an override instant without an offset',
      { tail: override('state: stopped, from: "2026-12-10T00:00:00", until: "2026-12-11T00:00:00Z"') },
      '9:43',
      ['"2026-12-10T00:00:00"', 'offset'],
    ],
    [
      'an override that ends before it starts',
      { tail: override('state: stopped, from: "2026-12-10T00:00:00Z", until: "2026-12-09T00:00:00Z"') },
      '9:74',
      ['until', 'from'],
    ],
    [
      'an override on a date that does not exist',
      { tail: override('state: stopped, from: "2026-02-30T00:00:00Z", until: "2026-12-11T00:00:00Z"') },
      '9:43',
      ['"2026-02-30T00:00:00Z"'],
    ],
    [
      'a duplicate model id',
      { tail: ['  - { project: p, version: 1, timezone: UTC, windows: [] }'] },
      '8:5',
      ['duplicate model id', '"p:1"'],
    ],
    [
      'a duplicate explicit id',
      {
        model: ['timezone: UTC', 'id: x'],
        tail: ['  - { project: q, version: 1, id: x, timezone: UTC, windows: [] }'],
      },
      '9:35',
      ['duplicate model id', '"x"'],
    ],
  ])('reports %s', (_name, mistake, where, words) => {
    const { schedule, diagnostics } = parseSchedule(file(mistake), { file: FILE });
    const errors = errorsOf(diagnostics).map(formatDiagnostic);
    const message = errors.find((e) => e.startsWith(`${FILE}:${where}: `));
    expect(message, `no error at ${where} in\n${errors.join('\n')}`).toBeDefined();
    for (const word of words) expect(message).toContain(word);
    expect(schedule).toBeNull();
  });

  it.each([
    ['version: 1\n', 'missing the required key "models"'],
    ['', 'mapping'],
    ['- a\n- b\n', 'mapping'],
    ['just text\n', 'mapping'],
  ])('reports a file that is not a schedule: %j', (text, words) => {
    const { schedule, diagnostics } = parseSchedule(text, { file: FILE });
    expect(schedule).toBeNull();
    expect(errorsOf(diagnostics).map(formatDiagnostic)).toContainEqual(expect.stringContaining(words));
  });

  it('reports a YAML syntax error at or after the line where the flow mapping opens', () => {
    const { schedule, diagnostics } = parseSchedule(
      file({ window: '{ days: Mon, open: "09:00", close: "17:00"', tail: ['extra: 1'] }),
      { file: FILE },
    );
    expect(schedule).toBeNull();
    const [first] = errorsOf(diagnostics);
    expect(first?.message).toMatch(/^YAML: /);
    expect(first?.line).toBeGreaterThanOrEqual(7);
  });

  it('reports a duplicate key at the second key', () => {
    const { schedule, diagnostics } = parseSchedule(file({ model: ['timezone: UTC', 'timezone: UTC'] }), {
      file: FILE,
    });
    expect(schedule).toBeNull();
    // The second `timezone` key is at line 6, col 5.
    expect(errorsOf(diagnostics).map((d) => `${d.line}:${d.col}`)).toContain('6:5');
  });
});

describe('warnings', () => {
  const NOW = at('2026-01-15T00:00Z');
  it.each<[string, Mistake, string, string[]]>([
    [
      'a window shorter than 30 minutes',
      { window: '{ days: Mon, open: "09:00", close: "09:20" }' },
      '7:9',
      ['20 minutes'],
    ],
    [
      'an overnight window shorter than 30 minutes',
      { window: '{ days: Mon, open: "23:50", close: "00:10" }' },
      '7:9',
      ['20 minutes'],
    ],
    ['an unused calendar', { tail: ['calendars: { spare: [2026-12-24] }'] }, '8:14', ['"spare"']],
    ['a model without any time zone', { model: [] }, '3:5', ['timezone', 'UTC']],
    [
      'an open time in the Berlin spring-forward gap',
      { model: ['timezone: Europe/Berlin'], window: '{ days: Sun, open: "02:30", close: "06:00" }' },
      '7:28',
      ['open 02:30', 'gap', '2026-03-29'],
    ],
    [
      'a close time in the New York gap',
      { model: ['timezone: America/New_York'], window: '{ days: Sat, open: "22:00", close: "02:15" }' },
      '7:44',
      ['close 02:15', 'gap', '2026-03-08'],
    ],
    [
      'an open time in the Chatham 02:45-03:45 gap',
      { model: ['timezone: Pacific/Chatham'], window: '{ days: Sun, open: "03:00", close: "06:00" }' },
      '7:28',
      ['open 03:00', 'gap', '2026-09-27'],
    ],
    [
      'a 00:00 opening in the Santiago midnight gap',
      { model: ['timezone: America/Santiago'], window: '{ days: Sun, open: "00:00", close: "08:00" }' },
      '7:28',
      ['open 00:00', 'gap', '2026-09-06'],
    ],
    [
      'a 00:00 overnight close in the Santiago midnight gap',
      { model: ['timezone: America/Santiago'], window: '{ days: Sat, open: "22:00", close: "00:00" }' },
      '7:44',
      ['close 00:00', 'gap', '2026-09-06'],
    ],
    [
      'a 24:00 close in the Santiago midnight gap',
      { model: ['timezone: America/Santiago'], window: '{ days: Sat, open: "20:00", close: "24:00" }' },
      '7:44',
      ['close 24:00', 'gap', '2026-09-06'],
    ],
    [
      'an override that has already ended',
      { tail: override('state: stopped, from: "2026-01-01T00:00:00Z", until: "2026-01-02T00:00:00Z"') },
      '9:5',
      ['"p:1"', 'no effect'],
    ],
  ])('warns about %s and still returns the schedule', (_name, mistake, where, words) => {
    const { schedule, diagnostics } = parseSchedule(file(mistake), { file: FILE, now: NOW });
    const warnings = warningsOf(diagnostics).map(formatDiagnostic);
    const message = warnings.find((w) => w.startsWith(`${FILE}:${where}: warning: `));
    expect(message, `no warning at ${where} in\n${warnings.join('\n')}`).toBeDefined();
    for (const word of words) expect(message).toContain(word);
    expect(errorsOf(diagnostics)).toEqual([]);
    expect(schedule).not.toBeNull();
  });

  it.each([
    [
      'a window that only starts after the gap',
      'Europe/Berlin',
      '{ days: Sun, open: "03:00", close: "06:00" }',
    ],
    [
      'a gap time on a day the rule does not select',
      'Europe/Berlin',
      '{ days: Mon-Sat, open: "02:30", close: "06:00" }',
    ],
    ['a zone without DST', 'Asia/Kolkata', '{ days: daily, open: "02:30", close: "06:00" }'],
  ])('does not warn about a DST gap for %s', (_name, zone, window) => {
    const { diagnostics } = parseSchedule(file({ model: [`timezone: ${zone}`], window }), {
      file: FILE,
      now: NOW,
    });
    expect(diagnostics.filter((d) => d.message.includes('gap'))).toEqual([]);
  });

  it('does not look for DST gaps without `now`', () => {
    const { diagnostics } = parseSchedule(
      file({ model: ['timezone: Europe/Berlin'], window: '{ days: Sun, open: "02:30", close: "06:00" }' }),
      { file: FILE },
    );
    expect(diagnostics).toEqual([]);
  });

  it('formats a warning with "warning: " before its message', () => {
    const { diagnostics } = parseSchedule(file({ model: [] }), { file: FILE });
    const [line, ...rest] = diagnostics.map(formatDiagnostic);
    expect(rest).toEqual([]);
    expect(line).toMatch(new RegExp(`^${FILE.replaceAll('.', '\\.')}:3:5: warning: \\S.*timezone`));
  });

  it('accepts the example schedule without any diagnostic', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(new URL('../../config/schedule.yaml', import.meta.url), 'utf8');
    const { schedule, diagnostics } = parseSchedule(text, { file: 'config/schedule.yaml' });
    expect(diagnostics).toEqual([]);
    expect(schedule?.models.map((m) => m.id)).toEqual(['circuit-boards:3', 'night-shift:1', 'pilot']);
  });
});

describe('a value the structure rejects', () => {
  const model =
    'models:\n  - project: line\n    version: 1\n    windows: [{ days: Mon, open: "09:00", close: "17:00" }]\n';
  const override = (id: string) =>
    `overrides:\n  - { model: "${id}", state: stopped, from: "2026-12-10T00:00:00Z", until: "2026-12-11T00:00:00Z" }\n`;
  // Each value breaks the schema's shape: the meaning step does not report it a second time.
  it.each([
    [
      'a calendar date not written YYYY-MM-DD',
      `calendars:\n  holidays: [2026-1-1]\n${model}    closedOn: holidays\n`,
      '3:14',
    ],
    [
      'a calendar written as one date, not a list',
      `calendars:\n  holidays: 2026-02-30\n${model}    closedOn: holidays\n`,
      '3:13',
    ],
    ['a closedOn item that is neither a date nor a name', `${model}    closedOn: [a b]\n`, '6:16'],
    ['a window date not written YYYY-MM-DD', model.replace('days: Mon', 'dates: 2026-1-1'), '5:24'],
    ['an override for an empty model id', `${model}${override('')}`, '7:14'],
  ])('is reported once: %s', (_, body, where) => {
    const errors = errorsOf(parseSchedule(`version: 1\n${body}`, { file: FILE }).diagnostics);
    expect(errors.map(formatDiagnostic)).toEqual([expect.stringContaining(`${FILE}:${where}:`)]);
  });
});
