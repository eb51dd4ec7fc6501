import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { serviceQuotasSchema } from './checkServiceQuotas.js';
import { EmulatorConfigError } from './emulatorConfigError.js';
import type { EmulatorOptions } from './emulatorRuntime.js';
import type { SeedModel } from './emulatorState.js';
import type { FaultConfig } from './faultInjector.js';
import { rekognitionOptionsSchema } from './rekognition/rekognitionConfig.js';

const count = z.number().int().min(0);
const operations = z.array(z.string().min(1)).optional();
const statuses = z.array(
  z.enum([
    'TRAINING',
    'TRAINED',
    'TRAINING_FAILED',
    'STARTING_HOSTING',
    'HOSTED',
    'HOSTING_FAILED',
    'STOPPING_HOSTING',
    'SYSTEM_UPDATING',
    'DELETING',
  ]),
);

export const seedModelSchema = z.strictObject({
  project: z.string(),
  // YAML readers turn `version: 1` into a number: accept it and keep the text.
  version: z.union([z.string(), z.number().int()]).transform(String),
  region: z.string().optional(),
  description: z.string().optional(),
  createdAt: z.number().optional(),
});

export const seedModelsSchema = z.union([
  z.array(seedModelSchema),
  z.strictObject({ models: z.array(seedModelSchema) }).transform((v) => v.models),
]);

export const faultConfigSchema = z.strictObject({
  internalErrors: z
    .strictObject({
      count: count.optional(),
      probability: z.number().min(0).max(1).optional(),
      seed: z.number().int().optional(),
      operations,
      retryAfterSeconds: count.optional(),
    })
    .optional(),
  hostingFailures: z
    .strictObject({
      count,
      region: z.string().optional(),
      project: z.string().optional(),
      version: z.union([z.string(), z.number().int()]).transform(String).optional(),
    })
    .optional(),
  latency: z.strictObject({ ms: count, operations }).optional(),
  dropConnections: z
    .strictObject({ count, operations, phase: z.enum(['beforeHandling', 'afterHandling']).optional() })
    .optional(),
});

export const emulatorConfigSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).optional(),
  host: z.string().optional(),
  region: z.string().optional(),
  accountId: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  startSeconds: z.number().min(0).optional(),
  stopSeconds: z.number().min(0).optional(),
  requestTimeoutSeconds: z.number().positive().optional(),
  pricePerInferenceUnitHour: z.number().min(0).optional(),
  models: z.array(seedModelSchema).optional(),
  assumptions: z
    .strictObject({
      conflictOnStartWhenActive: z.boolean().optional(),
      conflictOnStopWhenNotHosted: z.boolean().optional(),
      tokenTtlMs: z.number().min(0).optional(),
      tokenMismatchError: z.enum(['ConflictException', 'ValidationException']).optional(),
      hostingFailureAfterMs: z.number().min(0).nullable().optional(),
      inferenceUnitsShownIn: statuses.optional(),
      billedStatuses: statuses.optional(),
      resolveLatestVersion: z.boolean().optional(),
    })
    .optional(),
  quota: z
    .union([
      z.literal(false),
      z.strictObject({
        requestsPerSecond: z.number().positive().optional(),
        burst: z.number().min(1).optional(),
        perRegion: z.boolean().optional(),
        quotaCode: z.string().optional(),
        serviceCode: z.string().optional(),
        exemptOperations: z.array(z.string()).optional(),
      }),
    ])
    .optional(),
  faults: faultConfigSchema.optional(),
  serviceQuotas: serviceQuotasSchema.optional(),
  rekognition: rekognitionOptionsSchema(faultConfigSchema).optional(),
});

/** What a config file may hold: the emulator's options plus where to listen. */
export type EmulatorFileConfig = Omit<EmulatorOptions, 'clock' | 'serviceModelPath'> & {
  readonly port?: number;
  readonly host?: string;
  readonly requestTimeoutSeconds?: number;
};

function parseWith<S extends z.ZodType>(schema: S, value: unknown, source: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new EmulatorConfigError(z.prettifyError(result.error).replace(/\n/g, '; '), source);
  return result.data;
}

// The schemas' outputs match the option types except that TypeScript sees absent keys as
// `T | undefined`; zod omits absent keys, so these casts are sound under exactOptionalPropertyTypes.

/** Parses a config file's text (YAML or JSON). */
export function parseEmulatorConfig(text: string, source: string): EmulatorFileConfig {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    // The parser's message ends in a code frame over several lines: its first line says it all.
    const first = (error as Error).message.split('\n')[0] ?? '';
    throw new EmulatorConfigError(`not YAML or JSON: ${first.replace(/:$/, '')}`, source, { cause: error });
  }
  return parseWith(emulatorConfigSchema, document ?? {}, source) as EmulatorFileConfig;
}

/** Parses seed models: an array, or `{ "models": [...] }`. */
export function parseSeedModels(value: unknown, source: string): SeedModel[] {
  return parseWith(seedModelsSchema, value, source) as SeedModel[];
}

export function parseFaultConfig(value: unknown, source: string): FaultConfig {
  return parseWith(faultConfigSchema, value, source) as FaultConfig;
}
