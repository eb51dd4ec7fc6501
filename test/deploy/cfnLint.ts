/**
 * Two linters. The npm `cfn-lint` with the CloudFormation resource specification from
 * `@aws-cdk/cfnspec`: its own specification predates AWS::Scheduler::Schedule (and Lambda
 * EventInvokeConfig), so it is replaced in place before validating. And AWS's cfn-lint (Python,
 * part of this machine's image: `pip show cfn-lint`), which knows every current resource and has
 * the informational rules, among them I3042 (a hard-coded partition in an ARN).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join, sep } from 'node:path';

const require = createRequire(import.meta.url);

interface LintError {
  message: string;
  resource: string;
}
export interface LintResult {
  templateValid: boolean;
  errors: { crit: LintError[]; warn: LintError[]; info: LintError[] };
}
interface CfnLint {
  validateJsonObject(template: unknown, options?: Record<string, unknown>): LintResult;
}

const awsData = require('cfn-lint/lib/awsData') as { awsResources: Record<string, unknown> };
const cfnLint = require('cfn-lint') as CfnLint;
const ownSpec = {
  ResourceTypes: awsData.awsResources.ResourceTypes,
  PropertyTypes: awsData.awsResources.PropertyTypes,
};
const cdkSpec = require('@aws-cdk/cfnspec/spec/specification.json') as Record<string, unknown>;

function validate(template: unknown, spec: Record<string, unknown>): LintResult {
  awsData.awsResources.ResourceTypes = spec.ResourceTypes;
  awsData.awsResources.PropertyTypes = spec.PropertyTypes;
  return cfnLint.validateJsonObject(structuredClone(template), { pseudoParameters: PSEUDO });
}

const PSEUDO = { 'AWS::Region': 'us-east-1', 'AWS::AccountId': '123456789012', 'AWS::Partition': 'aws' };

/** Validates with cfn-lint's bundled specification (for comparison). */
export function lintWithOwnSpec(template: unknown): LintResult {
  return validate(template, ownSpec);
}

/** Validates with the @aws-cdk/cfnspec resource specification. */
export function lintTemplate(template: unknown): LintResult {
  return validate(template, cdkSpec);
}

/** The informational rules about partitions: I3042, ARNs with a hard-coded partition. */
export const PARTITION_RULES = ['I3042'] as const;

export interface AwsLintMatch {
  readonly Rule: { readonly Id: string };
  readonly Level: 'Error' | 'Warning' | 'Informational';
  readonly Message: string;
  readonly Location: { readonly Path: readonly (string | number)[] };
}

/** The ways to start AWS's cfn-lint: its script, or the module (when the script is not on PATH). */
const AWS_LINT_COMMANDS: readonly (readonly string[])[] = [['cfn-lint'], ['python3', '-m', 'cfnlint']];

/** PATH without node_modules/.bin, where npm's `cfn-lint` (the other linter) would be found first. */
const pythonPath = () =>
  (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.split(sep).includes('node_modules'))
    .join(delimiter);

/**
 * Runs AWS's cfn-lint on a template: every error and warning rule, plus the informational rules
 * named (by default those about partitions). Returns what it found (empty when clean).
 */
export function lintWithAwsCfnLint(
  template: unknown,
  includeChecks: readonly string[] = PARTITION_RULES,
): AwsLintMatch[] {
  const dir = mkdtempSync(join(tmpdir(), 'lvsched-cfnlint-'));
  try {
    const file = join(dir, 'template.json');
    writeFileSync(file, JSON.stringify(template));
    const args = [
      '--format',
      'json',
      '--regions',
      'us-east-1',
      '--include-checks',
      ...includeChecks,
      '--',
      file,
    ];
    const env = { ...process.env, PATH: pythonPath() };
    const failures: string[] = [];
    for (const [command, ...prefix] of AWS_LINT_COMMANDS) {
      const run = spawnSync(command as string, [...prefix, ...args], {
        encoding: 'utf8',
        env,
        maxBuffer: 64 * 1024 * 1024,
      });
      // Exit status: a bit mask of 2 (errors), 4 (warnings), 8 (informational); 1 is a failure to run.
      if (run.status !== null && run.status % 2 === 0 && run.stdout.trim().startsWith('[')) {
        return JSON.parse(run.stdout) as AwsLintMatch[];
      }
      failures.push(`${[command, ...prefix].join(' ')}: ${run.error?.message ?? run.stderr.trim()}`);
    }
    throw new Error(`AWS cfn-lint did not run (pip install cfn-lint):\n${failures.join('\n')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line per match, for readable test failures. */
export const describeMatches = (matches: readonly AwsLintMatch[]): string[] =>
  matches.map((m) => `${m.Rule.Id} ${m.Location.Path.join('/')}: ${m.Message}`);

/** A Lambda execution role for a template that cfn-lint checks, with `policies` inline (if any). */
export function lambdaRole(policies: readonly unknown[] = []): Record<string, unknown> {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
      ...(policies.length > 0 ? { Policies: policies } : {}),
    },
  };
}
