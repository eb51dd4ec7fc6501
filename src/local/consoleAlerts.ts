import type { Alert } from '../ports.js';
import { MemoryAlerts } from './memoryAlerts.js';

/** Alerts written as one line each (to stderr in the CLI), once per failure event. */
export function consoleAlerts(write: (line: string) => void): MemoryAlerts {
  return new MemoryAlerts((a: Alert) =>
    write(`ALERT ${a.cause} ${a.model}: ${a.message}${a.clientToken ? ` (token ${a.clientToken})` : ''}`),
  );
}
