/**
 * Step 2 of reading a schedule file: its structure, checked by zod alone (scheduleSchema.ts).
 * Every structural problem is reported, located. What the schema accepts is kept for the meaning
 * step as a {@link Draft}, so that one run reports everything it can: a value the schema rejects
 * becomes null (written, but unusable) and a value not written stays absent. The meaning step
 * never checks a shape again.
 */
import { z } from 'zod';
import { exceedsCountLimits } from './countLimits.js';
import type { Collector, Locator } from './diagnostics.js';
import { type ScheduleFile, scheduleFileSchema } from './scheduleSchema.js';
import { isPlainObject, reportIssue } from './structureIssues.js';

type KeysOf<T> = T extends unknown ? keyof T : never;
type ValueAt<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;
type Items<T> = T extends readonly (infer E)[] ? E : never;
type Lists<T> = Extract<T, readonly unknown[]>;
type Mappings<T> = Exclude<Extract<T, object>, readonly unknown[]>;

/**
 * What the schema accepted of a value of type `T`: each value as written when the schema accepts
 * it, null when it does not; mappings keep their keys (a union of mappings, like a window's `days`
 * or `dates` form, has the keys of all) and lists their items (each checked alone).
 *
 * @example
 * // models: [{ project: 'p', version: 1, timezone: 5, windows: [] }]
 * // -> models: [{ project: 'p', version: 1, timezone: null, windows: [] }]
 */
export type Draft<T> =
  | Exclude<T, object>
  | ([Lists<T>] extends [never] ? never : (Draft<Items<Lists<T>>> | null)[])
  | ([Mappings<T>] extends [never]
      ? never
      : { readonly [K in KeysOf<Mappings<T>>]?: Draft<Exclude<ValueAt<Mappings<T>, K>, undefined>> | null });

/** The schedule file as far as its structure is valid. */
export type ScheduleDraft = Draft<ScheduleFile>;
/** One `models` entry as far as its structure is valid. */
export type ModelDraft = NonNullable<NonNullable<ScheduleDraft['models']>[number]>;
/** One `windows` entry (either form) as far as its structure is valid. */
export type WindowDraft = NonNullable<NonNullable<ModelDraft['windows']>[number]>;

/**
 * Reports the structural problems of `data` and returns what is valid of it, or null when it is
 * over a count limit (then nothing more is worth checking).
 */
export function checkStructure(
  data: Record<string, unknown>,
  loc: Locator,
  out: Collector,
): ScheduleDraft | null {
  if (exceedsCountLimits(data, loc, out)) return null;
  const parsed = scheduleFileSchema.safeParse(data);
  if (parsed.success) return parsed.data as ScheduleDraft;
  for (const issue of parsed.error.issues) reportIssue(issue, [], data, loc, out);
  return (salvage(scheduleFileSchema, data) ?? {}) as ScheduleDraft;
}

/** What `schema` accepts of `value`, walking mappings and lists so that one bad value spoils only itself. */
function salvage(schema: z.ZodType, value: unknown): unknown {
  if (value === undefined) return undefined;
  if (schema instanceof z.ZodOptional) return salvage(schema.unwrap() as z.ZodType, value);
  if (schema instanceof z.ZodObject) return isPlainObject(value) ? salvageFields(schema.shape, value) : null;
  if (schema instanceof z.ZodRecord) {
    if (!isPlainObject(value)) return null;
    // Keys are kept even when the schema rejects them: the meaning step reports on the entries.
    const valueType = schema.valueType as z.ZodType;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, salvage(valueType, v)]));
  }
  if (schema instanceof z.ZodArray) {
    const element = schema.element as z.ZodType;
    return Array.isArray(value) ? value.map((v) => salvage(element, v) ?? null) : null;
  }
  if (schema instanceof z.ZodUnion) {
    const options = schema.options as readonly z.ZodType[];
    if (options.every((o) => o instanceof z.ZodObject)) {
      if (!isPlainObject(value)) return null;
      return salvageFields(Object.assign({}, ...options.map((o) => (o as z.ZodObject).shape)), value);
    }
    const whole = schema.safeParse(value);
    if (whole.success) return whole.data;
    const list = options.find((o) => o instanceof z.ZodArray);
    return list !== undefined && Array.isArray(value) ? salvage(list, value) : null;
  }
  const leaf = schema.safeParse(value);
  return leaf.success ? leaf.data : null;
}

function salvageFields(
  shape: Record<string, z.ZodType>,
  value: Record<string, unknown>,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    if (Object.hasOwn(value, key) && value[key] !== undefined) fields[key] = salvage(field, value[key]);
  }
  return fields;
}
