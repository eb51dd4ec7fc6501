import { appendFileSync } from 'node:fs';
import { MemoryAlerts } from './memoryAlerts.js';

/** Alerts appended to a file as JSON lines, once per failure event. */
export function fileAlerts(path: string): MemoryAlerts {
  return new MemoryAlerts((alert) => appendFileSync(path, `${JSON.stringify(alert)}\n`));
}
