import type { AlertLedger } from '../ports.js';
import type { LedgerTableApi } from './lazyClients.js';

/**
 * The alert ledger as a DynamoDB table (partition key `pk`, TTL attribute `expiresAt` in epoch
 * seconds): a claim is a conditional PutItem that succeeds only when the key is new or its
 * previous claim has expired, so across containers, Lambda retries and reconcile passes exactly one
 * invocation publishes each alert. DynamoDB's TTL deletes expired items (within days); the
 * condition does not rely on that.
 */
export class DynamoAlertLedger implements AlertLedger {
  readonly #api: LedgerTableApi;
  readonly #table: string;

  constructor(api: LedgerTableApi, tableName: string) {
    this.#api = api;
    this.#table = tableName;
  }

  async claim(key: string, expiresAt: number, now: number): Promise<boolean> {
    try {
      await this.#api.putItem({
        TableName: this.#table,
        Item: {
          pk: { S: key },
          expiresAt: { N: String(Math.ceil(expiresAt / 1000)) },
          claimedAt: { S: new Date(now).toISOString() },
        },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': { N: String(Math.floor(now / 1000)) } },
      });
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async release(key: string): Promise<void> {
    await this.#api.deleteItem({ TableName: this.#table, Key: { pk: { S: key } } });
  }
}
