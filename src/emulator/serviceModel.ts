import { readFileSync } from 'node:fs';
import { enumValuesOf } from '../serviceModel/shapeConstraints.js';

/** The service model shipped in the repository: the emulator's routes and constraints come from it. */
export const defaultServiceModelPath = new URL('../../aws-models/lookoutvision.json', import.meta.url);

export type Traits = Readonly<Record<string, unknown>>;

export interface MemberModel {
  readonly name: string;
  readonly target: string;
  readonly traits: Traits;
}

export interface ShapeModel {
  readonly id: string;
  /** Smithy shape type: string, integer, structure, list, enum, ... */
  readonly type: string;
  readonly traits: Traits;
  /** Members of a structure (or union), in model order. */
  readonly members: readonly MemberModel[];
  /** The member of a list, or the value of a map. */
  readonly member?: MemberModel;
  /** Values of an enum shape (their `enumValue`) or of a Smithy 1 `@enum` string. */
  readonly enumValues?: readonly string[];
}

export interface HttpBinding {
  readonly method: string;
  /** The path part of the `@http` uri, e.g. `/2020-11-20/projects/{ProjectName}`. */
  readonly uri: string;
  readonly code: number;
}

export interface PaginationModel {
  readonly inputToken: string;
  readonly outputToken: string;
  readonly items: string;
  readonly pageSize: string;
}

export interface OperationModel {
  readonly name: string;
  readonly id: string;
  readonly http: HttpBinding;
  readonly input: string | undefined;
  readonly output: string | undefined;
  readonly errors: readonly string[];
  readonly paginated: PaginationModel | undefined;
}

export interface ErrorModel {
  readonly name: string;
  readonly id: string;
  readonly httpStatus: number;
  readonly fault: 'client' | 'server';
  readonly members: readonly MemberModel[];
}

export interface ServiceModel {
  readonly serviceName: string;
  readonly version: string;
  readonly signingName: string;
  readonly operations: ReadonlyMap<string, OperationModel>;
  readonly errors: ReadonlyMap<string, ErrorModel>;
  shape(id: string): ShapeModel;
}

const preludeTypes: Readonly<Record<string, string>> = {
  String: 'string',
  Blob: 'blob',
  Boolean: 'boolean',
  PrimitiveBoolean: 'boolean',
  Byte: 'byte',
  PrimitiveByte: 'byte',
  Short: 'short',
  PrimitiveShort: 'short',
  Integer: 'integer',
  PrimitiveInteger: 'integer',
  Long: 'long',
  PrimitiveLong: 'long',
  Float: 'float',
  PrimitiveFloat: 'float',
  Double: 'double',
  PrimitiveDouble: 'double',
  BigInteger: 'bigInteger',
  BigDecimal: 'bigDecimal',
  Timestamp: 'timestamp',
  Document: 'document',
  Unit: 'structure',
};

interface RawMember {
  target: string;
  traits?: Record<string, unknown>;
}

interface RawShape {
  type: string;
  traits?: Record<string, unknown>;
  members?: Record<string, RawMember>;
  member?: RawMember;
  value?: RawMember;
  input?: { target: string };
  output?: { target: string };
  errors?: { target: string }[];
  version?: string;
}

export const localName = (id: string): string => id.slice(id.indexOf('#') + 1);

/** An operation shape of the model, served over `http` (restJson: its `@http` trait; awsJson: POST /). */
export function operationModel(
  id: string,
  raw: Pick<RawShape, 'input' | 'output' | 'errors' | 'traits'>,
  http: HttpBinding,
): OperationModel {
  const paginated = raw.traits?.['smithy.api#paginated'];
  return {
    name: localName(id),
    id,
    http,
    input: raw.input?.target,
    output: raw.output?.target,
    errors: (raw.errors ?? []).map((e) => localName(e.target)),
    paginated: isRecord(paginated)
      ? {
          inputToken: String(paginated.inputToken),
          outputToken: String(paginated.outputToken),
          items: String(paginated.items),
          pageSize: String(paginated.pageSize),
        }
      : undefined,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a Smithy 2.0 JSON AST into the parts the emulator needs. Throws when the document is not one. */
export function parseServiceModel(document: unknown, source = 'service model'): ServiceModel {
  if (!isRecord(document) || !isRecord(document.shapes)) {
    throw new Error(`${source}: not a Smithy JSON AST (no "shapes" object)`);
  }
  const rawShapes = document.shapes as Record<string, RawShape>;
  const shapes = new Map<string, ShapeModel>();
  const toMember = (name: string, raw: RawMember): MemberModel => ({
    name,
    target: raw.target,
    traits: raw.traits ?? {},
  });
  for (const [id, raw] of Object.entries(rawShapes)) {
    const members = Object.entries(raw.members ?? {}).map(([name, m]) => toMember(name, m));
    const element = raw.member ?? raw.value;
    const enumValues = enumValuesOf(raw);
    shapes.set(id, {
      id,
      type: raw.type,
      traits: raw.traits ?? {},
      members,
      ...(element ? { member: toMember('member', element) } : {}),
      ...(enumValues === undefined ? {} : { enumValues }),
    });
  }

  const service = Object.entries(rawShapes).find(([, s]) => s.type === 'service');
  if (!service) throw new Error(`${source}: no service shape`);
  const [serviceId, serviceShape] = service;
  const sigv4 = serviceShape.traits?.['aws.auth#sigv4'];
  const signingName = isRecord(sigv4) && typeof sigv4.name === 'string' ? sigv4.name : localName(serviceId);

  const operations = new Map<string, OperationModel>();
  const errors = new Map<string, ErrorModel>();
  for (const [id, raw] of Object.entries(rawShapes)) {
    if (raw.type === 'structure' && typeof raw.traits?.['smithy.api#error'] === 'string') {
      const status = raw.traits['smithy.api#httpError'];
      const fault = raw.traits['smithy.api#error'] === 'server' ? 'server' : 'client';
      errors.set(localName(id), {
        name: localName(id),
        id,
        httpStatus: typeof status === 'number' ? status : fault === 'server' ? 500 : 400,
        fault,
        members: shapes.get(id)?.members ?? [],
      });
    }
    if (raw.type !== 'operation') continue;
    const http = raw.traits?.['smithy.api#http'];
    if (!isRecord(http) || typeof http.method !== 'string' || typeof http.uri !== 'string') continue;
    const binding = {
      method: http.method.toUpperCase(),
      uri: http.uri.split('?')[0] ?? http.uri,
      code: typeof http.code === 'number' ? http.code : 200,
    };
    operations.set(localName(id), operationModel(id, raw, binding));
  }

  return {
    serviceName: localName(serviceId),
    version: serviceShape.version ?? '',
    signingName,
    operations,
    errors,
    shape(id: string): ShapeModel {
      const found = shapes.get(id);
      if (found) return found;
      if (id.startsWith('smithy.api#')) {
        const type = preludeTypes[localName(id)];
        if (type) return { id, type, traits: {}, members: [] };
      }
      throw new Error(`${source}: unknown shape ${id}`);
    },
  };
}

const cache = new Map<string, ServiceModel>();

/** Reads and parses the service model file (cached per path). */
export function loadServiceModel(path: string | URL = defaultServiceModelPath): ServiceModel {
  const key = path.toString();
  const cached = cache.get(key);
  if (cached) return cached;
  const model = parseServiceModel(JSON.parse(readFileSync(path, 'utf8')), key);
  cache.set(key, model);
  return model;
}
