/**
 * Adapters for runs outside Lambda (`lvsched reconcile`, `lvsched status`): the alert ledger in
 * memory, metrics nowhere, rejected events kept in a list, the pace from the environment (read as the functions read it).
 */
import { readRequestsPerSecond } from '../aws/lambdaEnv.js';
import type { DeadLetter, DeadLetters, MetricsSink } from '../ports.js';
import { MemoryAlertLedger } from './ledgerAlerts.js';

/** Rejected events of a local run, kept for whoever runs it. */
export class MemoryDeadLetters implements DeadLetters {
  readonly letters: DeadLetter[] = [];
  async send(letter: DeadLetter): Promise<void> {
    this.letters.push(letter);
  }
}

export const noMetrics: MetricsSink = { emit: () => {} };

/** What a local one-shot run needs besides its schedule, host, timers, alerts and logger. */
export function localAdapters(env: NodeJS.ProcessEnv = process.env) {
  return {
    pace: {
      requestsPerSecond: readRequestsPerSecond(env),
      sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    },
    alertLedger: new MemoryAlertLedger(),
    deadLetters: new MemoryDeadLetters(),
    metrics: noMetrics,
  };
}
