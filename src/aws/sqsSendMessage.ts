/**
 * SQS SendMessage without the SQS client (this project does not depend on @aws-sdk/client-sqs):
 * one POST in SQS's JSON protocol, signed with the SDK's own SigV4 signer (a dependency of every SDK
 * client), credentials from the environment as Lambda sets them. The endpoint follows the SDK's
 * convention (AWS_ENDPOINT_URL_SQS, else the regional one). Loaded on first use.
 */
import type { SendMessageApi } from './sqsDeadLetters.js';

export function sqsSendMessage(region: string, env: NodeJS.ProcessEnv = process.env): SendMessageApi {
  return {
    async sendMessage(input) {
      const [{ SignatureV4 }, { Hash }] = await Promise.all([
        import('@smithy/signature-v4'),
        import('@smithy/hash-node'),
      ]);
      const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
      const url = new URL(env.AWS_ENDPOINT_URL_SQS || `https://sqs.${region}.${suffix}/`);
      const body = JSON.stringify(input);
      const signer = new SignatureV4({
        service: 'sqs',
        region,
        sha256: Hash.bind(null, 'sha256'),
        credentials: {
          accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
          ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        },
      });
      const signed = await signer.sign({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query: {},
        headers: {
          host: url.host,
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'AmazonSQS.SendMessage',
        },
        body,
      });
      const response = await fetch(url, {
        method: 'POST',
        headers: signed.headers as Record<string, string>,
        body,
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      if (!response.ok) {
        const error = new Error(`SQS SendMessage: HTTP ${response.status}: ${text.slice(0, 300)}`);
        error.name = 'SqsError';
        throw error;
      }
      return JSON.parse(text || '{}') as unknown;
    },
  };
}
