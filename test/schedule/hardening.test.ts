/**
 * Issue 9: nothing that validates can fail to deploy or run, and the surprises that validated
 * silently now warn. Each case is one of the reproductions the issue lists, or its neighbour.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareStack } from '../../src/deploy/packageStack.js';
import { canonicalZone } from '../../src/schedule/canonicalZone.js';
import { LIMITS, RECONCILE_TIMEOUT_SECONDS } from '../../src/schedule/limits.js';
import { formatDiagnostic, type ParseOptions, parseSchedule } from '../../src/schedule/parseSchedule.js';
import { isValidTimeZone } from '../../src/schedule/zone.js';
import { LINKS, ZONES } from '../../src/schedule/zoneNames.generated.js';
import { FILE } from './helpers.js';

const WINDOW = '{ days: Mon-Fri, open: "09:00", close: "17:00" }';

/** Line 1 version, 2 defaults, 3 models:, 4 the model (fields after `version`), then the tail. */
function fileWith(fields = '', tail: string[] = [], defaults = 'timezone: UTC, region: us-east-1'): string {
  return [
    'version: 1',
    `defaults: { ${defaults} }`,
    'models:',
    `  - { project: p, version: "1", windows: [${WINDOW}]${fields} }`,
    ...tail,
  ].join('\n');
}

function check(text: string, options: Partial<ParseOptions> = {}) {
  const result = parseSchedule(text, { file: FILE, ...options });
  const lines = result.diagnostics.map(formatDiagnostic);
  return {
    schedule: result.schedule,
    errors: lines.filter((l) => !l.includes(': warning: ')),
    warnings: lines.filter((l) => l.includes(': warning: ')),
  };
}

describe('dates and instants within EventBridge Scheduler years (1970-2199)', () => {
  it.each([
    ['a dated window in 9999', `, closedOn: []`, '[{ dates: 9999-12-31, open: "09:00", close: "17:00" }]'],
    ['a closedOn date in year 1', ', closedOn: [0001-01-01]', null],
    ['a date range ending in 2200', ', closedOn: ["2199-12-31..2200-01-01"]', null],
  ])('rejects %s, saying which years are allowed', (_, fields, windows) => {
    let text = fileWith(fields);
    if (windows) text = text.replace(`[${WINDOW}]`, windows);
    const { schedule, errors } = check(text);
    expect(schedule).toBeNull();
    expect(errors[0]).toMatch(/^test\/schedule\.yaml:4:\d+: .* is outside the years 1970-2199/);
  });

  it('accepts the first and last day of that range', () => {
    expect(check(fileWith(', closedOn: [1970-01-01, 2199-12-31]')).errors).toEqual([]);
  });

  it('rejects an override instant after 2199', () => {
    const { errors } = check(
      fileWith('', [
        'overrides:',
        '  - { model: "p:1", state: stopped, from: "2199-12-31T00:00:00Z", until: "2200-01-02T00:00:00Z" }',
      ]),
    );
    expect(errors).toEqual([
      expect.stringMatching(/:6:\d+: "2200-01-02T00:00:00Z" is in 2200; instants must be within 1970-2199/),
    ]);
  });
});

describe('override offsets within +-18:00', () => {
  it.each(['+99:00', '-18:01', '+05:60'])('rejects the offset %s at its instant', (offset) => {
    const { errors } = check(
      fileWith('', [
        'overrides:',
        `  - { model: "p:1", state: stopped, from: "2026-12-10T00:00:00${offset}", until: "2026-12-31T00:00:00Z" }`,
      ]),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`${FILE}:6:43: "2026-12-10T00:00:00${offset}" has the offset ${offset}`);
    expect(errors[0]).toContain('at most 18:00');
  });

  it('accepts +18:00 and -18:00', () => {
    const { errors, schedule } = check(
      fileWith('', [
        'overrides:',
        '  - { model: "p:1", state: stopped, from: "2026-12-10T00:00:00+18:00", until: "2026-12-11T00:00:00-18:00" }',
      ]),
    );
    expect(errors).toEqual([]);
    expect(schedule?.models[0]?.overrides[0]?.from).toBe(Date.parse('2026-12-09T06:00:00Z'));
  });
});

describe('time zones as their canonical IANA names', () => {
  it.each([
    ['europe/berlin', 'Europe/Berlin', 'is spelt "Europe/Berlin"'],
    ['utc', 'UTC', 'is spelt "UTC"'],
    ['US/Pacific-New', 'America/Los_Angeles', 'link'],
    ['US/Pacific', 'America/Los_Angeles', 'link'],
    ['Zulu', 'UTC', 'link'],
    ['Asia/Calcutta', 'Asia/Kolkata', 'link'],
  ])('uses %s as %s, with a warning naming it', (written, canonical, words) => {
    const { schedule, warnings, errors } = check(fileWith(`, timezone: ${written}`));
    expect(errors).toEqual([]);
    expect(schedule?.models[0]?.timezone).toBe(canonical);
    expect(warnings).toEqual([expect.stringContaining(`${FILE}:4:`)]);
    expect(warnings[0]).toContain(`"${canonical}"`);
    expect(warnings[0]).toContain(words);
  });

  it('keeps canonical names as they are, without a warning', () => {
    for (const zone of ['Europe/Berlin', 'UTC', 'America/Chicago', 'Asia/Kolkata']) {
      expect(canonicalZone(zone)).toEqual({ ok: true, name: zone, warning: null });
    }
  });

  it('canonicalises defaults.timezone once, for every model that inherits it', () => {
    const { schedule, warnings } = check(fileWith('', [], 'timezone: europe/berlin'));
    expect(schedule?.models[0]?.timezone).toBe('Europe/Berlin');
    expect(warnings).toEqual([expect.stringContaining(`${FILE}:2:23: warning: timezone "europe/berlin"`)]);
  });

  it('has a table whose zones and link targets this runtime knows', () => {
    for (const zone of ZONES) expect(isValidTimeZone(zone), zone).toBe(true);
    for (const target of Object.values(LINKS)) expect(ZONES).toContain(target);
  });
});

describe('integers only in plain decimal', () => {
  it.each(['0x10', '0o17', '1e1', '+5', '010'])('rejects minInferenceUnits: %s at the number', (n) => {
    const { errors } = check(fileWith(`, minInferenceUnits: ${n}`));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`${FILE}:4:`);
    expect(errors[0]).toContain(`minInferenceUnits ${n} must be written in plain decimal digits`);
  });

  it('still accepts decimal numbers and quoted versions', () => {
    const { errors } = check(
      fileWith(', minInferenceUnits: 16', ['pricing: { inferenceUnitHour: 4.00 }']).replace('"1"', '2'),
    );
    expect(errors).toEqual([]);
  });
});

describe('YAML the parser accepts but the schedule must not', () => {
  it('rejects a key written twice in one mapping, at the second', () => {
    const { errors } = check(fileWith(', timezone: UTC, timezone: Europe/Berlin'));
    expect(errors).toEqual([
      expect.stringMatching(/:4:\d+: the key "timezone" appears twice in this mapping$/),
    ]);
  });

  it('rejects an alias inside the node it names', () => {
    const { errors } = check(`${fileWith()}\nx: &a [1, *a]`);
    expect(errors[0]).toContain(`${FILE}:5:11: alias *a is inside the node it names`);
  });

  it("reports a hexadecimal number together with the file's other errors", () => {
    const { errors } = check(fileWith(', minInferenceUnits: 0x10, closedOn: [nope]'));
    expect(errors).toHaveLength(2);
    expect(errors[1]).toContain('unknown calendar "nope"');
  });
});

describe('alerts.topicArn in the stack partition and region', () => {
  const topic = (arn: string) => [`alerts: { topicArn: "${arn}" }`];

  it.each([
    ['arn:aws-evil:sns:us-east-1:123456789012:alerts', 'not an AWS partition'],
    ['arn:aws-cn:sns:us-east-1:123456789012:alerts', 'us-east-1 belongs to aws'],
    ['arn:aws-cn:sns:cn-north-1:123456789012:alerts', "the models' region us-east-1 is in aws"],
  ])('rejects %s when validating (file region us-east-1)', (arn, words) => {
    const { errors } = check(fileWith('', topic(arn)));
    expect(errors).toEqual([expect.stringContaining(`${FILE}:5:21: alerts.topicArn`)]);
    expect(errors[0]).toContain(words);
  });

  it('warns when validating a topic in another region of the same partition', () => {
    const { errors, warnings } = check(fileWith('', topic('arn:aws:sns:eu-west-1:123456789012:alerts')));
    expect(errors).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining('deploy the stack to eu-west-1')]);
  });

  it('rejects at package time a topic outside the stack region, naming that region', () => {
    const { errors } = check(fileWith('', topic('arn:aws:sns:eu-west-1:123456789012:alerts')), {
      stackRegion: 'us-east-1',
    });
    expect(errors).toEqual([
      expect.stringContaining(
        `${FILE}:5:21: alerts.topicArn is in eu-west-1, but the stack will be in us-east-1`,
      ),
    ]);
  });

  it('accepts at package time a topic in the stack region', () => {
    const { errors } = check(fileWith('', topic('arn:aws:sns:eu-west-1:123456789012:alerts')), {
      stackRegion: 'eu-west-1',
    });
    expect(errors).toEqual([]);
  });

  it('makes serverless package (prepareStack) reject a topic outside the region it packages for', () => {
    const dir = new URL('../../', import.meta.url).pathname;
    const file = 'test/schedule/fixtures/topic-eu-west-1.yaml';
    expect(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')).toContain('eu-west-1');
    const request = {
      serviceDir: dir,
      scheduleFile: file,
      service: 'lvsched',
      stage: 'dev',
      now: Date.parse('2026-11-30T00:00:00Z'),
    };
    expect(() => prepareStack({ ...request, region: 'us-east-1' })).toThrow(/the stack will be in us-east-1/);
    expect(prepareStack({ ...request, region: 'eu-west-1' }).schedule.alerts.topicArn).toContain('eu-west-1');
  });
});

describe('string lengths', () => {
  it('rejects a 100,000-character e-mail address, without quoting all of it', () => {
    const { errors } = check(fileWith('', [`alerts: { email: "${'a'.repeat(100_000)}@example.com" }`]));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`${FILE}:5:18: email "aaaa`);
    expect(errors[0]).toContain(`longer than ${LIMITS.emailLength} characters`);
    expect((errors[0] as string).length).toBeLessThan(300);
  });

  it('accepts a 254-character e-mail address', () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(email).toHaveLength(254);
    expect(check(fileWith('', [`alerts: { email: "${email}" }`])).errors).toEqual([]);
  });

  it('rejects an override reason over the limit', () => {
    const { errors } = check(
      fileWith('', [
        'overrides:',
        `  - { model: "p:1", state: stopped, from: "2026-12-10T00:00:00Z", until: "2026-12-11T00:00:00Z", reason: "${'r'.repeat(LIMITS.reasonLength + 1)}" }`,
      ]),
    );
    expect(errors).toEqual([expect.stringContaining(`longer than ${LIMITS.reasonLength} characters`)]);
  });
});

describe('warnings for surprises that validated silently', () => {
  it('warns when leadTime is at least as long as the window it starts', () => {
    const { warnings, errors } = check(fileWith(', leadTime: 8h'));
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      expect.stringContaining(`${FILE}:4:43: warning: leadTime 8h is at least as long as this 8h window`),
    ]);
  });

  it('does not warn for a leadTime shorter than the window', () => {
    expect(check(fileWith(', leadTime: 7h59m')).warnings).toEqual([]);
  });

  it('says when the leadTime comes from defaults', () => {
    const { warnings } = check(fileWith('', [], 'timezone: UTC, leadTime: 20h'));
    expect(warnings[0]).toContain('leadTime 20h (from defaults)');
  });

  it('warns when version latest sits beside a numbered version of the same project', () => {
    const text = [
      fileWith(),
      `  - { project: p, version: latest, windows: [${WINDOW}] }`,
      `  - { project: q, version: latest, windows: [${WINDOW}] }`,
    ].join('\n');
    const { warnings, errors } = check(text);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      expect.stringContaining(
        `${FILE}:5:28: warning: model p version "latest" and version "1" (line 4) may be the same model`,
      ),
    ]);
  });

  it('warns, with the figures, when one reconcile invocation cannot list every project', () => {
    const projects = 1_300;
    const lines = ['version: 1', 'defaults: { timezone: UTC }', 'models:'];
    for (let i = 0; i < projects; i++)
      lines.push(`  - { project: p${i}, version: "1", windows: [${WINDOW}] }`);
    const { warnings, errors } = check(lines.join('\n'));
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      expect.stringContaining(
        `${FILE}:3:1: warning: 1,300 projects need 1,300 ListModels calls per reconcile pass; at 4 per second that is 325 s, more than the reconcile function's 300 s timeout`,
      ),
    ]);
    expect(warnings[0]).toContain('2 invocations');
  });

  it('takes the reconcile timeout from serverless.yml', () => {
    const yml = readFileSync(new URL('../../serverless.yml', import.meta.url), 'utf8');
    const reconcile = yml.slice(yml.indexOf('\n  reconcile:\n'));
    expect(/\n {4}timeout: (\d+)/.exec(reconcile)?.[1]).toBe(String(RECONCILE_TIMEOUT_SECONDS));
  });
});

describe('messages that say what is wrong and what is allowed', () => {
  it('explains that reconcile.every needs a unit', () => {
    const { errors } = check(fileWith('', ['reconcile: { every: 15 }']));
    expect(errors).toEqual([
      expect.stringContaining('every 15 is not a duration: write it with a unit, like 15m'),
    ]);
  });

  it('calls a real date out of range out of range, not "not a date"', () => {
    const { errors } = check(fileWith(', closedOn: [0001-01-01]'));
    expect(errors[0]).not.toContain('is not a date');
    expect(errors[0]).toContain('"0001-01-01" is outside the years 1970-2199');
  });

  it('still says "not a date" for a date that does not exist', () => {
    expect(check(fileWith(', closedOn: [2026-02-30]')).errors[0]).toContain('"2026-02-30" is not a date');
  });
});

describe('values quoted in messages', () => {
  it('locates a mapping with a toString key where a word is expected, instead of an internal error', () => {
    const text = `version: 1
models:
  - { project: a, version: "1", timezone: UTC, windows: [{ days: Mon, open: "06:00", close: "07:00" }] }
overrides:
  - { model: "a:1", state: { toString: "" }, from: "2026-12-10T00:00:00+01:00", until: "2026-12-11T00:00:00+01:00" }
`;
    const r = parseSchedule(text, { file: 'f.yaml' });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'f.yaml:5:28: state a mapping must be one of "hosted", "stopped"',
    ]);
  });
});
