import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAlertLedger } from '../../src/aws/dynamoAlertLedger.js';
import { lazyDynamoDb } from '../../src/aws/lazyClients.js';
import { TEST_CREDENTIALS } from '../emulator/helpers.js';
import { type Dynalite, startDynalite } from './dynalite.js';

let db: Dynalite;
let ledger: DynamoAlertLedger;
const T = Date.parse('2026-03-30T04:00:00Z');
const HOUR = 3_600_000;

beforeAll(async () => {
  db = await startDynalite();
  ledger = new DynamoAlertLedger(
    lazyDynamoDb('us-east-1', { endpoint: db.endpoint, credentials: TEST_CREDENTIALS }),
    db.tableName,
  );
});
afterAll(() => db?.close());

describe('the DynamoDB alert ledger (dynalite)', () => {
  it('lets the first claim of a key win and refuses repeats until it expires', async () => {
    expect(await ledger.claim('k1', T + HOUR, T)).toBe(true);
    expect(await ledger.claim('k1', T + 2 * HOUR, T + 1000)).toBe(false);
    expect(await ledger.claim('k1', T + 3 * HOUR, T + HOUR - 1000)).toBe(false);
    expect(await ledger.claim('k1', T + 5 * HOUR, T + HOUR + 1000)).toBe(true);
    expect(await ledger.claim('k2', T + HOUR, T)).toBe(true);
  });

  it('gives a key back on release, so that a retry can publish', async () => {
    expect(await ledger.claim('k3', T + HOUR, T)).toBe(true);
    await ledger.release('k3');
    expect(await ledger.claim('k3', T + HOUR, T)).toBe(true);
  });

  it('lets exactly one of many concurrent claims (other containers) win', async () => {
    const others = Array.from(
      { length: 8 },
      () =>
        new DynamoAlertLedger(
          lazyDynamoDb('us-east-1', { endpoint: db.endpoint, credentials: TEST_CREDENTIALS }),
          db.tableName,
        ),
    );
    const won = await Promise.all(others.map((l) => l.claim('k4', T + HOUR, T)));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('stores the expiry in epoch seconds, the attribute DynamoDB TTL reads', async () => {
    await ledger.claim('k5', T + HOUR, T);
    const { GetItemCommand } = await import('@aws-sdk/client-dynamodb');
    const item = await db.client.send(
      new GetItemCommand({ TableName: db.tableName, Key: { pk: { S: 'k5' } } }),
    );
    expect(item.Item?.expiresAt).toEqual({ N: String((T + HOUR) / 1000) });
  });
});
