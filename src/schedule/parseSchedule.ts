/**
 * config/schedule.yaml -> a typed Schedule, or every problem in the file at once, each located
 * as FILE:LINE:COL from the YAML node it is about. Never throws for anything in the text.
 */
import { LineCounter, parseDocument } from 'yaml';
import { SchedulerError } from '../errors.js';
import { exceedsCountLimits } from './countLimits.js';
import { Collector, formatDiagnostic, Locator, type Path } from './diagnostics.js';
import { checkDocument, checkText } from './documentBounds.js';
import {
  BUILT_IN,
  checkLeadTime,
  checkReconcile,
  checkRegion,
  checkZone,
  LOOKOUTVISION_REGIONS,
  parseInstant,
} from './fieldChecks.js';
import {
  type PlacedModel,
  warnLatestBesideNumbered,
  warnLeadTimes,
  warnReconcileCapacity,
} from './fileWarnings.js';
import { warnAboutModel } from './modelWarnings.js';
import { type ScheduleFile, scheduleFileSchema } from './scheduleSchema.js';
import {
  acceptsName,
  DEFAULT_SERVICE,
  REKOGNITION_CUSTOM_LABELS_REGIONS,
  rejectName,
  SERVICE_TITLES,
  SERVICES,
  type ServiceName,
} from './serviceNames.js';
import { isPlainObject, reportIssue, show } from './structureIssues.js';
import { Suggestions } from './suggest.js';
import { type DayRange, parseDateExpr } from './syntax.js';
import { checkTopicArn } from './topicArn.js';
import type { Diagnostic, Override, Schedule } from './types.js';
import { ClosedOn, mergeDayRanges, parseRules, type RawWindow } from './windowRules.js';

/** What the caller knows that the file does not say. */
export interface ParseOptions {
  /** Name used in diagnostics (e.g. `config/schedule.yaml`). */
  readonly file: string;
  /** Region from the AWS configuration, used when neither a model nor `defaults` names one. */
  readonly defaultRegion?: string | null;
  /** The current instant, for warnings about the near future (DST gaps, past overrides); none if omitted. */
  readonly now?: number | null;
  /**
   * The region the stack is deployed to, when known (`serverless package`): `alerts.topicArn` must
   * be in it. Without it the topic is checked against the file's region (see topicArn.ts).
   */
  readonly stackRegion?: string | null;
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

export { BUILT_IN, formatDiagnostic, LOOKOUTVISION_REGIONS, REKOGNITION_CUSTOM_LABELS_REGIONS };

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

function parseInto(text: string, options: ParseOptions, out: Collector): Schedule | null {
  // Bounded work first: the size and nesting of the text, then what its aliases expand to.
  const tooBig = checkText(text);
  if (tooBig !== null) {
    out.error(positionIn(text, tooBig.offset), tooBig.message);
    return null;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
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
  const bounds = checkDocument(doc);
  for (const problem of bounds.problems) out.error(lines.linePos(problem.offset), problem.message);
  if (!bounds.complete) return null;

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

  if (exceedsCountLimits(raw as Record<string, unknown>, loc, out)) return null;
  const parsed = scheduleFileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) reportIssue(issue, [], raw, loc, out);
  }
  // Check meaning even when the structure has problems, so one run reports everything it can.
  return buildSchedule(raw as Partial<ScheduleFile>, options, loc, out);
}

// ---------------------------------------------------------------------------------------------
// Meaning: zones, dates, references, duplicates -> Schedule

type RawModel = Record<string, unknown>;

const isString = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const isService = (v: unknown): v is ServiceName => (SERVICES as readonly unknown[]).includes(v);
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
  const defaultZone = checkZone(defaults.timezone, ['defaults', 'timezone'], loc, out);
  const defaultLead = checkLeadTime(defaults.leadTime, ['defaults', 'leadTime'], loc, out);
  const defaultService = isService(defaults.service) ? defaults.service : DEFAULT_SERVICE;
  // Services of the models that take `defaults.region`: it is checked against each, once.
  const inheritRegion = new Set<ServiceName>();
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
      calendars.set(name, mergeDayRanges(ranges));
    }
  }
  const closedOn = new ClosedOn(calendars, usedCalendars, loc, out);

  // Models.
  const models: PlacedModel[] = [];
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

    const service = isService(m.service) ? m.service : defaultService;
    const project = isString(m.project) ? m.project : null;
    const version = isString(m.version) ? m.version : isInt(m.version) ? String(m.version) : null;
    checkServiceNames(service, { project, version }, path, loc, out);
    const id = isString(m.id) ? m.id : project !== null && version !== null ? `${project}:${version}` : null;

    const zone = pick('timezone');
    const timezone =
      (own('timezone') ? checkZone(zone.value, zone.path, loc, out) : defaultZone) ?? BUILT_IN.timezone;
    if (zone.value === undefined) {
      out.warn(
        loc.at(path),
        `model ${id ?? `#${index + 1}`} has no timezone (nor has defaults): its windows are in UTC`,
      );
    }
    const leadTimeMs = own('leadTime')
      ? checkLeadTime(m.leadTime, [...path, 'leadTime'], loc, out)
      : defaultLead;
    if (own('region')) checkRegion(m.region, [...path, 'region'], [service], loc, out);
    else inheritRegion.add(service);
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
    const closed = closedOn.parse(m.closedOn, [...path, 'closedOn']);

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
      const target = `${service}/${region ?? ''}/${project}/${version}`;
      const first = targetsAt.get(target);
      if (first === undefined) targetsAt.set(target, index);
      else if (id !== null && idsAt.get(id) === index) {
        out.error(
          loc.at(path),
          `${SERVICE_TITLES[service]} model ${project} version ${version}${region ? ` in ${region}` : ''} is already scheduled at line ${loc.at(['models', first]).line}; put all its windows in one entry`,
        );
      }
    }
    if (project === null || version === null || id === null) return;
    models.push({
      index,
      ownLeadTime: own('leadTime'),
      model: {
        id,
        service,
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

  checkRegion(
    defaults.region,
    ['defaults', 'region'],
    inheritRegion.size > 0 ? inheritRegion : [defaultService],
    loc,
    out,
  );

  for (const name of calendars.keys()) {
    if (!usedCalendars.has(name))
      out.warn(loc.keyAt(['calendars'], name), `calendar "${name}" is not used by any model`);
  }

  // Overrides.
  const suggestions = new Suggestions();
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
        `override names unknown model "${o.model}"${suggestions.didYouMean(o.model, idsAt.keys())}`,
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

  warnLeadTimes(models, loc, out);
  warnLatestBesideNumbered(models, loc, out);
  const finished = models.map(({ index, model }) => {
    const complete = { ...model, overrides: overridesByModel.get(model.id) ?? [] };
    const declared = asList((rawModels[index] as RawModel).windows).length;
    warnAboutModel(complete, index, declared, now, loc, out);
    return complete;
  });

  const pricing = isPlainObject(raw.pricing) ? (raw.pricing as Record<string, unknown>) : {};
  const reconcile = isPlainObject(raw.reconcile) ? (raw.reconcile as Record<string, unknown>) : {};
  const reconcileEveryMs = checkReconcile(reconcile.every, loc, out);
  warnReconcileCapacity(models, reconcileEveryMs, loc, out);
  const alerts = isPlainObject(raw.alerts) ? (raw.alerts as Record<string, unknown>) : {};
  const fileRegion = isString(defaults.region) ? defaults.region : (options.defaultRegion ?? null);
  checkTopicArn(alerts.topicArn, { stackRegion: options.stackRegion ?? null, fileRegion }, loc, out);
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

/**
 * `project` and `version` against the rules of the model's service. A name that no service accepts
 * was reported by the schema already; one that only another service accepts is reported here.
 */
function checkServiceNames(
  service: ServiceName,
  names: { readonly project: string | null; readonly version: string | null },
  path: Path,
  loc: Locator,
  out: Collector,
): void {
  for (const field of ['project', 'version'] as const) {
    const value = names[field];
    if (value === null || !SERVICES.some((s) => acceptsName(s, field, value))) continue;
    const problem = rejectName(service, field, value);
    if (problem !== null) out.error(loc.at([...path, field]), problem);
  }
}

/** Line and column of a text offset, for problems found before the YAML is parsed. */
function positionIn(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}
