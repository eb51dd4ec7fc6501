import { LookoutVisionClient, type LookoutVisionClientConfig } from '@aws-sdk/client-lookoutvision';

/**
 * A Lookout for Vision client per region. The endpoint, credentials and retries come from the
 * standard SDK configuration (AWS_ENDPOINT_URL_LOOKOUTVISION, AWS_REGION, profiles) unless given.
 */
export function lookoutVisionClients(
  config: Omit<LookoutVisionClientConfig, 'region'> & { defaultRegion?: string } = {},
): (region: string | null) => LookoutVisionClient {
  const { defaultRegion, ...rest } = config;
  const clients = new Map<string, LookoutVisionClient>();
  return (region) => {
    const key = region ?? defaultRegion ?? '';
    let client = clients.get(key);
    if (client === undefined) {
      client = new LookoutVisionClient({
        ...(key === '' ? {} : { region: key }),
        // The control-plane quota is 5 requests/s: retry throttling patiently.
        maxAttempts: 6,
        ...rest,
      });
      clients.set(key, client);
    }
    return client;
  };
}
