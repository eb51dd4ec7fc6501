import type { ServiceModel } from './serviceModel.js';

/**
 * Serialises a value as the restJson1 body of a shape: structure members by their model names,
 * timestamps (given as `Date`) as epoch seconds in a JSON number. A member that the shape does not
 * have is an emulator bug and throws, so responses cannot drift from the model.
 */
export function serializeShape(model: ServiceModel, shapeId: string, value: unknown, path = ''): unknown {
  const shape = model.shape(shapeId);
  switch (shape.type) {
    case 'structure':
    case 'union': {
      if (typeof value !== 'object' || value === null) throw new Error(`${path || shapeId}: not an object`);
      const out: Record<string, unknown> = {};
      for (const [name, v] of Object.entries(value)) {
        if (v === undefined) continue;
        const member = shape.members.find((m) => m.name === name);
        if (!member) throw new Error(`${shapeId} has no member ${name} (at ${path || shapeId})`);
        out[name] = serializeShape(model, member.target, v, path ? `${path}.${name}` : name);
      }
      return out;
    }
    case 'list':
    case 'set': {
      const element = shape.member;
      if (!Array.isArray(value) || !element) throw new Error(`${path}: not a list`);
      return value.map((v, i) => serializeShape(model, element.target, v, `${path}[${i}]`));
    }
    case 'map': {
      const element = shape.member;
      if (typeof value !== 'object' || value === null || !element) throw new Error(`${path}: not a map`);
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, serializeShape(model, element.target, v, `${path}.${k}`)]),
      );
    }
    case 'timestamp':
      if (!(value instanceof Date)) throw new Error(`${path}: a timestamp must be given as a Date`);
      return value.getTime() / 1000;
    default:
      return value;
  }
}
