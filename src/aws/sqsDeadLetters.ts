import type { DeadLetter, DeadLetters } from '../ports.js';

/** The one SQS call dead letters make. */
export interface SendMessageApi {
  sendMessage(input: { QueueUrl: string; MessageBody: string }): Promise<unknown>;
}

/** SQS's body limit is 256 KiB; an event bigger than that is cut (the reason stays whole). */
const MAX_BODY = 200_000;

/**
 * Rejected events sent to the stack's dead-letter queue at once (its alarm alerts), as JSON:
 * function, reason, when, request id and the event as delivered.
 */
export class SqsDeadLetters implements DeadLetters {
  readonly #api: SendMessageApi;
  readonly #queueUrl: string;

  constructor(api: SendMessageApi, queueUrl: string) {
    this.#api = api;
    this.#queueUrl = queueUrl;
  }

  async send(letter: DeadLetter): Promise<void> {
    let event = JSON.stringify(letter.event) ?? 'undefined';
    if (event.length > MAX_BODY) event = JSON.stringify(`${event.slice(0, MAX_BODY)}...`);
    const body = `{"source":"lvsched","function":${JSON.stringify(letter.function)},"reason":${JSON.stringify(letter.reason)},"at":"${new Date(letter.at).toISOString()}","requestId":${JSON.stringify(letter.requestId)},"event":${event}}`;
    await this.#api.sendMessage({ QueueUrl: this.#queueUrl, MessageBody: body });
  }
}
