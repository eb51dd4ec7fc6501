/**
 * The Lambda functions' environment, read in one place: a frozen, typed config, or an error naming
 * the first missing variable. serverless.yml sets every one of these.
 */
import { DEFAULT_REQUESTS_PER_SECOND } from '../engine/pacedModelHost.js';
import { SchedulerError } from '../errors.js';
import { DEFAULT_METRICS_NAMESPACE } from '../metricsNamespace.js';

export class EnvironmentError extends SchedulerError {
  override name = 'EnvironmentError';
  readonly variable: string;
  constructor(variable: string, message = `Environment variable ${variable} is required`) {
    super(message);
    this.variable = variable;
  }
}

export interface LambdaEnv {
  /** AWS_REGION, set by Lambda: models without a region are in it. */
  readonly region: string;
  /** The verify function, target of verify timers. */
  readonly verifyFunctionArn: string;
  /** The role EventBridge Scheduler assumes to invoke it (passed with iam:PassRole). */
  readonly schedulerRoleArn: string;
  /** Schedule group of the one-time verify timers. */
  readonly verifyGroupName: string;
  /** SQS queue for events Scheduler cannot deliver. */
  readonly deadLetterArn: string;
  /** Its URL, where the functions send rejected events themselves. */
  readonly deadLetterUrl: string;
  readonly alertTopicArn: string;
  /** DynamoDB table of the alert ledger (one message per failure event across containers). */
  readonly alertTableName: string;
  /** Lookout for Vision calls per second per region (LVSCHED_REQUESTS_PER_SECOND, default 4 of the quota's 5). */
  readonly requestsPerSecond: number;
  /** CloudWatch namespace of the embedded-metric-format lines. */
  readonly metricsNamespace: string;
  /** The schedule as JSON, written next to the bundle at package time; overridable for tests. */
  readonly scheduleFile: string | null;
  readonly logLevel: string;
}

/**
 * Calls per second per region, for the functions and the CLI alike: LVSCHED_REQUESTS_PER_SECOND,
 * else 4 (the quota is 5); throws {@link EnvironmentError} for a value that is not a number in (0, 100].
 */
export function readRequestsPerSecond(env: NodeJS.ProcessEnv = process.env): number {
  const name = 'LVSCHED_REQUESTS_PER_SECOND';
  const text = env[name];
  if (text === undefined || text.trim() === '') return DEFAULT_REQUESTS_PER_SECOND;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 100) {
    throw new EnvironmentError(
      name,
      `Environment variable ${name} must be a number in (0, 100], not ${text}`,
    );
  }
  return value;
}

/** Reads the environment once; throws {@link EnvironmentError} for the first missing variable. */
export function readLambdaEnv(env: NodeJS.ProcessEnv = process.env): Readonly<LambdaEnv> {
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined || value.trim() === '') throw new EnvironmentError(name);
    return value;
  };
  return Object.freeze({
    region: required('AWS_REGION'),
    verifyFunctionArn: required('VERIFY_FUNCTION_ARN'),
    schedulerRoleArn: required('SCHEDULER_ROLE_ARN'),
    verifyGroupName: required('VERIFY_GROUP_NAME'),
    deadLetterArn: required('DEAD_LETTER_ARN'),
    deadLetterUrl: required('DEAD_LETTER_URL'),
    alertTopicArn: required('ALERT_TOPIC_ARN'),
    alertTableName: required('ALERT_TABLE_NAME'),
    requestsPerSecond: readRequestsPerSecond(env),
    metricsNamespace: env.METRICS_NAMESPACE || DEFAULT_METRICS_NAMESPACE,
    scheduleFile: env.LVSCHED_SCHEDULE_JSON || null,
    logLevel: env.LOG_LEVEL || 'info',
  });
}
