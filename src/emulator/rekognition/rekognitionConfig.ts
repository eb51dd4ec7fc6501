import { z } from 'zod';
import { serviceQuotasSchema } from '../checkServiceQuotas.js';
import { seedStatuses } from './rekognitionOptions.js';

export const rekognitionSeedSchema = z.strictObject({
  project: z.string(),
  // YAML readers turn `version: 1` into a number: accept it and keep the text.
  version: z.union([z.string(), z.number().int()]).transform(String),
  region: z.string().optional(),
  createdAt: z.number().int().min(0).optional(),
  status: z.enum(seedStatuses).optional(),
});

export const rekognitionSeedsSchema = z.union([
  z.array(rekognitionSeedSchema),
  z.strictObject({ versions: z.array(rekognitionSeedSchema) }).transform((v) => v.versions),
]);

const billable = z.enum(['STARTING', 'RUNNING', 'STOPPING']);

/** The `rekognition` key of the emulator's config file; `faults` is the Lookout for Vision fault schema. */
export const rekognitionOptionsSchema = <F extends z.ZodType>(faults: F) =>
  z.strictObject({
    startSeconds: z.number().min(0).optional(),
    stopSeconds: z.number().min(0).optional(),
    versions: z.array(rekognitionSeedSchema).optional(),
    assumptions: z
      .strictObject({
        resourceInUseOnStartWhenActive: z.boolean().optional(),
        resourceInUseOnStopWhenNotRunning: z.boolean().optional(),
        constraintViolationError: z.enum(['ValidationException', 'InvalidParameterException']).optional(),
        inferenceUnitsShownIn: z
          .array(z.enum(['STARTING', 'RUNNING', 'STOPPING', 'FAILED', 'STOPPED', 'TRAINING_COMPLETED']))
          .optional(),
        billedStatuses: z.array(billable).optional(),
        failureAfterMs: z.number().min(0).nullable().optional(),
      })
      .optional(),
    quota: z
      .union([
        z.literal(false),
        z.strictObject({
          requestsPerSecond: z.number().positive(),
          burst: z.number().min(1).optional(),
          errorType: z.enum(['ThrottlingException', 'ProvisionedThroughputExceededException']).optional(),
        }),
      ])
      .optional(),
    faults: faults.optional(),
    serviceQuotas: serviceQuotasSchema.optional(),
    pricePerInferenceUnitHour: z.number().min(0).optional(),
  });
