/**
 * The schedule file -> the CloudFormation resources and IAM statements that depend on it: one
 * AWS::Scheduler::Schedule per planned edge schedule, the reconcile schedule, the alerting part
 * (src/deploy/alertResources.ts), the CloudWatch dashboard (src/deploy/dashboard.ts) with its
 * console address as output DashboardUrl, and least-privilege statements naming exactly the file's
 * models.
 * Pure; the static part of the stack lives in serverless.yml, whose logical ids are named in
 * {@link STATIC_IDS}.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_METRICS_NAMESPACE } from '../metricsNamespace.js';
import type { Schedule } from '../schedule/types.js';
import { alertResources } from './alertResources.js';
import type { FunctionName } from './buildArtifacts.js';
import { rateExpression } from './cronSpec.js';
import { DASHBOARD_IDS, dashboard } from './dashboard.js';
import type { EdgeKind } from './edgeSpecs.js';
import { type IamScope, modelStatements } from './modelStatements.js';
import { type EdgePlan, type PlannedSchedule, planEdgeSchedules } from './planEdgeSchedules.js';

/** Logical ids of resources serverless.yml defines (osls names functions `<Name>LambdaFunction`). */
export const STATIC_IDS = {
  deadLetterQueue: 'DeadLetterQueue',
  schedulerRole: 'SchedulerInvokeRole',
  edgeGroup: 'EdgeScheduleGroup',
  verifyGroup: 'VerifyScheduleGroup',
  function: {
    open: 'OpenLambdaFunction',
    close: 'CloseLambdaFunction',
    verify: 'VerifyLambdaFunction',
    reconcile: 'ReconcileLambdaFunction',
  } satisfies Record<FunctionName, string>,
} as const;

/** Retry policy of every schedule (edges, reconcile, verify timers): late events are worth little. */
export const RETRY_POLICY = { MaximumEventAgeInSeconds: 600, MaximumRetryAttempts: 5 } as const;

/** CloudFormation's per-stack limit, and what serverless.yml and this generator add besides edges. */
export const STACK_RESOURCE_LIMIT = 500;
/** Resources that are not edge schedules, with room to spare (measured: see the package test). */
export const NON_EDGE_RESOURCE_ALLOWANCE = 40;

/** The edge-schedule group name, the target input's `schedule` member, etc. are derived from these. */
export interface StackNames {
  readonly service: string;
  readonly stage: string;
}

export interface StackOptions {
  readonly now: number;
  readonly maxEdgeSchedules?: number;
  readonly horizonMs?: number;
  /** METRICS_NAMESPACE of the functions (the dashboard graphs it); default LookoutVisionScheduler. */
  readonly metricsNamespace?: string;
}

export type CfnValue = string | number | boolean | null | CfnValue[] | { [key: string]: CfnValue };
export interface CfnResource {
  readonly Type: string;
  readonly DependsOn?: string | string[];
  readonly Properties: Record<string, CfnValue>;
}
export interface IamStatement {
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Resource: CfnValue[] | CfnValue;
  readonly Condition?: Record<string, Record<string, string>>;
}

export interface GeneratedStack {
  readonly resources: Record<string, CfnResource>;
  readonly iamStatements: IamStatement[];
  /** What the functions get as ALERT_TOPIC_ARN. */
  readonly alertTopicArn: CfnValue;
  readonly plan: EdgePlan;
  /** How model ARNs were scoped: exact ARNs, or wider when the policy would exceed IAM's size limit. */
  readonly iamScope: IamScope;
  /** Stack outputs (the dashboard's address). */
  readonly outputs: Record<string, { readonly Description: string; readonly Value: CfnValue }>;
  /** The dashboard's widget titles and how many models its text lists. */
  readonly dashboard: { readonly widgets: readonly string[]; readonly modelsListed: number };
  /** Things worth telling whoever packages the stack. */
  readonly notes: string[];
}

export const edgeGroupName = (n: StackNames) => `${n.service}-${n.stage}-edges`;
export const verifyGroupName = (n: StackNames) => `${n.service}-${n.stage}-verify`;

/** The target Input of an edge schedule: Scheduler substitutes the `<aws.scheduler.*>` attributes. */
export function edgeInput(kind: EdgeKind | 'reconcile', scheduleName: string): string {
  return JSON.stringify({
    source: 'lvsched',
    kind,
    schedule: scheduleName,
    scheduledTime: '<aws.scheduler.scheduled-time>',
    attempt: '<aws.scheduler.attempt-number>',
  });
}

const digest = (text: string, length: number) =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

/** `open-0545-MON-FRI-Europe.Berlin-1a2b3c4d`: readable, unique (hashed), 1-64 of `[0-9a-zA-Z-_.]`. */
export function scheduleName(p: Pick<PlannedSchedule, 'kind' | 'label' | 'expression' | 'timezone'>): string {
  const hash = digest(`${p.kind}\n${p.expression}\n${p.timezone}`, 8);
  const label = `${p.kind}-${p.label}`.replace(/[^0-9a-zA-Z-_.]/g, '.').slice(0, 64 - hash.length - 1);
  return `${label}-${hash}`;
}

/** `EdgeOpen0545MONFRIEuropeBerlin1a2b3c4d`: CloudFormation logical ids are alphanumeric. */
function logicalId(name: string): string {
  return `Edge${name
    .split(/[^0-9a-zA-Z]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`;
}

function description(p: PlannedSchedule): string {
  const what =
    p.role === 'every-minute'
      ? 'every minute (edge budget exhausted)'
      : p.role === 'fallback'
        ? `${p.expression} ${p.timezone}: an edge a cron misses (DST day or override)`
        : `${p.expression} ${p.timezone}`;
  const models = p.models.length === 0 ? '' : ` for ${p.models.length} model(s): ${p.models.join(', ')}`;
  const text = `lvsched ${p.kind} ${what}${models}`;
  return text.length <= 512 ? text : `${text.slice(0, 509)}...`;
}

function scheduleResource(
  names: StackNames,
  name: string,
  expression: string,
  timezone: string,
  text: string,
  target: string,
  input: string,
): CfnResource {
  return {
    Type: 'AWS::Scheduler::Schedule',
    DependsOn: STATIC_IDS.edgeGroup,
    Properties: {
      Name: name,
      GroupName: edgeGroupName(names),
      Description: text,
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: timezone,
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [target, 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [STATIC_IDS.schedulerRole, 'Arn'] },
        Input: input,
        RetryPolicy: { ...RETRY_POLICY },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [STATIC_IDS.deadLetterQueue, 'Arn'] } },
      },
    },
  };
}

/**
 * osls grants the functions' logging on `log-group:/aws/lambda/<service>-<stage>*`, which also
 * matches the groups of a stage named `<stage>-anything`: this names each function's group
 * instead, keeping what follows the name (`:*`, `:*:*`). Other statements are returned as they are.
 */
export function scopeLogStatements<T extends { readonly Resource?: unknown }>(
  statements: readonly T[],
  names: StackNames,
  functionNames: readonly string[],
): T[] {
  if (functionNames.length === 0) throw new Error('no functions to scope the log permissions to');
  const wildcard = `:log-group:/aws/lambda/${names.service}-${names.stage}*`;
  const exact = (resource: unknown): unknown[] => {
    const text = (resource as { 'Fn::Sub'?: unknown } | null)?.['Fn::Sub'];
    if (typeof text !== 'string' || !text.includes(wildcard)) return [resource];
    return functionNames.map((fn) => ({ 'Fn::Sub': text.replace(wildcard, `:log-group:/aws/lambda/${fn}`) }));
  };
  return statements.map((statement) => {
    if (statement.Resource === undefined) return statement;
    const resources = [statement.Resource].flat();
    const scoped = resources.flatMap(exact);
    return scoped.length === resources.length && scoped.every((r, i) => r === resources[i])
      ? statement
      : { ...statement, Resource: scoped };
  });
}

/** Everything in the stack that the schedule file decides. */
export function stackResources(schedule: Schedule, names: StackNames, options: StackOptions): GeneratedStack {
  const notes: string[] = [];
  const plan = planEdgeSchedules(schedule, {
    now: options.now,
    maxSchedules: options.maxEdgeSchedules ?? STACK_RESOURCE_LIMIT - NON_EDGE_RESOURCE_ALLOWANCE,
    ...(options.horizonMs === undefined ? {} : { horizonMs: options.horizonMs }),
  });
  const resources: Record<string, CfnResource> = {};
  const seen = new Set<string>();
  for (const p of plan.schedules) {
    const name = scheduleName(p);
    if (seen.has(name)) throw new Error(`two edge schedules are both named ${name}`);
    seen.add(name);
    resources[logicalId(name)] = scheduleResource(
      names,
      name,
      p.expression,
      p.timezone,
      description(p),
      STATIC_IDS.function[p.kind],
      edgeInput(p.kind, name),
    );
  }
  resources.ReconcileSchedule = scheduleResource(
    names,
    'reconcile',
    rateExpression(schedule.reconcileEveryMs),
    'UTC',
    `lvsched reconcile pass every ${schedule.reconcileEveryMs / 60_000} min: enforces the desired state of every model`,
    STATIC_IDS.function.reconcile,
    edgeInput('reconcile', 'reconcile'),
  );

  const alerts = alertResources(schedule, names, STATIC_IDS.deadLetterQueue);
  Object.assign(resources, alerts.resources);
  notes.push(...alerts.notes);
  const alertTopicArn = alerts.topicArn;

  const board = dashboard(schedule, {
    names,
    namespace: options.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE,
    deadLetterQueue: STATIC_IDS.deadLetterQueue,
    functions: STATIC_IDS.function,
  });
  resources[DASHBOARD_IDS.dashboard] = board.resource;
  if (board.modelsListed < schedule.models.length) {
    notes.push(
      `dashboard: its text lists ${board.modelsListed} of ${schedule.models.length} models ("and ${schedule.models.length - board.modelsListed} more"), to keep the body small`,
    );
  }

  const lv = modelStatements(schedule);
  if (lv.scope !== 'models') {
    notes.push(
      `IAM: ${schedule.models.length} models exceed the inline policy size; model permissions are scoped per ${lv.scope === 'projects' ? 'project' : 'region'}`,
    );
  }
  const levels = Object.values(plan.levels);
  if (levels.some((l) => l !== 'time')) {
    notes.push(
      `edges: ${plan.schedules.length} schedules after merging to fit the stack (${[...new Set(levels)].join(', ')})`,
    );
  }
  return {
    resources,
    iamStatements: [...lv.statements, { Effect: 'Allow', Action: ['sns:Publish'], Resource: alertTopicArn }],
    alertTopicArn,
    plan,
    iamScope: lv.scope,
    outputs: {
      [DASHBOARD_IDS.urlOutput]: { Description: 'CloudWatch dashboard of the schedule', Value: board.url },
    },
    dashboard: { widgets: board.widgets, modelsListed: board.modelsListed },
    notes,
  };
}
