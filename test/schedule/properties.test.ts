/**
 * Properties that hold for every schedule: random zones, rules, lead times, closed dates and
 * overrides over random ranges in 2026-2027. Runs are kept modest so the suite stays fast on 2 cores;
 * a failure prints its seed and shrunk counterexample.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseSchedule } from '../../src/schedule/parseSchedule.js';
import type { Interval, ModelSchedule } from '../../src/schedule/types.js';
import { desiredStateAt, nextTransition, windowsBetween } from '../../src/schedule/windows.js';
import { END, modelArb, rangeArb, START, scheduleFile } from './arbitraries.js';
import { DAY_MS, FILE } from './helpers.js';

const isoZ = (ms: number) => new Date(ms).toISOString();

const RUNS = { numRuns: 100 };

function expectWellFormed(windows: readonly Interval[], from: number, to: number): void {
  windows.forEach((w, i) => {
    expect(w.open).toBeLessThan(w.close);
    expect(w.open).toBeGreaterThanOrEqual(from);
    expect(w.close).toBeLessThanOrEqual(to);
    const next = windows[i + 1];
    // Sorted, disjoint and not touching: touching windows would have been merged.
    if (next !== undefined) expect(w.close).toBeLessThan(next.open);
  });
}

/** plan[a,b) then plan[b,c), with a window cut at b rejoined. */
function join(left: readonly Interval[], right: readonly Interval[], b: number): Interval[] {
  const last = left[left.length - 1];
  const first = right[0];
  if (last !== undefined && first !== undefined && last.close === b && first.open === b) {
    return [...left.slice(0, -1), { open: last.open, close: first.close }, ...right.slice(1)];
  }
  return [...left, ...right];
}

const hostedAt = (windows: readonly Interval[], t: number) => windows.some((w) => w.open <= t && t < w.close);

describe('windowsBetween', () => {
  it('returns sorted, disjoint, non-touching, non-empty windows inside the range', () => {
    fc.assert(
      fc.property(modelArb, rangeArb, (model, [a, , c]) => {
        expectWellFormed(windowsBetween(model, a, c), a, c);
      }),
      RUNS,
    );
  });

  it('gives the same windows for [a, c) as for [a, b) joined with [b, c)', () => {
    fc.assert(
      fc.property(modelArb, rangeArb, (model, [a, b, c]) => {
        const whole = windowsBetween(model, a, c);
        expect(join(windowsBetween(model, a, b), windowsBetween(model, b, c), b)).toEqual(whole);
      }),
      RUNS,
    );
  });
});

describe('desiredStateAt', () => {
  it('is hosted exactly inside the windows, at random instants and at every edge', () => {
    fc.assert(
      fc.property(
        modelArb,
        rangeArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        (model: ModelSchedule, [a, , c], fractions) => {
          const windows = windowsBetween(model, a, c);
          const edges = windows.flatMap((w) => [w.open - 1, w.open, w.close - 1, w.close]);
          const samples = [...fractions.map((f) => a + Math.floor((c - a) * f)), ...edges].filter(
            (t) => t >= a && t < c,
          );
          for (const t of samples) {
            expect(desiredStateAt(model, t), `at ${isoZ(t)}`).toBe(
              hostedAt(windows, t) ? 'hosted' : 'stopped',
            );
          }
        },
      ),
      RUNS,
    );
  });
});

describe('nextTransition', () => {
  it('returns the first instant after `after` at which the state changes', () => {
    fc.assert(
      fc.property(modelArb, fc.integer({ min: START, max: END }), (model, after) => {
        const before = desiredStateAt(model, after);
        const next = nextTransition(model, after);
        if (next === null) {
          // Nothing changes: the next 60 days are all one state.
          const ahead = windowsBetween(model, after, after + 60 * DAY_MS);
          expect(ahead).toEqual(before === 'hosted' ? [{ open: after, close: after + 60 * DAY_MS }] : []);
          return;
        }
        expect(next.at).toBeGreaterThan(after);
        expect(next.state).not.toBe(before);
        expect(desiredStateAt(model, next.at)).toBe(next.state);
        expect(desiredStateAt(model, next.at - 1)).toBe(before);
        // No change in between.
        const between = windowsBetween(model, after, next.at);
        expect(between).toEqual(before === 'hosted' ? [{ open: after, close: next.at }] : []);
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The parser never throws and locates every diagnostic.

function expectLocated(text: string): void {
  let result: ReturnType<typeof parseSchedule> | undefined;
  expect(() => {
    result = parseSchedule(text, { file: FILE, now: Date.UTC(2026, 10, 27) });
  }).not.toThrow();
  if (result === undefined) return;
  for (const d of result.diagnostics) {
    expect(d.file).toBe(FILE);
    expect(Number.isInteger(d.line) && d.line >= 1, `line of ${JSON.stringify(d)}`).toBe(true);
    expect(Number.isInteger(d.col) && d.col >= 1, `col of ${JSON.stringify(d)}`).toBe(true);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.message, 'the parser caught an exception of its own').not.toMatch(/^internal error/);
  }
  const hasError = result.diagnostics.some((d) => d.severity === 'error');
  expect(result.schedule === null).toBe(hasError);
}

const EXAMPLE = readFileSync(new URL('../../config/schedule.yaml', import.meta.url), 'utf8');
const EXAMPLE_DATA: unknown = parse(EXAMPLE);

/** Paths of every node of the example, from the parsed data. */
function pathsOf(value: unknown, base: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [base];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push(...pathsOf(v, [...base, i]));
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...base, k]));
  }
  return out;
}

function setIn(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(root)) return root.map((v, i) => (i === head ? setIn(v, rest, value) : v));
  const obj = (root ?? {}) as Record<string, unknown>;
  return { ...obj, [head]: setIn(obj[head], rest, value) };
}

function deleteIn(root: unknown, path: readonly (string | number)[]): unknown {
  if (path.length === 0) return null;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (rest.length === 0) {
    if (Array.isArray(root)) return root.filter((_, i) => i !== head);
    const { [head]: _gone, ...kept } = (root ?? {}) as Record<string, unknown>;
    return kept;
  }
  if (Array.isArray(root)) return root.map((v, i) => (i === head ? deleteIn(v, rest) : v));
  const obj = (root ?? {}) as Record<string, unknown>;
  return { ...obj, [head]: deleteIn(obj[head], rest) };
}

const PATHS = pathsOf(EXAMPLE_DATA);
const pathArb = fc.constantFrom(...PATHS);
const yamlValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '24:00',
    '00:00',
    'Mon-Sun',
    'Europe/Berlin',
    '2026-02-29',
    '2026-12-01..2026-11-01',
    'latest',
    0,
    -1,
    1e21,
    2 ** 53,
  ),
);
/** Text fragments that matter to YAML and to the schedule's small languages. */
const rawFragment = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom(
    ':',
    '- ',
    '{',
    '}',
    '[',
    ']',
    '"',
    "'",
    '#',
    '&a',
    '*a',
    '!!str',
    '\t',
    '\n',
    '\n  ',
    '? ',
    '|',
    '>',
    '%YAML 1.1\n---\n',
    '<<: *a',
    '__proto__',
    'constructor',
  ),
);

describe('parseSchedule on arbitrary input', () => {
  it('never throws and locates every diagnostic on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })),
        (text) => {
          expectLocated(text);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never throws and locates every diagnostic when one value of the example is replaced', () => {
    fc.assert(
      fc.property(pathArb, yamlValue, fc.boolean(), (path, value, flow) => {
        const data = setIn(EXAMPLE_DATA, path, value);
        expectLocated(stringify(data, flow ? { collectionStyle: 'flow' } : {}));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws and locates every diagnostic when a key of the example is removed', () => {
    fc.assert(
      fc.property(pathArb, (path) => {
        expectLocated(stringify(deleteIn(EXAMPLE_DATA, path)));
      }),
      { numRuns: 60 },
    );
  });

  it('never throws and locates every diagnostic when raw text of the example is replaced', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: EXAMPLE.length }),
        fc.nat({ max: 20 }),
        fc.array(rawFragment, { minLength: 1, maxLength: 3 }),
        (at, length, fragments) => {
          expectLocated(EXAMPLE.slice(0, at) + fragments.join('') + EXAMPLE.slice(at + length));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never throws and locates every diagnostic for random schedules', () => {
    fc.assert(
      fc.property(scheduleFile, (data) => {
        expectLocated(stringify(data));
      }),
      { numRuns: 100 },
    );
  });
});
