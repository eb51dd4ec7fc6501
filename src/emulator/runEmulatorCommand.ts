import { readFile } from 'node:fs/promises';
import { BlockList, isIP } from 'node:net';
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
  /** Default: the config file's host, else 127.0.0.1. Not loopback: needs `allowRemote`. */
  readonly host?: string;
  /**
   * Listen on a host that is not loopback (`--allow-remote`). The admin API has no authentication,
   * so anyone who can reach the address can seed models, read the call log and inject faults.
   */
  readonly allowRemote?: boolean;
  /** A request must arrive (headers and body) within this long (default: the config file's, else 10). */
  readonly requestTimeoutSeconds?: number;
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
  /** Where the warning about a non-loopback host goes (default: stderr). */
  readonly warn?: (line: string) => void;
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

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** 127.0.0.0/8, ::1 (also written IPv4-mapped) and `localhost`: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  const family = isIP(h);
  return family !== 0 && loopback.check(h, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * What `lvsched emulator [--port 4599] [--host H --allow-remote] [--emulator-config FILE] ...` runs:
 * starts the emulator, prints `Lookout for Vision emulator listening on http://HOST:PORT`, and
 * resolves after SIGINT, SIGTERM or `signal` once the server is closed. Rejects with
 * EmulatorConfigError for a bad config file and with the listen error (e.g. EADDRINUSE) otherwise.
 */
export async function runEmulatorCommand(options: RunEmulatorCommandOptions = {}): Promise<void> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const config = await readConfig(options.configFile);
  const port = options.port ?? config.port ?? defaultEmulatorPort;
  const host = options.host ?? config.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && options.allowRemote !== true) {
    throw new EmulatorConfigError(
      `host ${host} is not a loopback address and the admin API (/_emulator) has no authentication: ` +
        'add --allow-remote to listen there anyway',
    );
  }
  const requestTimeoutSeconds = options.requestTimeoutSeconds ?? config.requestTimeoutSeconds;
  let emulator: EmulatorHandle;
  try {
    emulator = await startEmulator({
      ...config,
      port,
      host,
      ...(options.startSeconds === undefined ? {} : { startSeconds: options.startSeconds }),
      ...(options.stopSeconds === undefined ? {} : { stopSeconds: options.stopSeconds }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(requestTimeoutSeconds === undefined ? {} : { requestTimeoutSeconds }),
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
  // Listen for the stop signals before announcing the endpoint: a supervisor may send SIGTERM as
  // soon as it reads the line, and without a listener that would kill the process uncleanly.
  const stopped = new Promise<void>((resolve) => {
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
  log(`Lookout for Vision emulator listening on ${emulator.endpoint}`);
  if (!isLoopbackHost(host)) {
    const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
    warn(
      `warning: listening on ${host}, not only loopback: the admin API (${emulator.endpoint}${adminPrefix}) ` +
        'has no authentication; anyone who can reach it can seed models, read the call log and inject faults',
    );
  }
  log(
    `${emulator.models().length} model(s), ${emulator.runtime.rekognition.allVersions().length} Rekognition ` +
      `version(s); admin endpoints at ${emulator.endpoint}${adminPrefix}; ` +
      'stop with Ctrl-C',
  );
  options.onListening?.(emulator);
  await stopped;
  await emulator.close();
  log('Lookout for Vision emulator stopped');
}
