import type { AddressInfo } from 'node:net';
import type { Ledger } from './computeLedger.js';
import { createEmulatorServer, type EmulatorServerOptions } from './createEmulatorServer.js';
import { type CallLogEntry, type EmulatorOptions, EmulatorRuntime } from './emulatorRuntime.js';
import type { ModelHistory, ModelSnapshot, SeedModel } from './emulatorState.js';
import type { FaultConfig } from './faultInjector.js';

export interface StartEmulatorOptions extends EmulatorOptions, EmulatorServerOptions {
  /** 0 (default): an ephemeral port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
}

export interface EmulatorHandle {
  /** e.g. `http://127.0.0.1:4599`: give it to the SDK as `endpoint`, to the AWS CLI as `--endpoint-url`. */
  readonly endpoint: string;
  readonly port: number;
  readonly runtime: EmulatorRuntime;
  /** Every model with its status at the clock's now. */
  models(): ModelSnapshot[];
  /** Status histories with the exact instants of each transition. */
  history(): ModelHistory[];
  ledger(): Ledger;
  callLog(): readonly CallLogEntry[];
  seed(models: readonly SeedModel[]): ModelSnapshot[];
  /** Replaces the fault kinds named in `faults`, keeps the others. */
  setFaults(faults: FaultConfig): void;
  clearFaults(): void;
  faults(): FaultConfig;
  close(): Promise<void>;
}

/** Starts the emulator's HTTP server and resolves once it listens. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<EmulatorHandle> {
  const runtime = new EmulatorRuntime(options);
  const server = createEmulatorServer(runtime, {
    ...(options.requestTimeoutSeconds === undefined
      ? {}
      : { requestTimeoutSeconds: options.requestTimeoutSeconds }),
    ...(options.dateFromClock ? { dateFromClock: true } : {}),
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://${urlHost}:${port}`,
    port,
    runtime,
    models: () => runtime.models(),
    history: () => runtime.history(),
    ledger: () => runtime.ledger(),
    callLog: () => runtime.callLog(),
    seed: (models) => runtime.seed(models),
    setFaults: (faults) => runtime.faults.set(faults),
    clearFaults: () => runtime.faults.clear(),
    faults: () => runtime.faults.current(),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets (the SDK pools them) would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
