/** Base class of the errors this project raises on purpose; a CLI prints their message, not a stack. */
export class SchedulerError extends Error {
  override name = 'SchedulerError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A command-line mistake (missing file, bad flag value): one clear line, exit code 2. */
export class UsageError extends SchedulerError {
  override name = 'UsageError';
}
