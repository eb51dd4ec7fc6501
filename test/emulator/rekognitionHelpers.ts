import { RekognitionClient, type RekognitionClientConfig } from '@aws-sdk/client-rekognition';
import { clientConfig, fakeSigV4 } from './helpers.js';

export function rekognitionClient(
  endpoint: string,
  config: Omit<RekognitionClientConfig, 'endpoint'> = {},
): RekognitionClient {
  return new RekognitionClient(clientConfig(endpoint, config));
}

export interface AwsJsonAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** An awsJson1_1 request as the SDK would send it, but with what a test wants to get wrong. */
export async function awsJson(
  endpoint: string,
  operation: string,
  body: unknown,
  options: { signed?: boolean; service?: string; target?: string; path?: string } = {},
): Promise<AwsJsonAnswer> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-amz-json-1.1',
    'X-Amz-Target': options.target ?? `RekognitionService.${operation}`,
  };
  if (options.signed !== false)
    headers.Authorization = fakeSigV4('us-east-1', options.service ?? 'rekognition');
  const response = await fetch(`${endpoint}${options.path ?? '/'}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}
