/**
 * Structural problems (zod issues from scheduleSchema.ts) as located messages that start with the
 * key's name and say what is wrong and what is allowed.
 */
import type { z } from 'zod';
import type { Collector, Locator, Path } from './diagnostics.js';
import { didYouMean } from './suggest.js';

/** Every key the file format knows, for "did you mean" suggestions. */
export const KNOWN_KEYS = [
  'version',
  'defaults',
  'pricing',
  'calendars',
  'models',
  'overrides',
  'reconcile',
  'alerts',
  'service',
  'region',
  'timezone',
  'minInferenceUnits',
  'maxInferenceUnits',
  'leadTime',
  'project',
  'id',
  'windows',
  'closedOn',
  'days',
  'dates',
  'open',
  'close',
  'model',
  'state',
  'from',
  'until',
  'reason',
  'inferenceUnitHour',
  'currency',
  'every',
  'email',
  'topicArn',
];

type Issue = z.core.$ZodIssue;

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const step of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[step];
  }
  return v;
}

function describePath(path: Path): string {
  if (path.length === 0) return 'the file';
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    const parent = path[path.length - 2];
    return `${typeof parent === 'string' ? parent : 'item'}[${last}]`;
  }
  return String(last);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text ${show(v)}`;
  return `${typeof v === 'number' ? 'the number' : typeof v} ${String(v)}`;
}

/** A value as messages quote it: text in quotes, shortened to 60 characters (a value may be megabytes). */
export function show(v: unknown): string {
  // A mapping may hold a `toString` key that is not a function: String() would throw on it.
  if (typeof v === 'object' && v !== null) return Array.isArray(v) ? 'a list' : 'a mapping';
  if (typeof v !== 'string') return String(v);
  const quoted = JSON.stringify(v.length > 60 ? v.slice(0, 60) : v);
  return v.length > 60
    ? `${quoted.slice(0, -1)}..." (${v.length.toLocaleString('en-US')} characters)`
    : quoted;
}

export function reportIssue(issue: Issue, base: Path, root: unknown, loc: Locator, out: Collector): void {
  const path: Path = [...base, ...(issue.path as (string | number)[])];
  const value = valueAt(root, path);
  if (issue.code === 'invalid_union') {
    if (isPlainObject(value) && 'open' in value && 'days' in value === 'dates' in value) {
      const both = 'days' in value;
      out.error(
        loc.at(path),
        both ? 'a window has `days` or `dates`, not both' : 'a window needs `days` or `dates`',
      );
      return;
    }
    const branch = pickBranch(issue.errors, value);
    if (branch) for (const inner of branch) reportIssue(inner, path, root, loc, out);
    else out.error(loc.at(path), `${describePath(path)} ${show(value)} is not valid here`);
    return;
  }
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) {
      out.error(
        loc.keyAt(path, key),
        `unknown key "${key}" in ${describePath(path)}${didYouMean(key, KNOWN_KEYS)}`,
      );
    }
    return;
  }
  if (issue.code === 'invalid_type' && value === undefined) {
    const parent = path.slice(0, -1);
    const target = parent.length === 0 ? 'the file' : describePath(parent);
    out.error(loc.at(parent), `${target} is missing the required key "${String(path.at(-1))}"`);
    return;
  }
  if (issue.code === 'invalid_key') {
    out.error(
      loc.keyAt(path.slice(0, -1), String(path.at(-1))),
      `${show(path.at(-1))} ${issue.issues[0]?.message ?? 'is not a valid key'}`,
    );
    return;
  }
  out.error(loc.at(path), `${describePath(path)} ${issueText(issue, value)}`);
}

/** What is wrong with `value`, as the end of a sentence that starts with the key's name. */
function issueText(issue: Issue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.expected === 'int' && typeof value === 'number')
        return `${show(value)} must be a whole number`;
      const expected =
        { array: 'a list', object: 'a mapping' }[issue.expected as string] ?? `a ${issue.expected}`;
      return `must be ${expected}, not ${typeName(value)}`;
    }
    case 'invalid_value': {
      // A duration written as a bare number (`every: 15`): the union's other branch is the literal 0.
      if (typeof value === 'number' && issue.values.length === 1 && issue.values[0] === 0)
        return `${show(value)} is not a duration: write it with a unit, like 15m, 1h30m or 90s (only 0 goes without one)`;
      const values = issue.values.map(show);
      return `${show(value)} must be ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}`;
    }
    case 'too_small':
      if (Array.isArray(value) || typeof value === 'string') return 'must not be empty';
      return `${show(value)} must be at least ${String(issue.minimum)}`;
    case 'too_big':
      if (Array.isArray(value)) return `has more than ${String(issue.maximum)} items`;
      if (typeof value === 'string')
        return `${show(value)} is longer than ${String(issue.maximum)} characters`;
      return `${show(value)} must be at most ${String(issue.maximum)}`;
    default:
      return `${show(value)} ${issue.message}`;
  }
}

/** Of a union's branches, the one the value was evidently meant for. */
function pickBranch(branches: Issue[][], value: unknown): Issue[] | undefined {
  const rootType = (b: Issue[]) =>
    b.some((i) => i.path.length === 0 && i.code === 'invalid_type' && !sameKind(i.expected, value));
  const rootKeys = (b: Issue[]) => b.some((i) => i.path.length === 0 && i.code === 'unrecognized_keys');
  const candidates = branches.filter((b) => !rootType(b) && !rootKeys(b));
  const pool = candidates.length > 0 ? candidates : branches;
  if (value === undefined) return pool[0];
  return [...pool].sort((a, b) => a.length - b.length)[0];
}

function sameKind(expected: string, value: unknown): boolean {
  if (expected === 'int' || expected === 'number') return typeof value === 'number';
  if (expected === 'array') return Array.isArray(value);
  if (expected === 'object') return isPlainObject(value);
  return typeof value === expected;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
