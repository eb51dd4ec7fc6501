/** What every service client here is built with: a region, unless the SDK's own configuration gives it. */
export interface RegionalClientConfig {
  /** The region for models that name none (else the SDK's AWS_REGION, profiles). */
  readonly defaultRegion?: string;
}

/**
 * One client per region, made on first use by `make`. The endpoint, credentials and retries come
 * from the standard SDK configuration unless `config` gives them. The control-plane quotas are
 * small (Lookout for Vision: 5 requests/s; Rekognition publishes none), so throttling is retried
 * patiently: 6 attempts.
 */
export function clientsPerRegion<Config extends object, Client>(
  make: (config: Config & { region?: string; maxAttempts: number }) => Client,
  config: Config & RegionalClientConfig,
): (region: string | null) => Client {
  const { defaultRegion, ...rest } = config;
  const clients = new Map<string, Client>();
  return (region) => {
    const key = region ?? defaultRegion ?? '';
    let client = clients.get(key);
    if (client === undefined) {
      client = make({ ...(key === '' ? {} : { region: key }), maxAttempts: 6, ...(rest as Config) });
      clients.set(key, client);
    }
    return client;
  };
}
