import { connect } from 'node:net';
import { LookoutVisionClient, type LookoutVisionClientConfig } from '@aws-sdk/client-lookoutvision';
import { afterAll, beforeAll } from 'vitest';
import {
  type EmulatorHandle,
  type RunEmulatorCommandOptions,
  runEmulatorCommand,
  type StartEmulatorOptions,
  startEmulator,
} from '../../src/emulator/index.js';

/** 2026-03-30T05:30:00Z: a Monday morning, an instant a window could open at. */
export const t0 = Date.parse('2026-03-30T05:30:00Z');

export interface VirtualClock {
  now(): number;
  advance(ms: number): void;
  set(at: number): void;
}

export function virtualClock(start = t0): VirtualClock {
  let at = start;
  return {
    now: () => at,
    advance: (ms) => {
      at += ms;
    },
    set: (to) => {
      at = to;
    },
  };
}

/** The AWS documentation's example keys: the emulator reads a signature's form, never its secret. */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
} as const;

/** What every SDK client of the tests is given: the emulator as endpoint, us-east-1, the test keys. */
export function clientConfig<Config extends object>(endpoint: string, config: Config) {
  return { endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, ...config };
}

export function sdkClient(
  endpoint: string,
  config: Omit<LookoutVisionClientConfig, 'endpoint'> = {},
): LookoutVisionClient {
  return new LookoutVisionClient(clientConfig(endpoint, config));
}

/** The statuses `version` went through, in order, in an emulator's history of either service. */
export const statusesOf = <Status>(
  history: readonly { readonly version: string; readonly events: readonly { readonly status: Status }[] }[],
  version: string,
): Status[] | undefined => history.find((h) => h.version === version)?.events.map((e) => e.status);

/** An Authorization header of the right form; the emulator does not verify signatures. */
export const fakeSigV4 = (region = 'us-east-1', service = 'lookoutvision'): string =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260330/${region}/${service}/aws4_request, ` +
  `SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;

export interface RawAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** A request the SDK would refuse to send or would send differently: plain fetch. */
export async function raw(
  endpoint: string,
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string>; signed?: boolean } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.signed !== false) headers.Authorization = fakeSigV4();
  const response = await fetch(`${endpoint}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown> & Error;
  }
  throw new Error('expected the call to fail, and it succeeded');
}

export interface WireAnswer {
  /** 0 when the connection closed without a status line. */
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Milliseconds from connecting until the server closed the connection. */
  readonly closedAfterMs: number;
}

/**
 * Sends `head` (the request line and headers, without the blank line) over a raw socket, as no
 * HTTP client would: the target is written as given. `body` is sent at once, or one byte per
 * `trickleMs` until the server closes the connection.
 */
export function wire(
  port: number,
  head: string,
  options: { body?: string; trickleMs?: number; trickleHeaders?: boolean } = {},
): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.on('close', () => {
      clearInterval(timer);
      const [headText = '', ...rest] = received.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = headText.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0),
        headers,
        body: rest.join('\r\n\r\n'),
        closedAfterMs: performance.now() - started,
      });
    });
    socket.on('connect', () => {
      const trickle = (text: string) => {
        let i = 0;
        timer = setInterval(() => {
          if (socket.destroyed || i >= text.length) {
            clearInterval(timer);
            return;
          }
          socket.write(text[i++] ?? '');
        }, options.trickleMs);
      };
      if (options.trickleHeaders) {
        trickle(`${head}\r\nx-slow: ${'a'.repeat(10_000)}\r\n\r\n`);
        return;
      }
      socket.write(`${head}\r\nConnection: close\r\n\r\n`);
      if (options.body === undefined) return;
      if (options.trickleMs === undefined) socket.write(options.body);
      else trickle(options.body);
    });
  });
}

/** An emulator with `options` on a fresh virtual clock (at t0), and the clock to move it. */
export async function emulatorOnClock(
  options: Omit<StartEmulatorOptions, 'clock'>,
): Promise<{ clock: VirtualClock; emulator: EmulatorHandle }> {
  const clock = virtualClock();
  return { clock, emulator: await startEmulator({ clock, ...options }) };
}

/** An emulator on a fresh virtual clock (at t0) with `options`, and an SDK client of it with `config`. */
export async function emulatorWithClient(
  options: Omit<StartEmulatorOptions, 'clock'>,
  config: Omit<LookoutVisionClientConfig, 'endpoint'> = {},
): Promise<{ clock: VirtualClock; emulator: EmulatorHandle; client: LookoutVisionClient }> {
  const { clock, emulator } = await emulatorOnClock(options);
  return { clock, emulator, client: sdkClient(emulator.endpoint, config) };
}

/** Closes what emulatorWithClient opened. */
export async function closeAll(emulator: EmulatorHandle, client: LookoutVisionClient): Promise<void> {
  client.destroy();
  await emulator.close();
}

/**
 * One emulator with `options` for the tests of the describe block that calls this: started in its
 * beforeAll and closed in its afterAll, so read `.emulator` in tests and hooks only.
 */
export function sharedEmulator(options: StartEmulatorOptions): { readonly emulator: EmulatorHandle } {
  const shared = {} as { emulator: EmulatorHandle };
  beforeAll(async () => {
    shared.emulator = await startEmulator(options);
  });
  afterAll(() => shared.emulator?.close());
  return shared;
}

/** Runs `use` with an emulator started with `options`, and closes the emulator after, whatever happens. */
export async function withEmulator<T>(
  options: StartEmulatorOptions,
  use: (emulator: EmulatorHandle) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator(options);
  try {
    return await use(emulator);
  } finally {
    await emulator.close();
  }
}

/** `lvsched emulator` run in-process and listening: what it serves, what it logged, and how to end it. */
export interface RunningEmulatorCommand {
  readonly emulator: EmulatorHandle;
  /** Every line it has logged so far (it keeps adding to this array). */
  readonly lines: string[];
  /** Aborts the command and waits until it has stopped. */
  stop(): Promise<void>;
}

/** Starts runEmulatorCommand with `options` and resolves once it listens (rejects if it fails first). */
export async function runningEmulatorCommand(
  options: Omit<RunEmulatorCommandOptions, 'signal' | 'log' | 'onListening'>,
): Promise<RunningEmulatorCommand> {
  const controller = new AbortController();
  const lines: string[] = [];
  let running: Promise<void> = Promise.resolve();
  const emulator = await new Promise<EmulatorHandle>((resolve, reject) => {
    running = runEmulatorCommand({
      ...options,
      signal: controller.signal,
      log: (line) => lines.push(line),
      onListening: resolve,
    });
    running.then(() => reject(new Error('runEmulatorCommand ended before it listened')), reject);
  });
  return {
    emulator,
    lines,
    stop: async () => {
      controller.abort();
      await running;
    },
  };
}
