/**
 * lvsched: the command line. Reads the clock once (`now`) and hands it to the commands; maps
 * errors to exit codes: 1 for problems in the schedule, 2 for command-line mistakes.
 */
import { Command, CommanderError, Option } from 'commander';
import { SchedulerError, UsageError } from '../errors.js';
import { FAULT_SPEC_HELP } from '../local/faultSpec.js';
import { type DiffOptions, diffCommand } from './commands/diff.js';
import { type EmulatorCommandOptions, emulatorCommand } from './commands/emulator.js';
import { type PlanOptions, planCommand } from './commands/plan.js';
import { type ReconcileOptions, reconcileCommand } from './commands/reconcile.js';
import { type SimulateOptions, simulateCommand } from './commands/simulate.js';
import { type StatusOptions, statusCommand } from './commands/status.js';
import { validateCommand } from './commands/validate.js';
import { DEFAULT_CONFIG } from './loadSchedule.js';
import { type Output, processOutput } from './output.js';

/** Runs lvsched with `argv` (without node and script) and returns the exit code. */
export async function runCli(
  argv: readonly string[],
  out: Output = processOutput,
  now = Date.now(),
): Promise<number> {
  let code = 0;
  const program = new Command()
    .name('lvsched')
    .description('Start and stop Amazon Lookout for Vision models on the schedule in config/schedule.yaml.')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => out.stdout(s.trimEnd()),
      writeErr: (s) => out.stderr(s.trimEnd()),
      // Commander's own errors ("error: unknown option ...", a suggestion on a second line) in the
      // one-line form of every other usage error.
      outputError: (s, write) =>
        write(
          `lvsched: ${s
            .replace(/^error: /, '')
            .trim()
            .replace(/\s*\n\s*/g, ' ')}\n`,
        ),
    })
    .showSuggestionAfterError();

  const config = () => new Option('-c, --config <file>', 'schedule file').default(DEFAULT_CONFIG);
  // The commands that run the engine (simulate, reconcile) write its log and alerts alike.
  const engineLog = () =>
    new Option('--log <file>', 'write the engine log (one JSON line per decision) to this file');
  const engineAlerts = (help: string) => new Option('--alerts <file>', help);

  program
    .command('validate')
    .description('check the schedule file; errors and warnings as FILE:LINE:COL: message (exit 1 on errors)')
    .addOption(config())
    .action(async (o: { config: string }) => {
      code = await validateCommand(o, now, out);
    });

  program
    .command('plan')
    .description('show when each model is hosted, with hours and estimated cost')
    .addOption(config())
    .option('--from <iso>', 'start of the period (default: now)')
    .option('--to <iso>', 'end of the period (default: from + 7 days)')
    .option('--json', 'print the plan as JSON')
    .option('--svg <file>', 'also write a timeline picture (SVG) to this file')
    .option('--ics <file>', 'also write the windows as an iCalendar file (one event per window)')
    .action(async (o: PlanOptions) => {
      code = await planCommand(o, now, out);
    });

  program
    .command('diff')
    .description('what an edit of the schedule changes against --base (a file or a git ref, default HEAD)')
    .addOption(config())
    .option('--base <file|ref>', 'the version to compare with: a file, else a git ref', 'HEAD')
    .option('--from <iso>', 'start of the period (default: now)')
    .option('--days <n>', 'length of the period in whole days, 1-366 (default 30)')
    .option('--json', 'print the diff as JSON')
    .option('--markdown', 'print a summary table and details for a pull-request comment')
    .action(async (o: DiffOptions) => {
      code = await diffCommand(o, now, out);
    });

  program
    .command('simulate')
    .description(
      'run the functions on a virtual clock against the in-process emulator and report the charges',
    )
    .addOption(config())
    .option('--from <iso>', 'start of the simulated span (default: now)')
    .option('--days <n>', 'length of the span in whole days, 1-366', '7')
    .option('--faults <spec>', `faults to inject, comma-separated:\n${FAULT_SPEC_HELP}`)
    .option('--seed <n>', 'seed of the draws (seconds within the minute, duplicates, random faults)', '1')
    .option('--json', 'print the timeline and report as JSON')
    .addOption(engineLog())
    .addOption(engineAlerts('also append each alert as a JSON line to this file'))
    .action(async (o: SimulateOptions) => {
      code = await simulateCommand(o, now, out);
    });

  program
    .command('reconcile')
    .description('one reconcile pass against the endpoint the AWS SDK resolves (exit 3 if a call failed)')
    .addOption(config())
    .option('--at <iso>', 'the instant to reconcile for (default: now)')
    .option('--dry-run', 'decide and print, change nothing')
    .option('--json', 'print {"at","decisions":[...]} as JSON')
    .addOption(engineLog())
    .addOption(engineAlerts('append alerts as JSON lines to this file instead of stderr'))
    .action(async (o: ReconcileOptions) => {
      code = await reconcileCommand(o, now, out);
    });

  program
    .command('status')
    .description(
      'is the schedule followed? per model its window, desired and observed state, a flag where they differ; the month planned so far',
    )
    .addOption(config())
    .option(
      '--at <iso>',
      'read the schedule at this instant (default: now); the service is still observed now',
    )
    .option('--json', 'print as JSON')
    .action(async (o: StatusOptions) => {
      code = await statusCommand(o, now, out);
    });

  program
    .command('emulator')
    .description("run the Lookout for Vision emulator with the schedule's models (TRAINED) until stopped")
    .addOption(config())
    .option('--port <n>', 'port to listen on', '4599')
    .option('--host <address>', "address to listen on (default: the emulator config's host, else 127.0.0.1)")
    .option(
      '--allow-remote',
      'allow a --host that is not loopback; the admin API (/_emulator) has no authentication',
    )
    .option('--start-seconds <n>', 'STARTING_HOSTING -> HOSTED after this long (default 600)')
    .option('--stop-seconds <n>', 'STOPPING_HOSTING -> TRAINED after this long (default 60)')
    .option(
      '--request-timeout-seconds <n>',
      'a request (headers and body) must arrive within this (default 10)',
    )
    .option(
      '--emulator-config <file>',
      "the emulator's own options (faults, quota, assumptions): src/emulator/README.md",
    )
    .action(async (o: EmulatorCommandOptions) => {
      code = await emulatorCommand(o, now, out);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are exits with code 0; everything else commander rejects is usage.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      // One line, whatever the message: a usage error is read at a prompt, not in a log viewer.
      out.stderr(`lvsched: ${error.message.trim().replace(/\s*\n\s*/g, ' ')}`);
      return 2;
    }
    if (error instanceof SchedulerError) {
      out.stderr(error.message);
      return 1;
    }
    // A bug, not a user mistake: say so in one line, with the stack only on request.
    const message = error instanceof Error ? error.message : String(error);
    out.stderr(`lvsched: internal error: ${message}`);
    if (process.env.LVSCHED_DEBUG && error instanceof Error && error.stack) out.stderr(error.stack);
    return 70;
  }
}
