import { destination, type Logger, pino } from 'pino';

/** A pino logger writing JSON lines to a file (synchronously, so nothing is lost at exit). */
export function createFileLogger(path: string): Logger {
  return pino({ level: 'info' }, destination({ dest: path, sync: true }));
}
