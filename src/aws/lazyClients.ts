/**
 * AWS SDK clients that load on first use: an invocation that sends no alert never loads SNS, one
 * that sets no timer never loads Scheduler, and so on, which keeps cold starts to what the
 * invocation needs (the bundles keep these modules as separate chunks). Each function here makes
 * its client once per container.
 */
import type { DeleteItemCommandInput, PutItemCommandInput } from '@aws-sdk/client-dynamodb';
import type { CreateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { Timers } from '../ports.js';
import type { CreateScheduleApi } from './schedulerTimers.js';

/** Memoises an async factory: one client per container, created by the first call. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    });
    return made;
  };
}

/** Timers made on first use (the adapter module, the timer schema and the Scheduler client). */
export function lazyTimers(make: () => Promise<Timers>): Timers {
  const timers = once(make);
  return { set: async (at, payload) => (await timers()).set(at, payload) };
}

export function lazyScheduler(region: string): CreateScheduleApi {
  const client = once(async () => {
    const sdk = await import('@aws-sdk/client-scheduler');
    return { sdk, client: new sdk.SchedulerClient({ region }) };
  });
  return {
    async createSchedule(input: CreateScheduleCommandInput) {
      const { sdk, client: c } = await client();
      return c.send(new sdk.CreateScheduleCommand(input));
    },
  };
}

/** The one SNS call alerts make. */
export interface PublishApi {
  publish(input: PublishCommandInput): Promise<unknown>;
}

export function lazySns(region: string): PublishApi {
  const client = once(async () => {
    const sdk = await import('@aws-sdk/client-sns');
    return { sdk, client: new sdk.SNSClient({ region }) };
  });
  return {
    async publish(input) {
      const { sdk, client: c } = await client();
      return c.send(new sdk.PublishCommand(input));
    },
  };
}

/** The two DynamoDB calls the alert ledger makes. */
export interface LedgerTableApi {
  putItem(input: PutItemCommandInput): Promise<unknown>;
  deleteItem(input: DeleteItemCommandInput): Promise<unknown>;
}

export function lazyDynamoDb(
  region: string,
  config: Omit<import('@aws-sdk/client-dynamodb').DynamoDBClientConfig, 'region'> = {},
): LedgerTableApi {
  const client = once(async () => {
    const sdk = await import('@aws-sdk/client-dynamodb');
    return { sdk, client: new sdk.DynamoDBClient({ region, ...config }) };
  });
  return {
    async putItem(input) {
      const { sdk, client: c } = await client();
      return c.send(new sdk.PutItemCommand(input));
    },
    async deleteItem(input) {
      const { sdk, client: c } = await client();
      return c.send(new sdk.DeleteItemCommand(input));
    },
  };
}
