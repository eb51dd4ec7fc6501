import { NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS } from '@smithy/config-resolver';
import { loadConfig } from '@smithy/node-config-provider';

/**
 * The region the AWS SDK would use (AWS_REGION, then the shared config file's profile, then
 * AWS_DEFAULT_REGION as the AWS CLI reads it), or null
 * when none is configured. Used where the schedule file names no region.
 */
export async function configuredRegion(): Promise<string | null> {
  try {
    const region = await loadConfig(NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS)();
    if (typeof region === 'string' && region.length > 0) return region;
  } catch {
    // No region configured: fall through.
  }
  // The AWS CLI also honours AWS_DEFAULT_REGION; the SDK does not, but users set it for the CLI.
  return process.env.AWS_DEFAULT_REGION || null;
}
