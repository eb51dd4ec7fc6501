import type { Alert, Alerts } from '../ports.js';
import type { PublishApi } from './lazyClients.js';

/** SNS: subjects are ASCII without line breaks and under 100 characters. */
export const SUBJECT_MAX = 99;

const iso = (ms: number) => new Date(ms).toISOString();

/** `[lvsched] start-failed: circuit-boards:3, window 2026-03-30 05:45Z`, cut to SNS's limit. */
export function alertSubject(alert: Alert): string {
  const window =
    alert.window === null ? '' : `, window ${iso(alert.window.open).slice(0, 16).replace('T', ' ')}Z`;
  const text = `[lvsched] ${alert.cause}: ${alert.model}${window}`.replace(/[^\x20-\x7e]/g, '?');
  return text.length <= SUBJECT_MAX ? text : `${text.slice(0, SUBJECT_MAX - 3)}...`;
}

/** The JSON message: what an operator (or a subscriber's code) needs to act on the failure. */
export function alertBody(alert: Alert): Record<string, unknown> {
  return {
    source: 'lvsched',
    key: alert.key,
    at: iso(alert.at),
    cause: alert.cause,
    model: alert.model,
    project: alert.ref.project,
    version: alert.ref.version,
    region: alert.ref.region,
    window: alert.window === null ? null : { open: iso(alert.window.open), close: iso(alert.window.close) },
    message: alert.message,
    status: alert.status,
    statusMessage: alert.statusMessage,
    clientToken: alert.clientToken,
    attempt: alert.attempt,
  };
}

/**
 * Alerts published to an SNS topic: a raw publisher, one message per call. At most one message per
 * failure event is the alert ledger's job (the composition root puts it in front of this); the key
 * also travels as a message attribute.
 */
export class SnsAlerts implements Alerts {
  readonly #client: PublishApi;
  readonly #topicArn: string;

  constructor(client: PublishApi, topicArn: string) {
    this.#client = client;
    this.#topicArn = topicArn;
  }

  async send(alert: Alert): Promise<void> {
    await this.#client.publish({
      TopicArn: this.#topicArn,
      Subject: alertSubject(alert),
      Message: JSON.stringify(alertBody(alert), null, 2),
      MessageAttributes: {
        cause: { DataType: 'String', StringValue: alert.cause },
        model: { DataType: 'String', StringValue: alert.model },
        key: { DataType: 'String', StringValue: alert.key },
      },
    });
  }
}
