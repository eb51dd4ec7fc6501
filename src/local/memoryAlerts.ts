import type { Alert, Alerts } from '../ports.js';

/**
 * Alerts kept in memory, one per key (a repeated failure event is not a new alert), optionally
 * passed on to a sink (console, file).
 */
export class MemoryAlerts implements Alerts {
  readonly sent: Alert[] = [];
  readonly #keys = new Set<string>();
  readonly #sink: ((alert: Alert) => void) | undefined;

  constructor(sink?: (alert: Alert) => void) {
    this.#sink = sink;
  }

  async send(alert: Alert): Promise<void> {
    if (this.#keys.has(alert.key)) return;
    this.#keys.add(alert.key);
    this.sent.push(alert);
    this.#sink?.(alert);
  }
}
