/**
 * config/schedule.yaml -> a typed Schedule, or every problem in the file at once, each located
 * as FILE:LINE:COL from the YAML node it is about. Never throws for anything in the text.
 */
import { DateTime } from 'luxon';
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { SchedulerError } from '../errors.js';
import { type ScheduleFile, scheduleFileSchema } from './scheduleSchema.js';
import { isClosed, selects } from './selects.js';
import { didYouMean } from './suggest.js';
import {
  type DayRange,
  formatDate,
  formatTimeOfDay,
  parseDateExpr,
  parseDaysExpr,
  parseDuration,
  parseTimeOfDay,
} from './syntax.js';
import type { Diagnostic, ModelSchedule, Override, Schedule, WindowRule } from './types.js';
import { SHORT_WINDOW_MINUTES } from './windows.js';
import { DAY, HOUR, isValidTimeZone, MINUTE, ZoneRules } from './zone.js';

/** What the caller knows that the file does not say. */
export interface ParseOptions {
  /** Name used in diagnostics (e.g. `config/schedule.yaml`). */
  readonly file: string;
  /** Region from the AWS configuration, used when neither a model nor `defaults` names one. */
  readonly defaultRegion?: string | null;
  /** The current instant, for warnings about the near future (DST gaps, past overrides); none if omitted. */
  readonly now?: number | null;
}

export interface ParseResult {
  /** The schedule, or null when there is at least one error. */
  readonly schedule: Schedule | null;
  /** Errors and warnings in file order. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Thrown by {@link parseScheduleOrThrow}: carries every diagnostic; its message lists the errors. */
export class ScheduleFileError extends SchedulerError {
  override name = 'ScheduleFileError';
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(
      diagnostics
        .filter((d) => d.severity === 'error')
        .map(formatDiagnostic)
        .join('\n'),
    );
    this.diagnostics = diagnostics;
  }
}

/** Built-in defaults when a key is absent everywhere. */
export const BUILT_IN = {
  timezone: 'UTC',
  minInferenceUnits: 1,
  leadTimeMs: 0,
  inferenceUnitHour: 4.0,
  currency: 'USD',
  reconcileEveryMs: 15 * MINUTE,
} as const;

/** Regions where Lookout for Vision was offered (aws-facts.md; the service model does not list them). */
export const LOOKOUTVISION_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-northeast-1',
  'ap-northeast-2',
] as const;

const MAX_LEAD_TIME_MS = 24 * HOUR;
/** How far ahead of `now` DST gaps are looked for. */
const GAP_HORIZON_MS = 400 * DAY;

/** Every key the file format knows, for "did you mean" suggestions. */
const KNOWN_KEYS = [
  'version',
  'defaults',
  'pricing',
  'calendars',
  'models',
  'overrides',
  'reconcile',
  'alerts',
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

type Path = readonly (string | number)[];

/** `FILE:LINE:COL: message`, with `warning: ` before the message of a warning. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
}

/** Like {@link parseSchedule}, but throws a {@link ScheduleFileError} when the file has errors. */
export function parseScheduleOrThrow(text: string, options: ParseOptions): Schedule {
  const result = parseSchedule(text, options);
  if (result.schedule === null) throw new ScheduleFileError(result.diagnostics);
  return result.schedule;
}

/**
 * Parses and validates a schedule file. Errors make `schedule` null; warnings do not.
 *
 * @example
 * const { schedule, diagnostics } = parseSchedule(text, { file: 'config/schedule.yaml', now: Date.parse(at) });
 */
export function parseSchedule(text: string, options: ParseOptions): ParseResult {
  const collector = new Collector(options.file);
  try {
    const schedule = parseInto(text, options, collector);
    return { schedule: collector.hasErrors() ? null : schedule, diagnostics: collector.sorted() };
  } catch (cause) {
    // The parser must only ever report located problems; anything else is a bug worth showing as one.
    collector.error(
      { line: 1, col: 1 },
      `internal error while reading the file: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    return { schedule: null, diagnostics: collector.sorted() };
  }
}

class Collector {
  readonly #items: Diagnostic[] = [];
  readonly #seen = new Set<string>();
  constructor(readonly file: string) {}
  error(at: { line: number; col: number }, message: string): void {
    this.#add('error', at, message);
  }
  warn(at: { line: number; col: number }, message: string): void {
    this.#add('warning', at, message);
  }
  #add(severity: Diagnostic['severity'], at: { line: number; col: number }, message: string): void {
    const key = `${severity}:${at.line}:${at.col}:${message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.#items.push({ severity, file: this.file, line: at.line, col: at.col, message });
  }
  hasErrors(): boolean {
    return this.#items.some((d) => d.severity === 'error');
  }
  sorted(): Diagnostic[] {
    return [...this.#items].sort((a, b) => a.line - b.line || a.col - b.col);
  }
}

/** Finds YAML nodes by path and turns their offsets into line:col. */
class Locator {
  constructor(
    readonly contents: unknown,
    readonly lines: LineCounter,
  ) {}

  /** Position of the value at `path`, or of the nearest ancestor that exists. */
  at(path: Path): { line: number; col: number } {
    return this.#pos(this.#walk(path).node);
  }

  /** Position of the key `key` of the mapping at `path` (falls back to the mapping). */
  keyAt(path: Path, key: string): { line: number; col: number } {
    const { node } = this.#walk(path);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair && isScalar(pair.key)) return this.#pos(pair.key);
    }
    return this.#pos(node);
  }

  #walk(path: Path): { node: unknown } {
    let node: unknown = this.contents;
    for (const step of path) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === step);
        next = pair?.value ?? undefined;
        // A key with no value (`close:`) has a null value node: point at the key instead.
        if (pair && next === null) next = pair.key;
      } else if (isSeq(node) && typeof step === 'number') {
        next = node.items[step];
      }
      if (next === undefined || next === null) break;
      node = next;
    }
    return { node };
  }

  #pos(node: unknown): { line: number; col: number } {
    const n = isPair(node) ? node.key : node;
    const offset = (n as Node | undefined)?.range?.[0];
    if (offset === undefined) return { line: 1, col: 1 };
    return this.lines.linePos(offset);
  }
}

function parseInto(text: string, options: ParseOptions, out: Collector): Schedule | null {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const yamlProblems = [...doc.errors, ...doc.warnings];
  for (const e of yamlProblems) {
    // prettyErrors is off (it would put a code excerpt in the message): locate from the offset.
    const offset = e.pos[0];
    const pos = Number.isFinite(offset) ? lines.linePos(offset) : { line: 1, col: 1 };
    const message = `YAML: ${e.message.split('\n')[0]}`;
    if (doc.errors.includes(e as (typeof doc.errors)[number])) out.error(pos, message);
    else out.warn(pos, message);
  }
  if (doc.errors.length > 0) return null;

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (cause) {
    out.error({ line: 1, col: 1 }, `YAML: ${cause instanceof Error ? cause.message : String(cause)}`);
    return null;
  }
  const loc = new Locator(doc.contents, lines);
  if (raw === null || raw === undefined || typeof raw !== 'object' || Array.isArray(raw)) {
    out.error(loc.at([]), 'the schedule must be a mapping with at least `version: 1` and `models:`');
    return null;
  }

  const parsed = scheduleFileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) reportIssue(issue, [], raw, loc, out);
  }
  // Check meaning even when the structure has problems, so one run reports everything it can.
  return buildSchedule(raw as Partial<ScheduleFile>, options, loc, out);
}

// ---------------------------------------------------------------------------------------------
// Structural issues (zod) -> located messages

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
  if (typeof v === 'string') return `the text ${JSON.stringify(v)}`;
  return `${typeof v === 'number' ? 'the number' : typeof v} ${String(v)}`;
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function reportIssue(issue: Issue, base: Path, root: unknown, loc: Locator, out: Collector): void {
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
      const values = issue.values.map(show);
      return `${show(value)} must be ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}`;
    }
    case 'too_small':
      if (Array.isArray(value) || typeof value === 'string') return 'must not be empty';
      return `${show(value)} must be at least ${String(issue.minimum)}`;
    case 'too_big':
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

// ---------------------------------------------------------------------------------------------
// Meaning: zones, dates, references, duplicates -> Schedule

type RawWindow = { days?: unknown; dates?: unknown; open?: unknown; close?: unknown };
type RawModel = Record<string, unknown>;

const isString = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function buildSchedule(
  raw: Partial<ScheduleFile>,
  options: ParseOptions,
  loc: Locator,
  out: Collector,
): Schedule | null {
  const now = options.now ?? null;
  const defaults = (isPlainObject(raw.defaults) ? raw.defaults : {}) as Record<string, unknown>;

  // Defaults are checked once, where they are written.
  const defaultZoneOk = checkZone(defaults.timezone, ['defaults', 'timezone'], loc, out);
  const defaultLead = checkLeadTime(defaults.leadTime, ['defaults', 'leadTime'], loc, out);
  checkRegion(defaults.region, ['defaults', 'region'], loc, out);
  if (isInt(defaults.minInferenceUnits) && isInt(defaults.maxInferenceUnits)) {
    if (defaults.minInferenceUnits > defaults.maxInferenceUnits) {
      out.error(
        loc.at(['defaults', 'maxInferenceUnits']),
        `minInferenceUnits ${defaults.minInferenceUnits} is more than maxInferenceUnits ${defaults.maxInferenceUnits}`,
      );
    }
  }

  // Calendars.
  const calendars = new Map<string, DayRange[]>();
  const usedCalendars = new Set<string>();
  if (isPlainObject(raw.calendars)) {
    for (const [name, dates] of Object.entries(raw.calendars)) {
      const ranges: DayRange[] = [];
      asList(dates).forEach((d, i) => {
        if (!isString(d)) return;
        const r = parseDateExpr(d);
        if (typeof r === 'string') out.error(loc.at(['calendars', name, i]), r);
        else ranges.push(r);
      });
      calendars.set(name, ranges);
    }
  }

  // Models.
  const models: { index: number; model: ModelSchedule }[] = [];
  const idsAt = new Map<string, number>();
  const targetsAt = new Map<string, number>();
  const rawModels = Array.isArray(raw.models) ? (raw.models as unknown[]) : [];
  rawModels.forEach((value, index) => {
    if (!isPlainObject(value)) return;
    const m = value as RawModel;
    const path = ['models', index] as const;
    const own = (key: string) => m[key] !== undefined;
    const pick = (key: string): { value: unknown; path: Path } =>
      own(key) ? { value: m[key], path: [...path, key] } : { value: defaults[key], path: ['defaults', key] };

    const project = isString(m.project) ? m.project : null;
    const version = isString(m.version) ? m.version : isInt(m.version) ? String(m.version) : null;
    const id = isString(m.id) ? m.id : project !== null && version !== null ? `${project}:${version}` : null;

    const zone = pick('timezone');
    const zoneOk = own('timezone') ? checkZone(zone.value, zone.path, loc, out) : defaultZoneOk;
    const timezone = isString(zone.value) && zoneOk ? zone.value : BUILT_IN.timezone;
    if (zone.value === undefined) {
      out.warn(
        loc.at(path),
        `model ${id ?? `#${index + 1}`} has no timezone (nor has defaults): its windows are in UTC`,
      );
    }
    const leadTimeMs = own('leadTime')
      ? checkLeadTime(m.leadTime, [...path, 'leadTime'], loc, out)
      : defaultLead;
    if (own('region')) checkRegion(m.region, [...path, 'region'], loc, out);
    const regionValue = pick('region').value;
    const region = isString(regionValue) ? regionValue : (options.defaultRegion ?? null);

    const minU = pick('minInferenceUnits');
    const maxU = pick('maxInferenceUnits');
    const minInferenceUnits = isInt(minU.value) ? minU.value : BUILT_IN.minInferenceUnits;
    const maxInferenceUnits = isInt(maxU.value) ? maxU.value : null;
    // When both come from defaults, the defaults check below reports it once.
    const inherited = !own('minInferenceUnits') && !own('maxInferenceUnits');
    if (!inherited && maxInferenceUnits !== null && minInferenceUnits > maxInferenceUnits) {
      const where = own('maxInferenceUnits') || !own('minInferenceUnits') ? maxU.path : minU.path;
      out.error(
        loc.at(where),
        `minInferenceUnits ${minInferenceUnits} is more than maxInferenceUnits ${maxInferenceUnits}` +
          (id ? ` for model ${id}` : ''),
      );
    }

    const rules = Array.isArray(m.windows)
      ? parseRules(m.windows as RawWindow[], [...path, 'windows'], loc, out)
      : [];
    const closed = parseClosedOn(m.closedOn, [...path, 'closedOn'], calendars, usedCalendars, loc, out);

    if (id !== null) {
      const first = idsAt.get(id);
      if (first !== undefined) {
        out.error(
          loc.at(own('id') ? [...path, 'id'] : path),
          `duplicate model id "${id}" (first at line ${loc.at(['models', first]).line}); give one of them another \`id\``,
        );
      } else idsAt.set(id, index);
    }
    if (project !== null && version !== null) {
      const target = `${region ?? ''}/${project}/${version}`;
      const first = targetsAt.get(target);
      if (first === undefined) targetsAt.set(target, index);
      else if (id !== null && idsAt.get(id) === index) {
        out.error(
          loc.at(path),
          `model ${project} version ${version}${region ? ` in ${region}` : ''} is already scheduled at line ${loc.at(['models', first]).line}; put all its windows in one entry`,
        );
      }
    }
    if (project === null || version === null || id === null) return;
    models.push({
      index,
      model: {
        id,
        project,
        version,
        region,
        timezone,
        minInferenceUnits,
        maxInferenceUnits,
        leadTimeMs,
        rules,
        closed,
        overrides: [],
      },
    });
  });

  for (const name of calendars.keys()) {
    if (!usedCalendars.has(name))
      out.warn(loc.keyAt(['calendars'], name), `calendar "${name}" is not used by any model`);
  }

  // Overrides.
  const overridesByModel = new Map<string, Override[]>();
  const rawOverrides = Array.isArray(raw.overrides) ? (raw.overrides as unknown[]) : [];
  rawOverrides.forEach((value, index) => {
    if (!isPlainObject(value)) return;
    const o = value as Record<string, unknown>;
    const path = ['overrides', index] as const;
    const from = parseInstant(o.from, [...path, 'from'], loc, out);
    const until = parseInstant(o.until, [...path, 'until'], loc, out);
    if (isString(o.model) && !idsAt.has(o.model)) {
      out.error(
        loc.at([...path, 'model']),
        `override names unknown model "${o.model}"${didYouMean(o.model, idsAt.keys())}`,
      );
    }
    if (from === null || until === null || !isString(o.model)) return;
    if (until <= from) {
      out.error(
        loc.at([...path, 'until']),
        `override until ${show(o.until)} is not after from ${show(o.from)}`,
      );
      return;
    }
    if (now !== null && until <= now) {
      out.warn(
        loc.at(path),
        `override for "${o.model}" ended at ${show(o.until)}; it has no effect any more`,
      );
    }
    if (o.state !== 'hosted' && o.state !== 'stopped') return;
    const list = overridesByModel.get(o.model) ?? [];
    list.push({ model: o.model, state: o.state, from, until, reason: isString(o.reason) ? o.reason : null });
    overridesByModel.set(o.model, list);
  });

  const finished = models.map(({ index, model }) => {
    const complete = { ...model, overrides: overridesByModel.get(model.id) ?? [] };
    const declared = asList((rawModels[index] as RawModel).windows).length;
    warnAboutModel(complete, index, declared, now, loc, out);
    return complete;
  });

  const pricing = isPlainObject(raw.pricing) ? (raw.pricing as Record<string, unknown>) : {};
  const reconcile = isPlainObject(raw.reconcile) ? (raw.reconcile as Record<string, unknown>) : {};
  const reconcileEveryMs = checkReconcile(reconcile.every, loc, out);
  const alerts = isPlainObject(raw.alerts) ? (raw.alerts as Record<string, unknown>) : {};
  return {
    version: 1,
    models: finished,
    pricing: {
      inferenceUnitHour:
        typeof pricing.inferenceUnitHour === 'number'
          ? pricing.inferenceUnitHour
          : BUILT_IN.inferenceUnitHour,
      currency: isString(pricing.currency) ? pricing.currency : BUILT_IN.currency,
    },
    reconcileEveryMs,
    alerts: {
      email: isString(alerts.email) ? alerts.email : null,
      topicArn: isString(alerts.topicArn) ? alerts.topicArn : null,
    },
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function checkZone(value: unknown, path: Path, loc: Locator, out: Collector): boolean {
  if (!isString(value) || value.length === 0) return value === undefined;
  if (isValidTimeZone(value)) return true;
  out.error(
    loc.at(path),
    `timezone "${value}" is not an IANA time zone (like Europe/Berlin or America/Chicago)`,
  );
  return false;
}

function checkLeadTime(value: unknown, path: Path, loc: Locator, out: Collector): number {
  if (value === 0) return 0;
  if (!isString(value)) return BUILT_IN.leadTimeMs;
  const ms = parseDuration(value);
  if (ms === undefined) return BUILT_IN.leadTimeMs;
  if (ms >= MAX_LEAD_TIME_MS) {
    out.error(loc.at(path), `leadTime "${value}" must be shorter than 24h`);
    return BUILT_IN.leadTimeMs;
  }
  return ms;
}

function checkRegion(value: unknown, path: Path, loc: Locator, out: Collector): void {
  if (!isString(value) || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(value)) return;
  if (!(LOOKOUTVISION_REGIONS as readonly string[]).includes(value)) {
    out.warn(
      loc.at(path),
      `region "${value}" is not one where Lookout for Vision was offered (${LOOKOUTVISION_REGIONS.join(', ')})`,
    );
  }
}

function checkReconcile(value: unknown, loc: Locator, out: Collector): number {
  if (!isString(value) && value !== 0) return BUILT_IN.reconcileEveryMs;
  const ms = value === 0 ? 0 : parseDuration(value as string);
  if (ms === undefined) return BUILT_IN.reconcileEveryMs;
  if (ms < MINUTE || ms % MINUTE !== 0 || ms > DAY) {
    out.error(
      loc.at(['reconcile', 'every']),
      `reconcile every "${value}" must be whole minutes from 1m to 24h (EventBridge Scheduler rates are in minutes)`,
    );
    return BUILT_IN.reconcileEveryMs;
  }
  return ms;
}

function parseInstant(value: unknown, path: Path, loc: Locator, out: Collector): number | null {
  // Text without an offset was reported by the schema: it has no single meaning, so it is not guessed.
  if (!isString(value) || !/(?:Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const dt = DateTime.fromISO(value, { setZone: true });
  if (!dt.isValid) {
    out.error(loc.at(path), `${show(value)} is not a real date and time`);
    return null;
  }
  return dt.toMillis();
}

function parseRules(windows: RawWindow[], path: Path, loc: Locator, out: Collector): WindowRule[] {
  const rules: WindowRule[] = [];
  windows.forEach((w, i) => {
    if (!isPlainObject(w)) return;
    const at = [...path, i];
    const open = isString(w.open) ? parseTimeOfDay(w.open) : undefined;
    const close = isString(w.close) ? parseTimeOfDay(w.close) : undefined;
    if (open === 1440)
      out.error(loc.at([...at, 'open']), 'open "24:00" is the end of a day; open at "00:00" instead');
    if (open !== undefined && close !== undefined && open === close) {
      out.error(loc.at([...at, 'close']), `close "${w.close}" equals open: a window cannot be empty`);
    }
    let weekdays: number | null = null;
    let dates: DayRange[] | null = null;
    if (w.days !== undefined && w.dates === undefined) {
      let mask = 0;
      for (const d of asList(w.days)) if (isString(d)) mask |= parseDaysExpr(d) ?? 0;
      weekdays = mask;
    } else if (w.dates !== undefined && w.days === undefined) {
      dates = [];
      const list = asList(w.dates);
      list.forEach((d, j) => {
        if (!isString(d)) return;
        const r = parseDateExpr(d);
        if (typeof r === 'string')
          out.error(loc.at(Array.isArray(w.dates) ? [...at, 'dates', j] : [...at, 'dates']), r);
        else dates?.push(r);
      });
      // Overlapping ranges are merged: the lookup is a binary search over disjoint ranges.
      dates = mergeDayRanges(dates);
    } else return;
    if (open === undefined || close === undefined || open === 1440 || open === close) return;
    const minutes = close > open ? close - open : close + 1440 - open;
    if (minutes < SHORT_WINDOW_MINUTES) {
      out.warn(
        loc.at(at),
        `window ${formatTimeOfDay(open)}-${formatTimeOfDay(close)} is only ${minutes} minutes long; a start takes 10-20 minutes`,
      );
    }
    rules.push({ weekdays, dates, open, close });
  });
  return rules;
}

function parseClosedOn(
  value: unknown,
  path: Path,
  calendars: Map<string, DayRange[]>,
  used: Set<string>,
  loc: Locator,
  out: Collector,
): DayRange[] {
  const ranges: DayRange[] = [];
  const list = asList(value);
  list.forEach((item, i) => {
    if (!isString(item)) return;
    const at = Array.isArray(value) ? [...path, i] : path;
    if (/^\d{4}-/.test(item)) {
      const r = parseDateExpr(item);
      if (typeof r === 'string') out.error(loc.at(at), r);
      else ranges.push(r);
      return;
    }
    const calendar = calendars.get(item);
    if (calendar === undefined) {
      out.error(loc.at(at), `unknown calendar "${item}"${didYouMean(item, calendars.keys())}`);
      return;
    }
    used.add(item);
    ranges.push(...calendar);
  });
  return mergeDayRanges(ranges);
}

function mergeDayRanges(ranges: DayRange[]): DayRange[] {
  const sorted = [...ranges].sort((a, b) => a.first - b.first);
  const merged: DayRange[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.first <= last.last + 1)
      merged[merged.length - 1] = { first: last.first, last: Math.max(last.last, r.last) };
    else merged.push(r);
  }
  return merged;
}

/** Warnings that need the whole model: DST gaps ahead, nothing ever hosted, dates all past. */
function warnAboutModel(
  m: ModelSchedule,
  index: number,
  declared: number,
  now: number | null,
  loc: Locator,
  out: Collector,
): void {
  const path = ['models', index] as const;
  // Only when the file declares none: windows with errors were reported already.
  if (declared === 0 && !m.overrides.some((o) => o.state === 'hosted')) {
    out.warn(loc.at(path), `model ${m.id} has no windows: it will be kept stopped`);
  }
  if (now === null) return;
  const nowDay = Math.floor(now / DAY);
  const zone = ZoneRules.of(m.timezone);
  const gaps = zone.gapsBetween(now - DAY, now + GAP_HORIZON_MS);
  m.rules.forEach((rule, i) => {
    if (rule.dates?.every((r) => r.last < nowDay - 1)) {
      out.warn(loc.at([...path, 'windows', i, 'dates']), `every date of this window is in the past`);
    }
    for (const edge of ['open', 'close'] as const) {
      const minute = rule[edge];
      // The edge of the window of local date D is at D + (a day, for an overnight close) + minute.
      const offset = edge === 'close' && rule.close <= rule.open ? DAY : 0;
      for (const gap of gaps) {
        const gapDay = Math.floor(gap.localStart / DAY);
        const windowDay = [gapDay - 2, gapDay - 1, gapDay].find((d) => {
          const local = d * DAY + offset + minute * MINUTE;
          return local >= gap.localStart && local < gap.localEnd;
        });
        if (windowDay === undefined) continue;
        if (!selects(rule, windowDay) || isClosed(m.closed, windowDay)) continue;
        const edgeDay = Math.floor((windowDay * DAY + offset + minute * MINUTE) / DAY);
        const shifted = formatTimeOfDay((minute + (gap.localEnd - gap.localStart) / MINUTE) % 1440);
        out.warn(
          loc.at([...path, 'windows', i, edge]),
          `${edge} ${formatTimeOfDay(minute)} falls in the DST gap of ${m.timezone} on ${formatDate(edgeDay)} ` +
            `(${formatTimeOfDay(minuteOfDay(gap.localStart))}-${formatTimeOfDay(minuteOfDay(gap.localEnd))} does not exist); ` +
            `the model will ${edge === 'open' ? 'start' : 'stop'} at ${shifted} that day`,
        );
        break;
      }
    }
  });
}

function minuteOfDay(local: number): number {
  return ((Math.floor(local / MINUTE) % 1440) + 1440) % 1440;
}
