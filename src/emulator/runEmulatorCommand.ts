import { readFile } from 'node:fs/promises';
import { type EmulatorFileConfig, parseEmulatorConfig } from './emulatorConfig.js';
import { EmulatorConfigError } from './emulatorConfigError.js';
import type { Clock, SeedModel } from './emulatorState.js';
import { adminPrefix } from './handleAdminRequest.js';
import type { RekognitionSeedVersion } from './rekognition/rekognitionOptions.js';
import { loadAwsJsonServiceModel } from './rekognition/rekognitionServiceModel.js';
import { validateRekognitionSeeds } from './rekognition/validateRekognitionSeeds.js';
import { loadServiceModel } from './serviceModel.js';
import { type EmulatorHandle, startEmulator } from './startEmulator.js';
import { validateSeedModels } from './validateSeedModels.js';

export const defaultEmulatorPort = 4599;

export interface RunEmulatorCommandOptions {
  /** Default: the config file's port, else 4599. 0 picks a free port. */
  readonly port?: number;
  /** Default: the config file's host, else 127.0.0.1. */
  readonly host?: string;
  /** A YAML or JSON file with the emulator's options (see src/emulator/README.md). */
  readonly configFile?: string;
  /** Override the config file's start and stop durations. */
  readonly startSeconds?: number;
  readonly stopSeconds?: number;
  /** Seeded in addition to the config file's models. */
  readonly models?: readonly SeedModel[];
  /** Rekognition Custom Labels versions, seeded in addition to the config file's `rekognition.versions`. */
  readonly rekognitionVersions?: readonly RekognitionSeedVersion[];
  /** Default: the real clock. */
  readonly clock?: Clock;
  /** Stops the emulator when aborted (besides SIGINT and SIGTERM). */
  readonly signal?: AbortSignal;
  /** Where the endpoint line and the stop line go (default: stdout). */
  readonly log?: (line: string) => void;
  /** Called once the server listens. */
  readonly onListening?: (emulator: EmulatorHandle) => void;
}

async function readConfig(file: string | undefined): Promise<EmulatorFileConfig> {
  if (file === undefined) return {};
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new EmulatorConfigError(`cannot read the config file: ${(error as Error).message}`, file, {
      cause: error,
    });
  }
  const config = parseEmulatorConfig(text, file);
  validateSeedModels(loadServiceModel(), config.models ?? [], file);
  validateRekognitionSeeds(loadAwsJsonServiceModel().model, config.rekognition?.versions ?? [], file);
  return config;
}

/**
 * What `lvsched emulator [--port 4599] [--config FILE] [--start-seconds N] [--stop-seconds N]` runs:
 * starts the emulator, prints `Lookout for Vision emulator listening on http://HOST:PORT`, and
 * resolves after SIGINT, SIGTERM or `signal` once the server is closed. Rejects with
 * EmulatorConfigError for a bad config file and with the listen error (e.g. EADDRINUSE) otherwise.
 */
export async function runEmulatorCommand(options: RunEmulatorCommandOptions = {}): Promise<void> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const config = await readConfig(options.configFile);
  const port = options.port ?? config.port ?? defaultEmulatorPort;
  const host = options.host ?? config.host ?? '127.0.0.1';
  let emulator: EmulatorHandle;
  try {
    emulator = await startEmulator({
      ...config,
      port,
      host,
      ...(options.startSeconds === undefined ? {} : { startSeconds: options.startSeconds }),
      ...(options.stopSeconds === undefined ? {} : { stopSeconds: options.stopSeconds }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      models: [...(config.models ?? []), ...(options.models ?? [])],
      // --start-seconds and --stop-seconds apply to both services.
      rekognition: {
        ...config.rekognition,
        ...(options.startSeconds === undefined ? {} : { startSeconds: options.startSeconds }),
        ...(options.stopSeconds === undefined ? {} : { stopSeconds: options.stopSeconds }),
        versions: [...(config.rekognition?.versions ?? []), ...(options.rekognitionVersions ?? [])],
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new EmulatorConfigError(
        `port ${port} on ${host} is in use: choose another with --port`,
        undefined,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
  log(`Lookout for Vision emulator listening on ${emulator.endpoint}`);
  log(
    `${emulator.models().length} model(s), ${emulator.runtime.rekognition.allVersions().length} Rekognition ` +
      `version(s); admin endpoints at ${emulator.endpoint}${adminPrefix}; ` +
      'stop with Ctrl-C',
  );
  options.onListening?.(emulator);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      options.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop, { once: true });
  });
  await emulator.close();
  log('Lookout for Vision emulator stopped');
}
