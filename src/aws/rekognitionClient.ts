import { RekognitionClient, type RekognitionClientConfig } from '@aws-sdk/client-rekognition';
import { clientsPerRegion, type RegionalClientConfig } from './clientsPerRegion.js';

/**
 * A Rekognition client per region. The endpoint, credentials and retries come from the standard SDK
 * configuration (AWS_ENDPOINT_URL_REKOGNITION or AWS_ENDPOINT_URL, AWS_REGION, profiles) unless given.
 */
export function rekognitionClients(
  config: Omit<RekognitionClientConfig, 'region'> & RegionalClientConfig = {},
): (region: string | null) => RekognitionClient {
  return clientsPerRegion((c) => new RekognitionClient(c), config);
}
