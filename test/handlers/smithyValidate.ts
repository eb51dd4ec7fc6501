/**
 * Checks a request's members against a Smithy JSON service model: required members, lengths,
 * patterns, ranges and enums, recursively. What the fakes answer ValidationException for, and what
 * the tests assert every request met.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  constraintsFromTraits,
  constraintViolation,
  type ShapeConstraints,
  type SmithyModel,
} from '../../src/serviceModel/shapeConstraints.js';
import { ROOT } from '../deploy/packageService.js';

export function loadModel(name: 'scheduler' | 'sns'): SmithyModel {
  return JSON.parse(readFileSync(join(ROOT, 'aws-models', `${name}.json`), 'utf8')) as SmithyModel;
}

type Shape = SmithyModel['shapes'][string] & {
  key?: { target: string };
  value?: { target: string };
  member?: { target: string };
};

function constraints(
  model: SmithyModel,
  target: string,
  memberTraits: Record<string, unknown>,
): ShapeConstraints {
  const shape = model.shapes[target] as Shape | undefined;
  const traits = { ...(shape?.traits ?? {}), ...memberTraits };
  const c = constraintsFromTraits(shape?.type ?? 'string', traits, shape);
  // Smithy 1 style enums: a string shape with an `enum` trait.
  const legacy = traits['smithy.api#enum'] as { value: string }[] | undefined;
  return legacy ? { ...c, enum: legacy.map((e) => e.value) } : c;
}

/** Every violation in `value` as shape `shapeId`, as `path: problem`; members bound to the URI are skipped. */
export function violations(model: SmithyModel, shapeId: string, value: unknown, path = '$'): string[] {
  const shape = model.shapes[shapeId] as Shape | undefined;
  if (shape === undefined) return []; // smithy.api#String and other prelude shapes
  const out: string[] = [];
  if (shape.type === 'structure') {
    if (value === null || typeof value !== 'object') return [`${path}: must be an object`];
    const record = value as Record<string, unknown>;
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      const traits = member.traits ?? {};
      if (traits['smithy.api#httpLabel'] !== undefined) continue;
      const v = record[name];
      if (v === undefined || v === null) {
        if (traits['smithy.api#required'] !== undefined) out.push(`${path}.${name}: is required`);
        continue;
      }
      const target = model.shapes[member.target] as Shape | undefined;
      if (target && ['structure', 'list', 'map'].includes(target.type)) {
        out.push(...violations(model, member.target, v, `${path}.${name}`));
      } else {
        const problem = scalarViolation(constraints(model, member.target, traits), v);
        if (problem) out.push(`${path}.${name}: ${problem}`);
      }
    }
    for (const name of Object.keys(record)) {
      if (!(name in (shape.members ?? {}))) out.push(`${path}.${name}: is not a member of ${shapeId}`);
    }
  } else if (shape.type === 'list') {
    if (!Array.isArray(value)) return [`${path}: must be a list`];
    value.forEach((v, i) => {
      out.push(...violations(model, shape.member?.target ?? '', v, `${path}[${i}]`));
    });
  } else if (shape.type === 'map') {
    if (value === null || typeof value !== 'object') return [`${path}: must be a map`];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out.push(...violations(model, shape.value?.target ?? '', v, `${path}.${k}`));
    }
  } else {
    const problem = scalarViolation(constraints(model, shapeId, {}), value);
    if (problem) out.push(`${path}: ${problem}`);
  }
  return out;
}

function scalarViolation(c: ShapeConstraints, value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') return constraintViolation(c, value);
  if (typeof value === 'boolean') return undefined;
  if (value instanceof Date) return undefined;
  return `unexpected ${typeof value}`;
}
