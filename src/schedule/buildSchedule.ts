/**
 * Step 3 of reading a schedule file: its meaning. From what the structure step accepted (a
 * {@link ScheduleDraft}: shapes are checked there, and only there) to a Schedule: zones
 * canonicalised, dates and calendars resolved, references between entries, defaults applied,
 * duplicates and warnings reported, each located.
 */
import type { ScheduleDraft } from './checkStructure.js';
import type { Collector, Locator, Path } from './diagnostics.js';
import {
  BUILT_IN,
  checkLeadTime,
  checkReconcile,
  checkRegion,
  checkZone,
  parseInstant,
} from './fieldChecks.js';
import {
  type PlacedModel,
  warnLatestBesideNumbered,
  warnLeadTimes,
  warnReconcileCapacity,
} from './fileWarnings.js';
import { warnAboutModel } from './modelWarnings.js';
import {
  acceptsName,
  DEFAULT_SERVICE,
  rejectName,
  SERVICE_TITLES,
  SERVICES,
  type ServiceName,
} from './serviceNames.js';
import { show } from './structureIssues.js';
import { Suggestions } from './suggest.js';
import { type DayRange, parseDateExpr } from './syntax.js';
import { checkTopicArn } from './topicArn.js';
import type { Override, Schedule } from './types.js';
import { ClosedOn, mergeDayRanges, parseRules } from './windowRules.js';

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

/**
 * The Schedule a file's valid structure means, reporting what it cannot mean (unknown zones and
 * calendars, impossible dates, duplicate models, ...). The caller discards it when there are errors.
 */
export function buildSchedule(
  raw: ScheduleDraft,
  options: ParseOptions,
  loc: Locator,
  out: Collector,
): Schedule | null {
  const now = options.now ?? null;
  const defaults = raw.defaults ?? {};

  // Defaults are checked once, where they are written.
  const defaultZone = checkZone(defaults.timezone, ['defaults', 'timezone'], loc, out);
  const defaultLead = checkLeadTime(defaults.leadTime, ['defaults', 'leadTime'], loc, out);
  const defaultService = defaults.service ?? DEFAULT_SERVICE;
  // Services of the models that take `defaults.region`: it is checked against each, once.
  const inheritRegion = new Set<ServiceName>();
  const { minInferenceUnits: defaultMin, maxInferenceUnits: defaultMax } = defaults;
  if (typeof defaultMin === 'number' && typeof defaultMax === 'number') {
    if (defaultMin > defaultMax) {
      out.error(
        loc.at(['defaults', 'maxInferenceUnits']),
        `minInferenceUnits ${defaultMin} is more than maxInferenceUnits ${defaultMax}`,
      );
    }
  }

  // Calendars.
  const calendars = new Map<string, DayRange[]>();
  const usedCalendars = new Set<string>();
  if (raw.calendars) {
    for (const [name, dates] of Object.entries(raw.calendars)) {
      const ranges: DayRange[] = [];
      dates?.forEach((d, i) => {
        if (d === null) return;
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
  const rawModels = raw.models ?? [];
  rawModels.forEach((m, index) => {
    if (m === null) return;
    const path = ['models', index] as const;
    type Inherited = keyof typeof defaults;
    const own = (key: keyof typeof m) => m[key] !== undefined;
    const pick = <K extends Inherited>(key: K) =>
      own(key) ? { value: m[key], path: [...path, key] } : { value: defaults[key], path: ['defaults', key] };

    const service = m.service ?? defaultService;
    const project = m.project ?? null;
    const version = typeof m.version === 'number' ? String(m.version) : (m.version ?? null);
    checkServiceNames(service, { project, version }, path, loc, out);
    const id = m.id ?? (project !== null && version !== null ? `${project}:${version}` : null);

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
    const region = pick('region').value ?? options.defaultRegion ?? null;

    const minU = pick('minInferenceUnits');
    const maxU = pick('maxInferenceUnits');
    const minInferenceUnits = minU.value ?? BUILT_IN.minInferenceUnits;
    const maxInferenceUnits = maxU.value ?? null;
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

    const rules = m.windows ? parseRules(m.windows, [...path, 'windows'], loc, out) : [];
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
  raw.overrides?.forEach((o, index) => {
    if (o === null) return;
    const path = ['overrides', index] as const;
    const from = parseInstant(o.from, [...path, 'from'], loc, out);
    const until = parseInstant(o.until, [...path, 'until'], loc, out);
    if (typeof o.model === 'string' && !idsAt.has(o.model)) {
      out.error(
        loc.at([...path, 'model']),
        `override names unknown model "${o.model}"${suggestions.didYouMean(o.model, idsAt.keys())}`,
      );
    }
    if (from === null || until === null || typeof o.model !== 'string') return;
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
    if (typeof o.state !== 'string') return;
    const list = overridesByModel.get(o.model) ?? [];
    list.push({ model: o.model, state: o.state, from, until, reason: o.reason ?? null });
    overridesByModel.set(o.model, list);
  });

  warnLeadTimes(models, loc, out);
  warnLatestBesideNumbered(models, loc, out);
  const finished = models.map(({ index, model }) => {
    const complete = { ...model, overrides: overridesByModel.get(model.id) ?? [] };
    // Windows written but not as a list were reported by the schema: "no windows" would be noise.
    const windows = rawModels[index]?.windows;
    const declared = windows === null ? 1 : (windows?.length ?? 0);
    warnAboutModel(complete, index, declared, now, loc, out);
    return complete;
  });

  const pricing = raw.pricing ?? {};
  const reconcileEveryMs = checkReconcile(raw.reconcile?.every, loc, out);
  warnReconcileCapacity(models, reconcileEveryMs, loc, out);
  const alerts = raw.alerts ?? {};
  const fileRegion = defaults.region ?? options.defaultRegion ?? null;
  checkTopicArn(alerts.topicArn, { stackRegion: options.stackRegion ?? null, fileRegion }, loc, out);
  return {
    version: 1,
    models: finished,
    pricing: {
      inferenceUnitHour: pricing.inferenceUnitHour ?? BUILT_IN.inferenceUnitHour,
      currency: pricing.currency ?? BUILT_IN.currency,
    },
    reconcileEveryMs,
    alerts: {
      email: alerts.email ?? null,
      topicArn: alerts.topicArn ?? null,
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
