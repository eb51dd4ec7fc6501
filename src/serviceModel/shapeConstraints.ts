/**
 * Reads member constraints (length, pattern, range, enum values) out of a Smithy 2.0 JSON service
 * model, so the code validates against the service's own definitions instead of retyped copies.
 * The one reader of these traits: the generated constraints (`npm run generate`), the emulator's
 * request validation and the tests' request checks all use it.
 */

/** Constraints of one simple shape, as the Smithy model states them. */
export interface ShapeConstraints {
  readonly type: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
  readonly enum?: readonly string[];
}

/** A shape of the JSON AST, as far as constraints go. */
export interface SmithyShape {
  type: string;
  traits?: Record<string, unknown>;
  members?: Record<string, { target: string; traits?: Record<string, unknown> }>;
}

/** The smithy JSON AST of a model file: `{ smithy, shapes: { "ns#Name": shape } }`. */
export interface SmithyModel {
  shapes: Record<string, SmithyShape>;
}

/** Constraints of `ns#Name` from its traits (and enum member values for enum shapes). */
export function shapeConstraints(model: SmithyModel, id: string): ShapeConstraints {
  const shape = model.shapes[id];
  if (shape === undefined) throw new Error(`shape ${id} is not in the service model`);
  return constraintsFromTraits(shape.type, shape.traits ?? {}, shape);
}

/**
 * Values of an enum: an `enum` shape's members (their `enumValue`, else their name), or a Smithy 1
 * string shape's `enum` trait. Undefined for other shapes.
 */
export function enumValuesOf(shape: SmithyShape): string[] | undefined {
  if (shape.type === 'enum' && shape.members) {
    return Object.entries(shape.members).map(
      ([name, m]) => (m.traits?.['smithy.api#enumValue'] as string | undefined) ?? name,
    );
  }
  const legacy = shape.traits?.['smithy.api#enum'] as { value: string }[] | undefined;
  return Array.isArray(legacy) ? legacy.map((e) => e.value) : undefined;
}

/**
 * Constraints from a set of Smithy traits (a shape's or a member's). For a member, pass its target's
 * traits overlaid with its own (`{ ...target.traits, ...member.traits }`): Smithy lets a member
 * narrow its target's constraints, trait by trait.
 */
export function constraintsFromTraits(
  type: string,
  traits: Record<string, unknown>,
  shape?: SmithyShape,
): ShapeConstraints {
  const out: { -readonly [K in keyof ShapeConstraints]: ShapeConstraints[K] } = { type };
  const length = traits['smithy.api#length'] as { min?: number; max?: number } | undefined;
  const range = traits['smithy.api#range'] as { min?: number; max?: number } | undefined;
  const pattern = traits['smithy.api#pattern'] as string | undefined;
  if (length?.min !== undefined) out.minLength = length.min;
  if (length?.max !== undefined) out.maxLength = length.max;
  if (range?.min !== undefined) out.min = range.min;
  if (range?.max !== undefined) out.max = range.max;
  if (typeof pattern === 'string') out.pattern = pattern;
  const values = shape ? enumValuesOf({ ...shape, type, traits }) : undefined;
  if (values !== undefined) out.enum = values;
  return out;
}

/** Why `value` breaks `c`, or undefined when it meets it. */
export function constraintViolation(c: ShapeConstraints, value: string | number): string | undefined {
  if (typeof value === 'string') {
    const length = [...value].length;
    if (c.minLength !== undefined && length < c.minLength)
      return `must be at least ${c.minLength} characters`;
    if (c.maxLength !== undefined && length > c.maxLength) return `must be at most ${c.maxLength} characters`;
    if (c.pattern !== undefined && !new RegExp(c.pattern, 'u').test(value)) return `must match ${c.pattern}`;
    if (c.enum !== undefined && !c.enum.includes(value)) return `must be one of ${c.enum.join(', ')}`;
    return undefined;
  }
  if (c.min !== undefined && value < c.min) return `must be at least ${c.min}`;
  if (c.max !== undefined && value > c.max) return `must be at most ${c.max}`;
  return undefined;
}
