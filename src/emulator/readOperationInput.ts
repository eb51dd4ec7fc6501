import type { IncomingHttpHeaders } from 'node:http';
import { constraintsFromTraits, type ShapeConstraints } from '../serviceModel/shapeConstraints.js';
import type { MemberModel, OperationModel, ServiceModel, ShapeModel, Traits } from './serviceModel.js';

export interface HttpRequestParts {
  readonly labels: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The raw body, empty when the request has none. */
  readonly body: string;
}

export interface OperationInput {
  /** Input members by their model name, converted to their types (integers as numbers). */
  readonly input: Readonly<Record<string, unknown>>;
  /** AWS-style constraint violations, each naming the member: empty when the input is valid. */
  readonly violations: readonly string[];
}

const integerTypes = new Set(['byte', 'short', 'integer', 'long', 'bigInteger', 'intEnum']);
const numberTypes = new Set([...integerTypes, 'float', 'double', 'bigDecimal']);

const isBodyMember = (m: MemberModel): boolean =>
  !(
    'smithy.api#httpLabel' in m.traits ||
    'smithy.api#httpQuery' in m.traits ||
    'smithy.api#httpQueryParams' in m.traits ||
    'smithy.api#httpHeader' in m.traits ||
    'smithy.api#httpPrefixHeaders' in m.traits ||
    'smithy.api#httpResponseCode' in m.traits
  );

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.length > 200 ? `${text.slice(0, 200)}...` : text}'`;
}

/** Member traits refine the target's (Smithy lets a member add or narrow constraints). */
const constraintsOf = (memberTraits: Traits, shape: ShapeModel): ShapeConstraints =>
  constraintsFromTraits(shape.type, { ...shape.traits, ...memberTraits });

class Validator {
  readonly violations: string[] = [];
  constructor(private readonly model: ServiceModel) {}

  private fail(path: string, value: unknown, constraint: string): void {
    this.violations.push(
      `Value ${describeValue(value)} at '${path}' failed to satisfy constraint: Member must ${constraint}`,
    );
  }

  member(member: MemberModel, path: string, value: unknown): void {
    if (value === undefined || value === null) {
      if ('smithy.api#required' in member.traits) this.fail(path, value, 'not be null');
      return;
    }
    this.value(this.model.shape(member.target), member.traits, path, value);
  }

  value(shape: ShapeModel, memberTraits: Traits, path: string, value: unknown): void {
    const c = constraintsOf(memberTraits, shape);
    if (shape.type === 'string' || shape.type === 'enum') {
      if (typeof value !== 'string') {
        this.fail(path, value, 'be a string');
        return;
      }
      const length = [...value].length;
      if (c.minLength !== undefined && length < c.minLength) {
        this.fail(path, value, `have length greater than or equal to ${c.minLength}`);
      }
      if (c.maxLength !== undefined && length > c.maxLength) {
        this.fail(path, value, `have length less than or equal to ${c.maxLength}`);
      }
      // Smithy patterns are ECMA 262 and not implicitly anchored.
      if (c.pattern !== undefined && !new RegExp(c.pattern).test(value)) {
        this.fail(path, value, `satisfy regular expression pattern: ${c.pattern}`);
      }
      if (shape.enumValues && !shape.enumValues.includes(value)) {
        this.fail(path, value, `satisfy enum value set: [${shape.enumValues.join(', ')}]`);
      }
      return;
    }
    if (numberTypes.has(shape.type)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        this.fail(path, value, 'be a number');
        return;
      }
      if (integerTypes.has(shape.type) && !Number.isInteger(value)) {
        this.fail(path, value, 'be an integer');
        return;
      }
      if (c.min !== undefined && value < c.min) {
        this.fail(path, value, `have value greater than or equal to ${c.min}`);
      }
      if (c.max !== undefined && value > c.max) {
        this.fail(path, value, `have value less than or equal to ${c.max}`);
      }
      return;
    }
    if (shape.type === 'boolean') {
      if (typeof value !== 'boolean') this.fail(path, value, 'be a boolean');
      return;
    }
    if (shape.type === 'structure' || shape.type === 'union') {
      if (typeof value !== 'object' || Array.isArray(value)) {
        this.fail(path, value, 'be an object');
        return;
      }
      const record = value as Record<string, unknown>;
      for (const m of shape.members) this.member(m, `${path}.${m.name}`, record[m.name]);
      return;
    }
    if (shape.type === 'list' || shape.type === 'set') {
      if (!Array.isArray(value)) {
        this.fail(path, value, 'be a list');
        return;
      }
      if (c.minLength !== undefined && value.length < c.minLength) {
        this.fail(path, value, `have length greater than or equal to ${c.minLength}`);
      }
      if (c.maxLength !== undefined && value.length > c.maxLength) {
        this.fail(path, value, `have length less than or equal to ${c.maxLength}`);
      }
      const element = shape.member;
      if (element) {
        for (const [i, v] of value.entries()) this.member(element, `${path}.${i + 1}`, v);
      }
      return;
    }
    if (shape.type === 'map') {
      if (typeof value !== 'object' || Array.isArray(value)) {
        this.fail(path, value, 'be a map');
        return;
      }
      const element = shape.member;
      if (element) {
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          this.member(element, `${path}.${k}`, v);
        }
      }
    }
    // blob, timestamp, document: no constraints the emulator checks.
  }
}

/** A label, query or header value arrives as text: convert it to the member's type or report it. */
function fromText(model: ServiceModel, member: MemberModel, text: string): unknown {
  const type = model.shape(member.target).type;
  if (integerTypes.has(type)) return /^-?\d+$/.test(text) ? Number(text) : text;
  if (numberTypes.has(type)) return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

/**
 * Extracts an operation's input from an HTTP request by the model's binding traits (`@httpLabel`,
 * `@httpQuery`, `@httpHeader`, body) and checks every member against `@required`, `@length`,
 * `@pattern`, `@range` and enum values. Violations use AWS's wording and name the member, e.g.
 * `Value '0' at 'ModelVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: ...`.
 */
export function readOperationInput(
  model: ServiceModel,
  operation: OperationModel,
  request: HttpRequestParts,
): OperationInput {
  const validator = new Validator(model);
  const input: Record<string, unknown> = {};
  const inputShape = operation.input ? model.shape(operation.input) : undefined;
  const members = inputShape?.members ?? [];

  let body: Record<string, unknown> = {};
  if (members.some(isBodyMember) && request.body.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body);
    } catch {
      return { input, violations: ['The request body is not valid JSON'] };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { input, violations: ['The request body must be a JSON object'] };
    }
    body = parsed as Record<string, unknown>;
  }

  for (const member of members) {
    const t = member.traits;
    let value: unknown;
    if ('smithy.api#httpLabel' in t) {
      const text = request.labels[member.name];
      value = text === undefined ? undefined : fromText(model, member, text);
    } else if (typeof t['smithy.api#httpQuery'] === 'string') {
      const text = request.query.get(t['smithy.api#httpQuery']);
      value = text === null ? undefined : fromText(model, member, text);
    } else if (typeof t['smithy.api#httpHeader'] === 'string') {
      const header = request.headers[t['smithy.api#httpHeader'].toLowerCase()];
      const text = Array.isArray(header) ? header.join(',') : header;
      value = text === undefined ? undefined : fromText(model, member, text);
    } else if (isBodyMember(member)) {
      value = body[member.name];
    }
    validator.member(member, member.name, value);
    if (value !== undefined && value !== null) input[member.name] = value;
  }
  return { input, violations: validator.violations };
}

/** Checks one value against a shape (used to check seeded data against the model, e.g. a description). */
export function validateValue(model: ServiceModel, shapeId: string, path: string, value: unknown): string[] {
  const validator = new Validator(model);
  validator.value(model.shape(shapeId), {}, path, value);
  return validator.violations;
}
