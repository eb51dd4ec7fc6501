import { runEmulatorCommand } from '../../emulator/index.js';
import { UsageError } from '../../errors.js';
import { formatDiagnostic } from '../../schedule/parseSchedule.js';
import { loadSchedule } from '../loadSchedule.js';
import type { Output } from '../output.js';

export interface EmulatorCommandOptions {
  config: string;
  port?: string;
  startSeconds?: string;
  stopSeconds?: string;
  emulatorConfig?: string;
}

function seconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`${flag} "${value}" must be a number of seconds (>= 0)`);
  return n;
}

/** `lvsched emulator`: the Lookout for Vision emulator with the schedule's models, until Ctrl-C. */
export async function emulatorCommand(
  options: EmulatorCommandOptions,
  now: number,
  out: Output,
): Promise<number> {
  const port = options.port === undefined ? 4599 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port "${options.port}" is not a port number`);
  const { schedule, diagnostics } = await loadSchedule(options.config, now);
  for (const d of diagnostics) out.stderr(formatDiagnostic(d));
  if (schedule === null) return 1;
  const startSeconds = seconds('--start-seconds', options.startSeconds);
  const stopSeconds = seconds('--stop-seconds', options.stopSeconds);
  try {
    await runEmulatorCommand({
      port,
      models: schedule.models.map((m) => ({
        project: m.project,
        version: m.version,
        ...(m.region ? { region: m.region } : {}),
      })),
      ...(startSeconds === undefined ? {} : { startSeconds }),
      ...(stopSeconds === undefined ? {} : { stopSeconds }),
      ...(options.emulatorConfig ? { configFile: options.emulatorConfig } : {}),
      log: (line) => out.stdout(line),
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'EmulatorConfigError') throw new UsageError(error.message);
    throw error;
  }
  return 0;
}
