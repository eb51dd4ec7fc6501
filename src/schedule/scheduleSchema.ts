/**
 * The structure of config/schedule.yaml as one zod schema: the validator's first pass and the
 * source of config/schedule.schema.json (editor completion). Meaning that a shape cannot carry
 * (real dates, zones, references between entries) is checked in buildSchedule.ts.
 */
import { z } from 'zod';
import { LIMITS } from './limits.js';
import { LOOKOUTVISION } from './serviceConstraints.generated.js';
import { anyServicePattern, describeName, longestName, type NameField, SERVICES } from './serviceNames.js';
import { DATE_EXPR, DAYS_EXPR, DURATION, TIME_OF_DAY } from './syntax.js';

/** Message builders receive the offending value; the locator prefixes the key and the value. */
const says = (predicate: string) => ({ error: () => predicate });

// Service-blind first check: a name some service accepts. Which service's rules apply is known
// only once `service` is resolved against `defaults` (buildSchedule.ts checks that, located).
const anyServiceName = (field: NameField, what: string) =>
  z
    .string()
    .min(1)
    .max(longestName(field))
    .regex(
      new RegExp(anyServicePattern(field)),
      says(
        `is not a ${what} of any service (${SERVICES.map((s) => `${s}: ${describeName(s, field)}`).join('; ')})`,
      ),
    );

const projectName = anyServiceName('project', 'project name').meta({
  description: 'Lookout for Vision project name, or Rekognition Custom Labels project name',
});

const modelVersion = z
  .union([
    anyServiceName('version', 'model version'),
    // A YAML number becomes its decimal text, which the service's rules then check.
    z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  ])
  .meta({
    description:
      'Lookout for Vision model version (1, 2, ..., latest) or Rekognition Custom Labels version name; YAML numbers are accepted and normalised to strings',
  });

const service = z
  .enum(SERVICES)
  .meta({ description: 'Hosting service of the model (default lookoutvision)' });

const inferenceUnits = z
  .number()
  .int(says('is not a whole number'))
  .min(LOOKOUTVISION.InferenceUnits.min, says(`must be at least ${LOOKOUTVISION.InferenceUnits.min}`));

const timeOfDay = z.string().regex(TIME_OF_DAY, says('is not a time of day (HH:MM, 00:00-24:00)'));
const duration = z.union([
  z.string().regex(DURATION, says('is not a duration (like 90s, 15m, 1h30m)')),
  z.literal(0),
]);
const timezone = z
  .string()
  .min(1)
  .max(LIMITS.textLength)
  .meta({ description: 'IANA time-zone name, e.g. Europe/Berlin' });
const region = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, says('is not an AWS region name (like us-east-1)'))
  .meta({ description: 'AWS region of the model' });
const dateExpr = z
  .string()
  .regex(DATE_EXPR, says('is not a date or a date range (YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)'));
const daysExpr = z
  .string()
  .regex(
    DAYS_EXPR,
    says('is not a day or day range (Mon..Sun, Mon-Fri, Fri-Mon, daily, weekdays, weekends)'),
  );
const CALENDAR_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const calendarName = z
  .string()
  .max(LIMITS.nameLength)
  .regex(CALENDAR_NAME, says('is not a calendar name (a letter, then letters, digits, _ or -)'));
const instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/,
    says('is not an instant with an offset (like 2026-12-10T00:00:00+01:00)'),
  );

const unitsAndTime = {
  service: service.optional(),
  region: region.optional(),
  timezone: timezone.optional(),
  minInferenceUnits: inferenceUnits
    .optional()
    .meta({ description: 'Inference units to start with (default 1)' }),
  maxInferenceUnits: inferenceUnits
    .optional()
    .meta({ description: 'Upper bound for auto-scaling; omit for none' }),
  leadTime: duration.optional().meta({ description: 'Start this long before each opening (e.g. 15m)' }),
};

const windowTimes = {
  open: timeOfDay.meta({ description: 'Local opening time, HH:MM' }),
  close: timeOfDay.meta({
    description: 'Local closing time, HH:MM; earlier than open means the next morning',
  }),
};

const windowRule = z.union([
  z.strictObject({
    days: z
      .union([daysExpr, z.array(daysExpr).min(1).max(LIMITS.datesPerList)])
      .meta({ description: 'Mon..Sun, Mon-Fri, daily, ...' }),
    ...windowTimes,
  }),
  z.strictObject({
    dates: z
      .union([dateExpr, z.array(dateExpr).min(1).max(LIMITS.datesPerList)])
      .meta({ description: 'YYYY-MM-DD or A..B, or a list' }),
    ...windowTimes,
  }),
]);

const closedOnItem = z
  .string()
  .regex(
    new RegExp(`^(?:${DATE_EXPR.source.slice(1, -1)}|${CALENDAR_NAME.source.slice(1, -1)})$`),
    says('is neither a calendar name nor a date (YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)'),
  );

const model = z.strictObject({
  project: projectName,
  version: modelVersion,
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, says('is not a model id (letters, digits, _ . : -; 1-128)'))
    .optional()
    .meta({ description: 'Name used in overrides and logs; default "<project>:<version>"' }),
  ...unitsAndTime,
  windows: z.array(windowRule).meta({ description: 'Operating windows in the model time zone' }),
  closedOn: z
    .union([closedOnItem, z.array(closedOnItem).max(LIMITS.datesPerList)])
    .optional()
    .meta({ description: 'Calendar names and dates on which no window opens' }),
});

const override = z.strictObject({
  model: z.string().min(1).max(LIMITS.nameLength).meta({ description: 'A model id' }),
  state: z.enum(['hosted', 'stopped']),
  from: instant,
  until: instant,
  reason: z.string().max(LIMITS.reasonLength).optional(),
});

/** The schedule file's structure (version 1). */
export const scheduleFileSchema = z
  .strictObject({
    version: z.literal(1),
    defaults: z.strictObject(unitsAndTime).optional(),
    pricing: z
      .strictObject({
        inferenceUnitHour: z
          .number()
          .nonnegative()
          .optional()
          .meta({ description: 'USD per inference-unit-hour' }),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, says('is not a currency code (like USD)'))
          .optional(),
      })
      .optional(),
    calendars: z.record(calendarName, z.array(dateExpr).max(LIMITS.datesPerList)).optional(),
    models: z.array(model).max(LIMITS.models),
    overrides: z.array(override).max(LIMITS.overrides).optional(),
    reconcile: z
      .strictObject({ every: duration.meta({ description: 'Reconcile period (default 15m)' }) })
      .optional(),
    alerts: z
      .strictObject({
        email: z
          .string()
          .max(LIMITS.emailLength)
          .pipe(z.email())
          .optional()
          .meta({ description: 'Subscribe this address to the alert topic' }),
        topicArn: z
          .string()
          .regex(
            /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/,
            says('is not an SNS topic ARN'),
          )
          .optional()
          .meta({ description: 'Publish alerts to this existing topic instead of a new one' }),
      })
      .optional(),
  })
  .meta({
    title: 'lookoutvision-scheduler schedule',
    description: 'Operating windows of Lookout for Vision and Rekognition Custom Labels models',
  });

export type ScheduleFile = z.infer<typeof scheduleFileSchema>;

/** JSON Schema (draft-07) of the schedule file, for `# yaml-language-server: $schema=...`. */
export function scheduleJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scheduleFileSchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
}
