/** A configuration the emulator cannot run with: a bad seed, config file or admin request body. */
export class EmulatorConfigError extends Error {
  override readonly name = 'EmulatorConfigError';

  constructor(
    message: string,
    readonly source?: string,
    options?: { cause?: unknown },
  ) {
    super(source ? `${source}: ${message}` : message, options);
  }
}
