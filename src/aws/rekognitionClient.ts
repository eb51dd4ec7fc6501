import { RekognitionClient, type RekognitionClientConfig } from '@aws-sdk/client-rekognition';

/**
 * A Rekognition client per region. The endpoint, credentials and retries come from the standard SDK
 * configuration (AWS_ENDPOINT_URL_REKOGNITION or AWS_ENDPOINT_URL, AWS_REGION, profiles) unless given.
 */
export function rekognitionClients(
  config: Omit<RekognitionClientConfig, 'region'> & { defaultRegion?: string } = {},
): (region: string | null) => RekognitionClient {
  const { defaultRegion, ...rest } = config;
  const clients = new Map<string, RekognitionClient>();
  return (region) => {
    const key = region ?? defaultRegion ?? '';
    let client = clients.get(key);
    if (client === undefined) {
      client = new RekognitionClient({
        ...(key === '' ? {} : { region: key }),
        // AWS publishes no TPS quota for these calls: retry throttling as patiently as for Lookout for Vision.
        maxAttempts: 6,
        ...rest,
      });
      clients.set(key, client);
    }
    return client;
  };
}
