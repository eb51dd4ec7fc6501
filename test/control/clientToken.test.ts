/** Client tokens: the service's pattern for any input, deterministic, and sensitive to every input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_TOKEN_MAX,
  CLIENT_TOKEN_PATTERN,
  clientToken,
  type TokenInput,
} from '../../src/control/clientToken.js';
import { tokenCause } from '../../src/control/windowContext.js';
import { LOOKOUTVISION_REGIONS } from '../../src/schedule/parseSchedule.js';

/** The brief's pattern, stated independently of the generated constraints. */
const TOKEN = /^[a-zA-Z0-9-]{1,64}$/;

const project = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}$/);
const version = fc.oneof(fc.stringMatching(/^[1-9][0-9]{0,9}$/), fc.constant('latest'));
const region = fc.oneof(
  fc.constantFrom<string | null>(null, ...LOOKOUTVISION_REGIONS),
  fc.stringMatching(/^[a-z]{2}(-gov)?-[a-z]{4,9}-[1-9]$/),
);
/** Instants from year 1000 to 9999 (four-digit years, as toISOString writes them), to the ms. */
const instant = fc.integer({
  min: Date.parse('1000-01-01T00:00:00Z'),
  max: Date.parse('9999-12-31T23:59:59.999Z'),
});
const slot = fc.nat({ max: 100_000 });
const attempt = fc.integer({ min: 1, max: 1000 });
const units = fc.integer({ min: 1, max: 1_000_000 });
const maxUnits = fc.option(units, { nil: null });

interface Input {
  kind: 'open' | 'close';
  region: string | null;
  project: string;
  version: string;
  anchor: number;
  slot: number;
  attempt: number;
  min: number;
  max: number | null;
}

const input: fc.Arbitrary<Input> = fc.record({
  kind: fc.constantFrom('open' as const, 'close' as const),
  region,
  project,
  version,
  anchor: instant,
  slot,
  attempt,
  min: units,
  max: maxUnits,
});

const tokenOf = (i: Input): string => {
  const t: TokenInput = {
    kind: i.kind,
    ref: { region: i.region, project: i.project, version: i.version },
    anchor: i.anchor,
    cause: tokenCause(i.slot, i.attempt),
    ...(i.kind === 'open' ? { minInferenceUnits: i.min, maxInferenceUnits: i.max } : {}),
  };
  return clientToken(t);
};

describe('clientToken', () => {
  it('matches the service pattern for any project, version, region, instant, cause and units', () => {
    fc.assert(
      fc.property(input, (i) => {
        const token = tokenOf(i);
        expect(token).toMatch(TOKEN);
        expect(token).toMatch(CLIENT_TOKEN_PATTERN);
        expect(token.length).toBeLessThanOrEqual(CLIENT_TOKEN_MAX);
      }),
      { numRuns: 500 },
    );
  });

  it('gives equal tokens for equal inputs', () => {
    fc.assert(
      fc.property(input, (i) => {
        expect(tokenOf(structuredClone(i))).toBe(tokenOf(i));
      }),
    );
  });

  const changes: [keyof Input, fc.Arbitrary<unknown>][] = [
    ['kind', fc.constantFrom('open', 'close')],
    ['region', region],
    ['project', project],
    ['version', version],
    ['anchor', instant],
    ['slot', slot],
    ['attempt', attempt],
  ];
  it.each(changes)('changes when the %s changes', (field, other) => {
    fc.assert(
      fc.property(input, other, (i, value) => {
        fc.pre(value !== i[field]);
        expect(tokenOf({ ...i, [field]: value })).not.toBe(tokenOf(i));
      }),
    );
  });

  it.each([
    ['min', units],
    ['max', maxUnits],
  ] as const)('changes for a start when the %s inference units change', (field, other) => {
    fc.assert(
      fc.property(input, other, (i, value) => {
        fc.pre(value !== i[field]);
        const start = { ...i, kind: 'open' as const };
        expect(tokenOf({ ...start, [field]: value })).not.toBe(tokenOf(start));
      }),
    );
  });

  it('changes with the anchor even within the same minute', () => {
    const base = Date.parse('2026-03-30T05:30:00Z');
    const ref = { region: 'us-east-1', project: 'line-a', version: '1' };
    const a = clientToken({ kind: 'open', ref, anchor: base, cause: 'a1', minInferenceUnits: 1 });
    const b = clientToken({ kind: 'open', ref, anchor: base + 1, cause: 'a1', minInferenceUnits: 1 });
    expect(a.slice(0, 23)).toBe(b.slice(0, 23));
    expect(a).not.toBe(b);
  });

  it('gives every (reconcile slot, attempt) pair its own cause', () => {
    fc.assert(
      fc.property(slot, attempt, slot, attempt, (s1, a1, s2, a2) => {
        fc.pre(s1 !== s2 || a1 !== a2);
        expect(tokenCause(s1, a1)).not.toBe(tokenCause(s2, a2));
      }),
    );
    expect([
      tokenCause(0, 1),
      tokenCause(0, 2),
      tokenCause(5, 1),
      tokenCause(1, 11),
      tokenCause(11, 1),
    ]).toEqual(['a1', 'a2', 'r5a1', 'r1a11', 'r11a1']);
  });

  it('has a readable prefix: kind, anchor to the minute, cause, then 24 hex digits', () => {
    const ref = { region: 'us-east-1', project: 'line-a', version: '1' };
    const anchor = Date.parse('2026-03-30T05:30:00Z');
    expect(clientToken({ kind: 'open', ref, anchor, cause: 'a1', minInferenceUnits: 1 })).toMatch(
      /^open-20260330t0530z-a1-[0-9a-f]{24}$/,
    );
    expect(clientToken({ kind: 'close', ref, anchor, cause: 'r12a3' })).toMatch(
      /^close-20260330t0530z-r12a3-[0-9a-f]{24}$/,
    );
  });

  it('keeps the whole digest when a long cause fills the prefix', () => {
    const ref = { region: 'us-east-1', project: 'p'.repeat(255), version: '9999999999' };
    const token = clientToken({
      kind: 'close',
      ref,
      anchor: Date.parse('2026-03-30T05:30:00Z'),
      cause: tokenCause(99_999_999, 99_999_999),
    });
    expect(token).toMatch(TOKEN);
    expect(token).toHaveLength(64);
    expect(token).toMatch(/[0-9a-f]{24}$/);
  });
});
