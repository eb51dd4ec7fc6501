/**
 * The npm `cfn-lint` with the CloudFormation resource specification from `@aws-cdk/cfnspec`:
 * cfn-lint's own specification predates AWS::Scheduler::Schedule (and Lambda EventInvokeConfig),
 * so it is replaced in place before validating.
 */
import { createRequire } from 'node:module';

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
