// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub strings.
/**
 * The real `serverless package` (osls, offline, dummy credentials) on the example schedule, on an
 * invalid one and on a 1,000-model one; assertions on the CloudFormation template it writes and on
 * the function artifacts, and the template validated by npm's cfn-lint with the cfnspec
 * specification and by AWS's cfn-lint with the partition rule (slow on a loaded machine: ~10 s of
 * CPU for the 1,000-model template, hence the long timeouts).
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NON_EDGE_RESOURCE_ALLOWANCE, STACK_RESOURCE_LIMIT } from '../../src/deploy/stackResources.js';
import { unzipBytes } from '../../src/deploy/zipFiles.js';
import { formatDiagnostic, parseSchedule } from '../../src/schedule/parseSchedule.js';
import { describeMatches, lintTemplate, lintWithAwsCfnLint, lintWithOwnSpec } from './cfnLint.js';
import { arnsIn, EXAMPLE, randomScheduleFile, resolveBody } from './helpers.js';
import { type PackageResult, packageService, type Template } from './packageService.js';
import { readWorkflow, runnerEnv, stepEnv, stepOf } from './workflowSteps.js';

const BAD = EXAMPLE.replace('close: "22:00"', 'close: "25:00"').replace('America/Chicago', 'America/Chicag');

let example: PackageResult;
let invalid: PackageResult;
let large: PackageResult;
let template: Template;

/** The pull-request workflow's package step, with the environment a runner gives it (no AWS credentials). */
function workflowPackageStep() {
  const { workflow } = readWorkflow();
  const review = workflow.jobs.review;
  if (!review) throw new Error('the workflow has no review job');
  const step = stepOf(review, (s) => s.run?.includes('serverless package') ?? false, 'packages');
  const context = { github: { base_ref: 'main' }, runner: { temp: tmpdir() }, vars: {}, env: {} };
  const env = { ...runnerEnv(tmpdir(), tmpdir(), '/dev/null'), ...stepEnv(workflow, step, context) };
  return { script: String(step.run), env };
}

beforeAll(async () => {
  [example, invalid, large] = await Promise.all([
    // The example is packaged by the workflow's own step, so every test below checks what it builds.
    packageService({ shellStep: workflowPackageStep(), timeoutMs: 280_000 }),
    packageService({ schedule: BAD }),
    // ~15 s of CPU alone; on a machine shared by several test runs it can take minutes.
    packageService({ schedule: randomScheduleFile(1000, 7), timeoutMs: 280_000 }),
  ]);
  if (example.template === null) throw new Error(`packaging failed:\n${example.stdout}\n${example.stderr}`);
  template = example.template;
}, 300_000);

afterAll(() => {
  for (const r of [example, invalid, large]) r?.cleanup();
});

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is read as it comes.
type Props = Record<string, any>;
const resources = (type: string) =>
  Object.entries(template.Resources).filter(([, r]) => r.Type === type) as [string, { Properties: Props }][];
const statements = (): Props[] =>
  (template.Resources.IamRoleLambdaExecution as { Properties: Props }).Properties.Policies[0].PolicyDocument
    .Statement;
const text = (v: unknown): string => JSON.stringify(v);

/** Bytes of a lazy module and of every lazy module it imports, transitively (each counted once). */
function lazyBundleBytes(start: string, file: (name: string) => string): number {
  const seen = new Set<string>();
  const pending = [start];
  let bytes = 0;
  for (let n = pending.pop(); n !== undefined; n = pending.pop()) {
    if (seen.has(n)) continue;
    seen.add(n);
    const code = file(n);
    bytes += Buffer.byteLength(code);
    for (const m of code.matchAll(/["']\.\/([\w-]+\.mjs)["']/g)) pending.push(`lazy/${m[1]}`);
  }
  return bytes;
}

describe('serverless package (osls) on the example schedule', () => {
  it('succeeds offline, run as the pull-request workflow runs it: stage prod, the default region, no AWS credentials', () => {
    expect(example.exitCode, example.stderr).toBe(0);
    expect(`${example.stdout}${example.stderr}`).toContain('Packaging lvsched for stage prod (us-east-1)');
  });

  it('writes one artifact per function', () => {
    expect(example.exitCode, example.stderr).toBe(0);
    const functions = resources('AWS::Lambda::Function');
    expect(functions.map(([id]) => id).sort()).toEqual([
      'CloseLambdaFunction',
      'OpenLambdaFunction',
      'ReconcileLambdaFunction',
      'VerifyLambdaFunction',
    ]);
    for (const [id, fn] of functions) {
      const name = id.replace('LambdaFunction', '').toLowerCase();
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Handler).toBe(`${name}.handler`);
      expect(fn.Properties.Code.S3Key).toMatch(new RegExp(`/${name}\\.zip$`));
      // Source maps are not enabled by default: they cost cold start (README, Logs).
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
    }
  });

  it('bundles each function minified, with its source map and the validated schedule', async () => {
    for (const name of ['open', 'close', 'verify', 'reconcile']) {
      const entries = new Map(
        (await unzipBytes(readFileSync(join(example.outDir, `${name}.zip`)))).map((e) => [e.name, e.data]),
      );
      // The entry, its map, the schedule, and the modules it loads on first use (lazy/) (with their maps).
      const names = [...entries.keys()];
      expect(names.filter((n) => !n.startsWith('lazy/')).sort()).toEqual(
        [`${name}.mjs`, `${name}.mjs.map`, 'schedule.json'].sort(),
      );
      for (const n of names.filter((x) => x.startsWith('lazy/')))
        expect(n).toMatch(/^lazy\/[\w-]+\.mjs(\.map)?$/);
      const file = (n: string) => Buffer.from(entries.get(n) ?? []).toString('utf8');
      const code = file(`${name}.mjs`);
      // Minified: long lines (the newlines left are inside string literals).
      expect(code.length / code.split('\n').length).toBeGreaterThan(2000);
      expect(code).toContain(`//# sourceMappingURL=${name}.mjs.map`);
      expect(JSON.parse(file(`${name}.mjs.map`)).version).toBe(3);
      const schedule = JSON.parse(file('schedule.json'));
      expect(schedule.models.map((m: { id: string }) => m.id)).toEqual([
        'circuit-boards:3',
        'night-shift:1',
        'pilot',
      ]);
      // Only what it imports: the parser, YAML and zod stay out of the functions.
      expect(code).not.toContain('did you mean');
      expect(code.length).toBeLessThan(400 * 1024);
      // Every module a function can load is a bundle too: each lazy module with the lazy modules
      // it imports in turn, the Rekognition client's among them (in every ZIP: the file decides
      // at run time whether it is loaded).
      const lazy = names.filter((n) => /^lazy\/[\w-]+\.mjs$/.test(n));
      expect(lazy.some((n) => n.startsWith('lazy/aws-rekognitionClient-'))).toBe(true);
      expect(lazy.some((n) => n.startsWith('lazy/aws-rekognitionHost-'))).toBe(true);
      for (const n of lazy) {
        const bytes = lazyBundleBytes(n, file);
        expect(bytes, `${name}: ${n} with the modules it loads`).toBeLessThanOrEqual(400 * 1024);
      }
    }
  });

  it('bundles no Luxon (cron-parser depends on it): no function or lazy module has a node_modules/luxon input', async () => {
    for (const name of ['open', 'close', 'verify', 'reconcile']) {
      const entries = await unzipBytes(readFileSync(join(example.outDir, `${name}.zip`)));
      // A source map lists every input its bundle was built from.
      const inputs = entries
        .filter((e) => e.name.endsWith('.mjs.map'))
        .flatMap((e) => JSON.parse(Buffer.from(e.data).toString('utf8')).sources as string[]);
      expect(
        inputs.some((i) => i.includes('node_modules/@aws-sdk/')),
        `${name} reads its inputs`,
      ).toBe(true);
      expect(inputs.filter((i) => i.includes('node_modules/luxon/'))).toEqual([]);
    }
  });

  it('creates a Scheduler schedule per edge: cron, zone, no flexible window, retries and the DLQ', () => {
    const schedules = resources('AWS::Scheduler::Schedule').map(([, r]) => r.Properties);
    const byExpression = new Map(
      schedules.map((p) => [`${p.ScheduleExpression} ${p.ScheduleExpressionTimezone}`, p]),
    );
    for (const edge of [
      'cron(45 5 ? * MON-FRI *) Europe/Berlin',
      'cron(0 22 ? * MON-FRI *) Europe/Berlin',
      'cron(45 7 ? * SAT *) Europe/Berlin',
      'cron(0 12 ? * SAT *) Europe/Berlin',
      'cron(45 21 ? * MON-THU *) America/Chicago',
      'cron(0 6 ? * TUE-FRI *) America/Chicago',
      'cron(45 8 1-5 12 ? 2026) Europe/Berlin',
      'cron(0 17 1-5 12 ? 2026) Europe/Berlin',
      'rate(15 minutes) UTC',
    ]) {
      const p = byExpression.get(edge);
      expect(p, edge).toBeDefined();
      expect(p?.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
      expect(p?.Target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 600, MaximumRetryAttempts: 5 });
      expect(p?.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } });
      expect(p?.Target.Input).toContain('<aws.scheduler.scheduled-time>');
      expect(p?.Name).toMatch(/^[0-9a-zA-Z-_.]{1,64}$/);
      expect(p?.GroupName).toBe('lvsched-prod-edges');
    }
    expect(schedules).toHaveLength(9);
    expect(byExpression.get('rate(15 minutes) UTC')?.Target.Arn).toEqual({
      'Fn::GetAtt': ['ReconcileLambdaFunction', 'Arn'],
    });
    expect(
      resources('AWS::Scheduler::ScheduleGroup')
        .map(([, r]) => r.Properties.Name)
        .sort(),
    ).toEqual(['lvsched-prod-edges', 'lvsched-prod-verify']);
  });

  it('grants the functions least privilege from the file', () => {
    const s = statements();
    const find = (action: string) => s.filter((x) => [x.Action].flat().includes(action));
    expect(find('lookoutvision:StartModel')).toEqual([
      {
        Effect: 'Allow',
        Action: ['lookoutvision:StartModel', 'lookoutvision:StopModel', 'lookoutvision:DescribeModel'],
        Resource: ['circuit-boards/3', 'night-shift/1', 'pilot-line/2'].map((m) => ({
          'Fn::Sub': `arn:\${AWS::Partition}:lookoutvision:us-east-1:\${AWS::AccountId}:model/${m}`,
        })),
      },
    ]);
    expect(find('lookoutvision:ListModels')[0]?.Resource).toEqual(
      ['circuit-boards', 'night-shift', 'pilot-line'].map((p) => ({
        'Fn::Sub': `arn:\${AWS::Partition}:lookoutvision:us-east-1:\${AWS::AccountId}:project/${p}`,
      })),
    );
    expect(find('scheduler:CreateSchedule')).toEqual([
      {
        Effect: 'Allow',
        Action: ['scheduler:CreateSchedule'],
        Resource: {
          'Fn::Sub':
            'arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/lvsched-prod-verify/*',
        },
      },
    ]);
    expect(find('iam:PassRole')).toEqual([
      {
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: { 'Fn::GetAtt': ['SchedulerInvokeRole', 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      },
    ]);
    expect(find('sns:Publish')).toEqual([
      { Effect: 'Allow', Action: ['sns:Publish'], Resource: { Ref: 'AlertTopic' } },
    ]);
  });

  it('has no wildcard action, and wildcard resources only within each function’s log group and the verify group', () => {
    const roles = resources('AWS::IAM::Role');
    for (const [id, role] of roles) {
      for (const policy of role.Properties.Policies ?? []) {
        for (const st of policy.PolicyDocument.Statement) {
          for (const action of [st.Action].flat()) {
            expect(action, id).not.toBe('*');
            expect(action, id).not.toMatch(/\*/);
          }
          for (const resource of [st.Resource].flat()) {
            const r = text(resource);
            if (!r.includes('*')) continue;
            const allowed =
              /:log-group:\/aws\/lambda\/lvsched-prod-(open|close|verify|reconcile):\*(:\*)?"/.test(r) ||
              r.includes(':schedule/lvsched-prod-verify/*');
            expect(allowed, `${id}: ${r}`).toBe(true);
          }
        }
      }
    }
    expect(roles.map(([id]) => id).sort()).toEqual(['IamRoleLambdaExecution', 'SchedulerInvokeRole']);
  });

  it('lets EventBridge Scheduler, in this account only, invoke exactly these functions and write the DLQ', () => {
    const role = template.Resources.SchedulerInvokeRole?.Properties as Props;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    const [invoke, dlq] = role.Policies[0].PolicyDocument.Statement;
    expect(invoke.Action).toBe('lambda:InvokeFunction');
    expect(invoke.Resource.map(text)).toEqual(
      ['open', 'close', 'verify', 'reconcile'].map((f) =>
        text({
          'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:lvsched-prod-${f}`,
        }),
      ),
    );
    expect(dlq).toEqual({
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
    });
  });

  it('alerts through the topic on every new dead letter, not on the queue’s depth', () => {
    const alarm = template.Resources.DeadLetterAlarm?.Properties as Props;
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'NumberOfMessagesSent',
      Statistic: 'Sum',
      Period: 60,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(alarm.Dimensions).toEqual([
      { Name: 'QueueName', Value: { 'Fn::GetAtt': ['DeadLetterQueue', 'QueueName'] } },
    ]);
    expect(alarm.AlarmActions).toEqual([{ Ref: 'AlertTopic' }]);
    expect(alarm.OKActions).toBeUndefined();
    for (const [, fn] of resources('AWS::Lambda::Function')) {
      expect(fn.Properties.Environment.Variables.ALERT_TOPIC_ARN).toEqual({ Ref: 'AlertTopic' });
    }
  });

  it('encrypts the topic with a rotating customer-managed key that names the functions’ real role', () => {
    const [[keyId, key]] = resources('AWS::KMS::Key') as [[string, { Properties: Props }]];
    expect(keyId).toBe('AlertKey');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(template.Resources.AlertTopic?.Properties?.KmsMasterKeyId).toEqual({
      'Fn::GetAtt': ['AlertKey', 'Arn'],
    });
    const statement = (sid: string) =>
      (key.Properties.KeyPolicy.Statement as Props[]).find((s) => s.Sid === sid) as Props;
    expect(statement('CloudWatchAlarmsPublish').Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
    // The role osls compiles, as an ARN: path and name (a Join of service, stage, region, suffix).
    const role = template.Resources.IamRoleLambdaExecution?.Properties as Props;
    const [separator, parts] = role.RoleName['Fn::Join'] as [string, (string | { Ref: string })[]];
    const name = parts.map((p) => (typeof p === 'string' ? p : `\${${p.Ref}}`)).join(separator);
    expect(statement('FunctionsPublishThroughSns').Condition.ArnEquals['aws:PrincipalArn']).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role${role.Path}${name}`,
    });
  });

  it('encrypts the dead-letter queue with SQS-managed keys', () => {
    expect(template.Resources.DeadLetterQueue?.Properties?.SqsManagedSseEnabled).toBe(true);
  });

  it('grants logging on exactly the log group of each function of this stage', () => {
    const groups = resources('AWS::Logs::LogGroup')
      .map(([, g]) => g.Properties.LogGroupName as string)
      .sort();
    expect(groups).toEqual(
      ['close', 'open', 'reconcile', 'verify'].map((f) => `/aws/lambda/lvsched-prod-${f}`),
    );
    const logs = statements().filter((s) => [s.Action].flat().some((a: string) => a.startsWith('logs:')));
    expect(logs.map((s) => s.Action)).toEqual([
      ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:TagResource'],
      ['logs:PutLogEvents'],
    ]);
    const arn = (group: string, suffix: string) =>
      `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${group}${suffix}`;
    expect(logs[0]?.Resource.map((r: Props) => r['Fn::Sub']).sort()).toEqual(groups.map((g) => arn(g, ':*')));
    expect(logs[1]?.Resource.map((r: Props) => r['Fn::Sub']).sort()).toEqual(
      groups.map((g) => arn(g, ':*:*')),
    );
    // No prefix wildcard: `lvsched-prod*` also matched the groups of a stage `prod-xyz`.
    expect(text(template)).not.toMatch(/log-group:[^"]*lvsched-prod\*/);
  });

  it('runs at most one reconcile pass at a time', () => {
    const fn = (id: string) => template.Resources[id]?.Properties as Props;
    expect(fn('ReconcileLambdaFunction').ReservedConcurrentExecutions).toBe(1);
    for (const id of ['OpenLambdaFunction', 'CloseLambdaFunction', 'VerifyLambdaFunction']) {
      expect(fn(id).ReservedConcurrentExecutions, id).toBeUndefined();
    }
  });

  it('writes ${AWS::Partition} in every ARN of the template', () => {
    const arns = arnsIn(template.Resources);
    expect(arns.length).toBeGreaterThan(20);
    expect(arns.filter((a) => a !== 'arn:${AWS::Partition}:')).toEqual([]);
  });

  it('passes AWS’s cfn-lint: every error and warning rule, and the partition rule I3042', () => {
    expect(describeMatches(lintWithAwsCfnLint(template))).toEqual([]);
    // The check has teeth: a hard-coded partition is reported.
    const broken = structuredClone(template) as { Resources: Record<string, { Properties: Props }> };
    const dlqAlarm = broken.Resources.DeadLetterAlarm as { Properties: Props };
    dlqAlarm.Properties.AlarmActions = [{ 'Fn::Sub': 'arn:aws:sns:${AWS::Region}:${AWS::AccountId}:x' }];
    expect(lintWithAwsCfnLint(broken).map((m) => m.Rule.Id)).toEqual(['I3042']);
  }, 180_000);

  it('is a valid CloudFormation template for cfn-lint with the cfnspec specification', () => {
    const result = lintTemplate(template);
    expect(result.errors.crit).toEqual([]);
    expect(result.templateValid).toBe(true);
    // cfn-lint's own specification does not know Scheduler resources: the replacement is needed.
    expect(lintWithOwnSpec(template).templateValid).toBe(false);
    // And the check has teeth: a misspelt property fails it.
    const broken = structuredClone(template) as { Resources: Record<string, { Properties: Props }> };
    (broken.Resources.ReconcileSchedule as { Properties: Props }).Properties.FlexibleTimeWindw = {
      Mode: 'OFF',
    };
    expect(lintTemplate(broken).errors.crit.map((e) => e.message)).toContain(
      'FlexibleTimeWindw is not a valid property of AWS::Scheduler::Schedule',
    );
  });

  it('has a dashboard whose body, filled in with this template’s names, parses and names every function and the DLQ', () => {
    expect(template.Resources.Dashboard?.Type).toBe('AWS::CloudWatch::Dashboard');
    expect(template.Outputs?.DashboardUrl).toEqual({
      Description: 'CloudWatch dashboard of the schedule',
      Value: {
        'Fn::Sub':
          'https://${AWS::Region}.console.aws.amazon.com/cloudwatch/home?region=${AWS::Region}#dashboards:name=${Dashboard}',
      },
    });
    const functions = resources('AWS::Lambda::Function');
    const names: Record<string, string> = {
      'AWS::Region': 'us-east-1',
      'DeadLetterQueue.QueueName': 'the-queue',
    };
    for (const [id, fn] of functions) names[id] = fn.Properties.FunctionName;
    const body = JSON.parse(resolveBody(template.Resources.Dashboard?.Properties?.DashboardBody, names));
    const metrics = body.widgets.flatMap((w: Props) => w.properties.metrics ?? []) as unknown[][];
    const lambdaNames = new Set(metrics.filter((m) => m[0] === 'AWS/Lambda').map((m) => m[3]));
    expect([...lambdaNames].sort()).toEqual(
      ['close', 'open', 'reconcile', 'verify'].map((f) => `lvsched-prod-${f}`),
    );
    expect(metrics.filter((m) => m[0] === 'AWS/SQS').map((m) => m[3])).toEqual(['the-queue']);
    // The namespace the functions write to.
    const namespaces = new Set(
      functions.map(([, fn]) => fn.Properties.Environment.Variables.METRICS_NAMESPACE),
    );
    const own = new Set(metrics.map((m) => m[0]).filter((ns) => ns !== 'AWS/Lambda' && ns !== 'AWS/SQS'));
    expect(own).toEqual(namespaces);
  });

  it('stays far inside the 500-resource limit, and counts what is not an edge', () => {
    const all = Object.values(template.Resources);
    const edges = all.filter((r) => r.Type === 'AWS::Scheduler::Schedule');
    expect(all.length - edges.length + 1).toBeLessThanOrEqual(NON_EDGE_RESOURCE_ALLOWANCE);
  });
});

describe('serverless package on an invalid schedule', () => {
  it('fails with the same located errors as lvsched validate, and no stack trace', () => {
    const expected = parseSchedule(BAD, { file: 'config/schedule.yaml' })
      .diagnostics.filter((d) => d.severity === 'error')
      .map(formatDiagnostic);
    expect(expected).toHaveLength(2);
    expect(invalid.exitCode).not.toBe(0);
    const output = `${invalid.stdout}\n${invalid.stderr}`;
    for (const line of expected) expect(output).toContain(`${line}\n`);
    expect(output).toMatch(/^config\/schedule\.yaml:20:48: close "25:00" is not a time of day/m);
    expect(output).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
    expect(invalid.template).toBeNull();
  });
});

describe('serverless package on 1,000 models with 3 windows each', () => {
  it('fits the CloudFormation stack limit', () => {
    expect(large.exitCode, large.stderr).toBe(0);
    const count = Object.keys(large.template?.Resources ?? {}).length;
    expect(count).toBeGreaterThan(300);
    expect(count).toBeLessThanOrEqual(STACK_RESOURCE_LIMIT);
    expect(large.template?.Resources.Dashboard?.Type).toBe('AWS::CloudWatch::Dashboard');
    // CloudFormation reads a template of at most 1 MB from S3.
    expect(JSON.stringify(large.template).length).toBeLessThan(1_000_000);
    expect(lintTemplate(large.template).errors.crit).toEqual([]);
    expect(describeMatches(lintWithAwsCfnLint(large.template))).toEqual([]);
  }, 180_000);
});
