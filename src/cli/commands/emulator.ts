import { runEmulatorCommand } from '../../emulator/index.js';
import { UsageError } from '../../errors.js';
import { formatDiagnostic } from '../../schedule/parseSchedule.js';
import { checkRegularFile, decimalNumber, wholeNumber } from '../checkOptions.js';
import { loadSchedule } from '../loadSchedule.js';
import type { Output } from '../output.js';

export interface EmulatorCommandOptions {
  config: string;
  port?: string;
  host?: string;
  allowRemote?: boolean;
  startSeconds?: string;
  stopSeconds?: string;
  requestTimeoutSeconds?: string;
  emulatorConfig?: string;
}

const seconds = (flag: string, value: string | undefined): number | undefined =>
  value === undefined ? undefined : decimalNumber(flag, value, 'a number of seconds');

/** `lvsched emulator`: the Lookout for Vision emulator with the schedule's models, until Ctrl-C. */
export async function emulatorCommand(
  options: EmulatorCommandOptions,
  now: number,
  out: Output,
): Promise<number> {
  // Every flag first: a mistake is one line before the schedule is read or a port is bound.
  const port =
    options.port === undefined ? undefined : wholeNumber('--port', options.port, 0, 65535, 'a port number');
  const startSeconds = seconds('--start-seconds', options.startSeconds);
  const stopSeconds = seconds('--stop-seconds', options.stopSeconds);
  const requestTimeoutSeconds = seconds('--request-timeout-seconds', options.requestTimeoutSeconds);
  if (requestTimeoutSeconds === 0)
    throw new UsageError('--request-timeout-seconds must be more than 0: a request needs time to arrive');
  if (options.emulatorConfig !== undefined)
    checkRegularFile(`--emulator-config ${options.emulatorConfig}`, options.emulatorConfig);
  const { schedule, diagnostics } = await loadSchedule(options.config, now);
  for (const d of diagnostics) out.stderr(formatDiagnostic(d));
  if (schedule === null) return 1;
  try {
    await runEmulatorCommand({
      ...(port === undefined ? {} : { port }),
      ...(options.host === undefined ? {} : { host: options.host }),
      allowRemote: options.allowRemote === true,
      models: schedule.models.map((m) => ({
        project: m.project,
        version: m.version,
        ...(m.region ? { region: m.region } : {}),
      })),
      ...(startSeconds === undefined ? {} : { startSeconds }),
      ...(stopSeconds === undefined ? {} : { stopSeconds }),
      ...(requestTimeoutSeconds === undefined ? {} : { requestTimeoutSeconds }),
      ...(options.emulatorConfig ? { configFile: options.emulatorConfig } : {}),
      log: (line) => out.stdout(line),
      warn: (line) => out.stderr(`lvsched: ${line}`),
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'EmulatorConfigError') throw new UsageError(error.message);
    throw error;
  }
  return 0;
}
