import { EmulatorConfigError } from '../emulatorConfigError.js';
import { validateValue } from '../readOperationInput.js';
import type { ServiceModel } from '../serviceModel.js';
import type { RekognitionSeedVersion } from './rekognitionOptions.js';

const regionPattern = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Checks seeds against the Rekognition model's ProjectName and VersionName shapes. */
export function validateRekognitionSeeds(
  model: ServiceModel,
  seeds: readonly RekognitionSeedVersion[],
  source?: string,
): void {
  const problems = seeds.flatMap((seed, i) => {
    const at = `rekognition.versions[${i}]`;
    const found = [
      ...validateValue(model, 'com.amazonaws.rekognition#ProjectName', `${at}.project`, seed.project),
      ...validateValue(model, 'com.amazonaws.rekognition#VersionName', `${at}.version`, seed.version),
    ];
    if (seed.region !== undefined && !regionPattern.test(seed.region)) {
      found.push(`${at}.region: "${seed.region}" is not a region name like us-east-1`);
    }
    if (seed.createdAt !== undefined && !(Number.isInteger(seed.createdAt) && seed.createdAt >= 0)) {
      found.push(`${at}.createdAt: must be epoch milliseconds`);
    }
    return found;
  });
  if (problems.length > 0) throw new EmulatorConfigError(problems.join('; '), source);
}
