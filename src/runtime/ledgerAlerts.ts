import type { Logger } from 'pino';
import type { Alert, AlertLedger, Alerts } from '../ports.js';

/** How long a claimed alert key keeps repeats out: longer than any window (keys name their window). */
export const ALERT_CLAIM_TTL_MS = 8 * 24 * 3_600_000;

/**
 * Alerts behind the cross-container ledger: an alert is published only by the invocation whose
 * claim of its key succeeded; when publishing fails the claim is released (so a retry publishes)
 * and the error goes back to the engine, which reports it as a side-effect failure.
 */
export class LedgerAlerts implements Alerts {
  readonly #inner: Alerts;
  readonly #ledger: AlertLedger;
  readonly #now: () => number;
  readonly #logger: Logger;

  constructor(inner: Alerts, ledger: AlertLedger, now: () => number, logger: Logger) {
    this.#inner = inner;
    this.#ledger = ledger;
    this.#now = now;
    this.#logger = logger;
  }

  async send(alert: Alert): Promise<void> {
    const now = this.#now();
    if (!(await this.#ledger.claim(alert.key, now + ALERT_CLAIM_TTL_MS, now))) {
      this.#logger.info({ key: alert.key, cause: alert.cause, model: alert.model }, 'alert already sent');
      return;
    }
    try {
      await this.#inner.send(alert);
    } catch (error) {
      await this.#ledger.release(alert.key).catch((releaseError: unknown) => {
        this.#logger.error({ key: alert.key, err: releaseError }, 'alert claim not released');
      });
      throw error;
    }
  }
}

/** The ledger for local runs: one process's memory (share one instance between runtimes). */
export class MemoryAlertLedger implements AlertLedger {
  readonly #claims = new Map<string, number>();

  async claim(key: string, expiresAt: number, now: number): Promise<boolean> {
    const held = this.#claims.get(key);
    if (held !== undefined && held >= now) return false;
    this.#claims.set(key, expiresAt);
    return true;
  }

  async release(key: string): Promise<void> {
    this.#claims.delete(key);
  }
}
