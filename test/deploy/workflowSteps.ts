/**
 * Runs the steps of .github/workflows/schedule.yml the way a GitHub runner does: the step's `run:`
 * text under `bash -e`, its `env:` (and the workflow's) with `${{ }}` expressions evaluated from a
 * given context, in a checkout that is a real git repository with a real `origin`. npm runs
 * offline, so `npx` can only run what is installed (never downloads).
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './packageService.js';

export const WORKFLOW_PATH = '.github/workflows/schedule.yml';

export interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
export interface Job {
  readonly if?: string;
  readonly 'runs-on': string;
  readonly permissions?: Record<string, string>;
  readonly concurrency?: { group: string; 'cancel-in-progress': boolean };
  readonly steps: readonly Step[];
}
export interface Workflow {
  readonly on: Record<string, { paths?: string[]; branches?: string[] } | null>;
  readonly permissions?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

export function readWorkflow(): { text: string; workflow: Workflow } {
  const text = readFileSync(join(ROOT, WORKFLOW_PATH), 'utf8');
  return { text, workflow: parse(text) as Workflow };
}

/** The one step of a job that matches (by its `run:` text or `uses:`), or a clear failure. */
export function stepOf(job: Job, match: (step: Step) => boolean, what: string): Step {
  const found = job.steps.filter(match);
  if (found.length !== 1) throw new Error(`expected one step that ${what}, found ${found.length}`);
  return found[0] as Step;
}

/** Context values by dotted path (`github.base_ref`, `vars.AWS_REGION`, `runner.temp`, `env.X`). */
export type Context = Readonly<Record<string, Readonly<Record<string, string | undefined>>>>;

/**
 * Evaluates the `${{ }}` expressions of a value: dotted paths and quoted strings joined by `||`
 * (the first non-empty one), which is all this workflow's `env:` and `with:` values use. Anything
 * else throws, so a new kind of expression cannot slip through untested.
 */
export function evaluate(value: string, context: Context): string {
  return value.replace(/\$\{\{(.*?)\}\}/g, (_, expression: string) => {
    for (const operand of expression.split('||').map((s) => s.trim())) {
      const quoted = /^'([^']*)'$/.exec(operand);
      let result: string | undefined;
      if (quoted) result = quoted[1];
      else if (/^[a-z_]+\.[A-Za-z_]+$/.test(operand)) {
        const [scope = '', key = ''] = operand.split('.');
        const values = context[scope];
        if (values === undefined) throw new Error(`no context "${scope}" for \${{ ${expression} }}`);
        result = values[key];
      } else throw new Error(`cannot evaluate \${{ ${expression} }}`);
      if (result) return result;
    }
    return '';
  });
}

/** The environment a step sees: the workflow's `env:`, then the step's, evaluated. */
export function stepEnv(workflow: Workflow, step: Step, context: Context): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(workflow.env ?? {})) env[k] = evaluate(String(v), context);
  const withEnv = { ...context, env: { ...context.env, ...env } };
  for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluate(String(v), withEnv);
  return env;
}

export interface StepRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A runner's defaults, with npm kept offline (npx never downloads) and no AWS credentials at all. */
export function runnerEnv(home: string, runnerTemp: string, summary: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: runnerTemp,
    GITHUB_STEP_SUMMARY: summary,
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    npm_config_cache: join(home, '.npm'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** Runs a `run:` text as GitHub's default Linux shell does (`bash -e {0}`). */
export function runScript(
  script: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<StepRun> {
  const file = join(
    env.RUNNER_TEMP ?? tmpdir(),
    `step-${Date.now()}-${Math.random().toString(36).slice(2)}.sh`,
  );
  writeFileSync(file, script);
  return new Promise((done) => {
    execFile(
      'bash',
      ['-e', file],
      { cwd, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr: `${stderr}${error?.killed ? `\n[killed after ${timeoutMs} ms]` : ''}` });
      },
    );
  });
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: cwd,
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  });

export interface Checkout {
  /** The working tree, at the pull request's head (detached, as actions/checkout leaves it). */
  readonly dir: string;
  readonly home: string;
  readonly runnerTemp: string;
  readonly summary: string;
  cleanup(): void;
}

/**
 * A repository like the one the workflow checks out: `main` with this project's files pushed to a
 * bare `origin`, and a pull-request commit on top whose schedule file is `edit(text)`; fetched
 * with the whole history, so `origin/main` exists.
 */
export function pullRequestCheckout(edit: (schedule: string) => string): Checkout {
  const tmp = mkdtempSync(join(tmpdir(), 'lvsched-workflow-'));
  const origin = join(tmp, 'origin.git');
  const dir = join(tmp, 'work');
  const home = join(tmp, 'home');
  const runnerTemp = join(tmp, 'runner-temp');
  for (const d of [dir, home, runnerTemp]) mkdirSync(d);
  git(tmp, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  git(dir, 'init', '--quiet', '--initial-branch=main');
  for (const entry of [
    '.gitignore',
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'serverless.yml',
    'bin',
    'src',
    'config',
  ]) {
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  // What `npm ci` installs (ignored by git, as in the real repository).
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '-m', 'main');
  git(dir, 'remote', 'add', 'origin', origin);
  git(dir, 'push', '--quiet', 'origin', 'main');
  const schedule = join(dir, 'config/schedule.yaml');
  writeFileSync(schedule, edit(readFileSync(schedule, 'utf8')));
  git(dir, 'commit', '--quiet', '-am', 'pull request');
  git(dir, 'checkout', '--quiet', '--detach');
  git(dir, 'fetch', '--quiet', 'origin');
  const summary = join(runnerTemp, 'step-summary.md');
  writeFileSync(summary, '');
  return { dir, home, runnerTemp, summary, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}
