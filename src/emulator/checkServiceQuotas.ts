import { z } from 'zod';
import { EmulatedServiceError } from './emulatedServiceError.js';
import type { ServiceQuotaLimits, StartModelCall } from './emulatorStateTypes.js';

/** The `serviceQuotas` option of a config file, for either service (ServiceQuotaLimits). */
export const serviceQuotasSchema = z.strictObject({
  maxInferenceUnitsPerModel: z.number().int().min(1).optional(),
  maxActiveModelsPerRegion: z.number().int().min(0).optional(),
});

/**
 * Throws ServiceQuotaExceededException when `call` would pass a quota of `limits`;
 * `activeInRegion` counts the models starting, hosted or stopping in the call's region.
 */
export function checkServiceQuotas(
  limits: ServiceQuotaLimits,
  call: StartModelCall,
  activeInRegion: () => number,
): void {
  const units = Math.max(call.minInferenceUnits, call.maxInferenceUnits ?? 0);
  if (limits.maxInferenceUnitsPerModel !== undefined && units > limits.maxInferenceUnitsPerModel) {
    throw new EmulatedServiceError(
      'ServiceQuotaExceededException',
      `${units} inference units exceed the quota of ${limits.maxInferenceUnitsPerModel} per model`,
      {
        QuotaCode: 'emulator-max-inference-units-per-model',
        ServiceCode: 'lookoutvision',
        ResourceId: call.version,
        ResourceType: 'MODEL',
      },
    );
  }
  if (limits.maxActiveModelsPerRegion !== undefined) {
    const active = activeInRegion();
    if (active >= limits.maxActiveModelsPerRegion) {
      throw new EmulatedServiceError(
        'ServiceQuotaExceededException',
        `${active} models are already starting, hosted or stopping in ${call.region}: ` +
          `the quota is ${limits.maxActiveModelsPerRegion}`,
        { QuotaCode: 'emulator-max-active-models-per-region', ServiceCode: 'lookoutvision' },
      );
    }
  }
}
