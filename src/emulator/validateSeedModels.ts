import { EmulatorConfigError } from './emulatorConfigError.js';
import type { SeedModel } from './emulatorState.js';
import { validateValue } from './readOperationInput.js';
import type { ServiceModel } from './serviceModel.js';

const regionPattern = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Checks seeds against the service model's shapes (ProjectName, ModelVersionNoLatest,
 * ModelDescriptionMessage); `source` (e.g. a file name) prefixes the error.
 */
export function validateSeedModels(model: ServiceModel, seeds: readonly SeedModel[], source?: string): void {
  const problems = seeds.flatMap((seed, i) => {
    const at = `models[${i}]`;
    const found = [
      ...validateValue(model, 'com.amazonaws.lookoutvision#ProjectName', `${at}.project`, seed.project),
      ...validateValue(
        model,
        'com.amazonaws.lookoutvision#ModelVersionNoLatest',
        `${at}.version`,
        seed.version,
      ),
    ];
    if (seed.description !== undefined) {
      found.push(
        ...validateValue(
          model,
          'com.amazonaws.lookoutvision#ModelDescriptionMessage',
          `${at}.description`,
          seed.description,
        ),
      );
    }
    if (seed.region !== undefined && !regionPattern.test(seed.region)) {
      found.push(`${at}.region: "${seed.region}" is not a region name like us-east-1`);
    }
    if (seed.createdAt !== undefined && !Number.isFinite(seed.createdAt)) {
      found.push(`${at}.createdAt: must be epoch milliseconds`);
    }
    return found;
  });
  if (problems.length > 0) throw new EmulatorConfigError(problems.join('; '), source);
}
