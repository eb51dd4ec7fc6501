import { LookoutVisionClient, type LookoutVisionClientConfig } from '@aws-sdk/client-lookoutvision';
import { clientsPerRegion, type RegionalClientConfig } from './clientsPerRegion.js';

/**
 * A Lookout for Vision client per region. The endpoint, credentials and retries come from the
 * standard SDK configuration (AWS_ENDPOINT_URL_LOOKOUTVISION, AWS_REGION, profiles) unless given.
 */
export function lookoutVisionClients(
  config: Omit<LookoutVisionClientConfig, 'region'> & RegionalClientConfig = {},
): (region: string | null) => LookoutVisionClient {
  return clientsPerRegion((c) => new LookoutVisionClient(c), config);
}
