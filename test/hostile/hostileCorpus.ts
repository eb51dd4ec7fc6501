/**
 * Hostile and careless schedule files (issue 9): each one reproduces a way a file once made
 * `validate` (and `serverless package`, which shares the parser) hang, exhaust memory, crash, or
 * accept something AWS would reject. Big files are generated here, at test or bench time, instead of
 * being committed. `expect` says how a hardened validator answers: `error` with a located message
 * that contains `message`, `warning` (valid, with that warning), or `valid`.
 */

export interface HostileCase {
  readonly name: string;
  /** What the file tries. */
  readonly about: string;
  readonly text: string;
  readonly expect: 'error' | 'warning' | 'valid';
  /** Text the first error (or the warning) contains, and where it is (`LINE:COL`). */
  readonly message?: string;
  readonly at?: string;
}

const WINDOW = '[{ days: Mon-Fri, open: "06:00", close: "22:00" }]';

/** `count` dates from 2026-01-01 on, cycling over about 30 years (so they repeat). */
function dates(count: number): string[] {
  const out: string[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < count; i++)
    out.push(new Date(start + (i % 10_000) * 86_400_000).toISOString().slice(0, 10));
  return out;
}

/** One list of dates anchored once and aliased into `closedOn` of `aliases` models (a calendar bomb). */
function aliasBomb(bytes: number, aliases: number): string {
  const head = ['version: 1', 'defaults: { timezone: UTC, region: us-east-1 }', 'models:'];
  const modelLine = (i: number, first: boolean) =>
    `  - { project: p${i}, version: "1", windows: ${WINDOW}, closedOn: ${first ? '&d ' : ''}${first ? '' : '*d'}`;
  const budget = bytes - aliases * (modelLine(0, false).length + 3) - 200;
  const list = dates(Math.max(1, Math.floor(budget / 12)));
  const lines = [...head, `${modelLine(0, true)}[${list.join(', ')}] }`];
  for (let i = 1; i <= aliases; i++) lines.push(`${modelLine(i, false)} }`);
  return `${lines.join('\n')}\n`;
}

/** `count` models, one line each, all valid. */
export function manyModels(count: number): string {
  const lines = ['version: 1', 'defaults: { timezone: Europe/Berlin, region: us-east-1 }', 'models:'];
  for (let i = 0; i < count; i++) {
    lines.push(`  - { project: p${i % 1000}, version: "${1 + Math.floor(i / 1000)}", windows: ${WINDOW} }`);
  }
  return `${lines.join('\n')}\n`;
}

const oneModel = (extra = '', tail = '') =>
  [
    'version: 1',
    'defaults: { timezone: UTC, region: us-east-1 }',
    'models:',
    `  - { project: p, version: "1", windows: ${WINDOW}${extra} }`,
    tail,
  ].join('\n');

/** The corpus. `big` cases take a few MB of memory to build; callers may leave them out. */
export function hostileCorpus(): HostileCase[] {
  const calendar = dates(150_000);
  return [
    {
      name: 'alias-bomb-245k',
      about: '245 KB: one list of dates aliased 989 times into closedOn',
      text: aliasBomb(245_000, 989),
      expect: 'error',
      message: 'aliases expand',
    },
    {
      name: 'alias-bomb-831k',
      about: '831 KB: one list of dates aliased 989 times into closedOn',
      text: aliasBomb(831_000, 989),
      expect: 'error',
      message: 'aliases expand',
    },
    {
      name: 'alias-models-200k',
      about: 'one model mapping aliased 200,000 times',
      text: [
        'version: 1',
        'defaults: { timezone: UTC }',
        'models:',
        `  - &m { project: p, version: "1", windows: ${WINDOW} }`,
        ...Array.from({ length: 200_000 }, () => '  - *m'),
      ].join('\n'),
      expect: 'error',
    },
    {
      name: 'nested-aliases',
      about: 'billion laughs: 9 levels of 10 aliases each',
      text: [
        'version: 1',
        'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
        ...Array.from(
          { length: 9 },
          (_, i) => `a${i + 1}: &a${i + 1} [${Array.from({ length: 10 }, () => `*a${i}`).join(', ')}]`,
        ),
        'models: []',
      ].join('\n'),
      expect: 'error',
    },
    {
      name: 'calendar-150k',
      about: 'a calendar of 150,000 dates used in closedOn (was: Maximum call stack size exceeded)',
      text: [
        'version: 1',
        'defaults: { timezone: UTC, region: us-east-1 }',
        `calendars:\n  big: [${calendar.join(', ')}]`,
        'models:',
        `  - { project: p, version: "1", windows: ${WINDOW}, closedOn: [big] }`,
      ].join('\n'),
      expect: 'error',
      message: 'more than 100,000 items',
      at: '4:',
    },
    {
      name: 'calendar-20k',
      about: 'a calendar of 20,000 dates used in closedOn',
      text: [
        'version: 1',
        'defaults: { timezone: UTC, region: us-east-1 }',
        `calendars:\n  big: [${calendar.slice(0, 20_000).join(', ')}]`,
        'models:',
        `  - { project: p, version: "1", windows: ${WINDOW}, closedOn: [big] }`,
      ].join('\n'),
      expect: 'error',
      message: 'calendar "big" has more than 10,000 dates',
      at: '4:120009',
    },
    {
      name: 'block-list-150k',
      about: 'a block list of 150,000 dates',
      text: ['version: 1', 'models: []', 'calendars:', '  big:', ...calendar.map((d) => `    - ${d}`)].join(
        '\n',
      ),
      expect: 'error',
      message: 'more than 100,000 items',
      at: '100005:5',
    },
    {
      name: 'many-calendars',
      about: '20,000 calendars of one date each',
      text: [
        'version: 1',
        'calendars:',
        ...Array.from({ length: 20_000 }, (_, i) => `  c${i}: [2026-12-24]`),
        'models: []',
      ].join('\n'),
      expect: 'error',
      message: 'calendars',
    },
    {
      name: 'deep-nesting',
      about: 'a list nested 100,000 levels deep',
      text: `version: 1\nmodels: []\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
      expect: 'error',
    },
    {
      name: 'deep-nesting-10k',
      about: 'a list nested 10,000 levels deep (was: a V8 out-of-memory abort)',
      text: `version: 1\nmodels: []\nx: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      expect: 'error',
      message: 'nested more than',
      at: '3:',
    },
    {
      name: 'unknown-override-models',
      about: '5,000 models and 5,000 overrides naming unknown models (did-you-mean over every id)',
      text: [
        manyModels(5_000).trimEnd(),
        'overrides:',
        ...Array.from(
          { length: 5_000 },
          (_, i) =>
            `  - { model: "x${i}:1", state: stopped, from: "2026-12-10T00:00:00Z", until: "2026-12-11T00:00:00Z" }`,
        ),
      ].join('\n'),
      expect: 'error',
      message: 'unknown model',
    },
    {
      name: 'huge-file',
      about: 'a 40 MB file (a comment and one model)',
      text: `${oneModel()}\n#${'x'.repeat(40 * 1024 * 1024)}\n`,
      expect: 'error',
      message: 'bytes',
      at: '1:1',
    },
    {
      name: 'long-email',
      about: 'a 100,000-character e-mail address',
      text: oneModel('', `alerts: { email: "${'a'.repeat(100_000)}@example.com" }`),
      expect: 'error',
      message: 'email',
      at: '5:18',
    },
    {
      name: 'long-reason',
      about: 'an override reason of 5 MB',
      text: oneModel(
        '',
        `overrides:\n  - { model: "p:1", state: stopped, from: "2026-12-10T00:00:00Z", until: "2026-12-11T00:00:00Z", reason: "${'r'.repeat(5_000_000)}" }`,
      ),
      expect: 'error',
      message: 'reason',
    },
    {
      name: 'year-9999',
      about: 'a dated window in 9999 (Scheduler cron years end at 2199)',
      text: oneModel('', '').replace(WINDOW, '[{ dates: 9999-12-31, open: "09:00", close: "17:00" }]'),
      expect: 'error',
      message: '1970-2199',
    },
    {
      name: 'year-0001',
      about: 'a closedOn date in year 1',
      text: oneModel(', closedOn: [0001-01-01]'),
      expect: 'error',
      message: '1970-2199',
    },
    {
      name: 'offset-99h',
      about: 'an override offset of +99:00',
      text: oneModel(
        '',
        'overrides:\n  - { model: "p:1", state: stopped, from: "2026-12-10T00:00:00+99:00", until: "2026-12-11T00:00:00Z" }',
      ),
      expect: 'error',
      message: '18:00',
    },
    {
      name: 'hex-units',
      about: 'minInferenceUnits written 0x10',
      text: oneModel(', minInferenceUnits: 0x10'),
      expect: 'error',
      message: 'decimal',
    },
    {
      name: 'topic-other-partition',
      about: 'alerts.topicArn in the aws-evil partition',
      text: oneModel('', 'alerts: { topicArn: "arn:aws-evil:sns:us-east-1:123456789012:alerts" }'),
      expect: 'error',
      message: 'partition',
    },
    {
      name: 'zone-lowercase',
      about: 'timezone europe/berlin',
      text: oneModel(', timezone: europe/berlin'),
      expect: 'warning',
      message: 'Europe/Berlin',
    },
    {
      name: 'zone-removed-link',
      about: 'timezone US/Pacific-New (removed from tzdata in 2020)',
      text: oneModel(', timezone: US/Pacific-New'),
      expect: 'warning',
      message: 'America/Los_Angeles',
    },
    {
      name: 'models-100k',
      about: '100,000 valid models (must stay valid)',
      text: manyModels(100_000),
      expect: 'valid',
    },
  ];
}
