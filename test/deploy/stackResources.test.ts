// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub strings.
import { describe, expect, it } from 'vitest';
import {
  edgeInput,
  scheduleName,
  scopeLogStatements,
  stackResources,
} from '../../src/deploy/stackResources.js';
import { describeMatches, lambdaRole, lintWithAwsCfnLint } from './cfnLint.js';
import { arnsIn, EXAMPLE, NOW, parse, scheduleFile } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is read as it comes.
type Props = Record<string, any>;
const NAMES = { service: 'lvsched', stage: 'prod' };
const NAME = /^[0-9a-zA-Z-_.]{1,64}$/;
const text = (v: unknown): string => JSON.stringify(v);

describe('stack resources from the schedule file', () => {
  const stack = stackResources(parse(EXAMPLE), NAMES, { now: NOW });
  const schedules = Object.entries(stack.resources).filter(([, r]) => r.Type === 'AWS::Scheduler::Schedule');

  it('gives every schedule a valid, deterministic name and an alphanumeric logical id', () => {
    const again = stackResources(parse(EXAMPLE), NAMES, { now: NOW });
    expect(Object.keys(again.resources)).toEqual(Object.keys(stack.resources));
    for (const [id, r] of schedules) {
      expect(id).toMatch(/^[A-Za-z0-9]{1,255}$/);
      expect(r.Properties.Name).toMatch(NAME);
      expect(r.Properties.GroupName).toBe('lvsched-prod-edges');
    }
  });

  it('names schedules apart by kind, expression and zone, within 64 characters', () => {
    const long = 'America/Argentina/ComodRivadavia';
    const a = scheduleName({
      kind: 'close',
      label: `0600-TUE-FRI-${long}-and-more`,
      expression: 'cron(0 6 ? * TUE-FRI *)',
      timezone: long,
    });
    const b = scheduleName({
      kind: 'close',
      label: `0600-TUE-FRI-${long}-and-more`,
      expression: 'cron(0 6 ? * MON *)',
      timezone: long,
    });
    expect(a).toMatch(NAME);
    expect(a).not.toBe(b);
  });

  it('configures each schedule for exact, retried, dead-lettered delivery with the scheduled time', () => {
    for (const [, r] of schedules) {
      const p = r.Properties as Props;
      expect(p.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
      expect(p.Target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 600, MaximumRetryAttempts: 5 });
      expect(p.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } });
      expect(p.Target.RoleArn).toEqual({ 'Fn::GetAtt': ['SchedulerInvokeRole', 'Arn'] });
      const input = JSON.parse(p.Target.Input);
      expect(input.scheduledTime).toBe('<aws.scheduler.scheduled-time>');
      expect(input.schedule).toBe(p.Name);
    }
    expect(edgeInput('open', 'x')).toContain('"kind":"open"');
  });

  it('points open and close schedules at their functions, and reconciles at the file’s rate', () => {
    const kinds = schedules.map(([, r]) => [
      JSON.parse((r.Properties as Props).Target.Input).kind,
      (r.Properties as Props).Target.Arn,
    ]);
    for (const [kind, arn] of kinds) {
      const fn = {
        open: 'OpenLambdaFunction',
        close: 'CloseLambdaFunction',
        reconcile: 'ReconcileLambdaFunction',
      }[kind as string];
      expect(arn).toEqual({ 'Fn::GetAtt': [fn, 'Arn'] });
    }
    expect(stack.resources.ReconcileSchedule?.Properties.ScheduleExpression).toBe('rate(15 minutes)');
    const five = stackResources(parse(`${EXAMPLE}reconcile: { every: 5m }\n`), NAMES, { now: NOW });
    expect(five.resources.ReconcileSchedule?.Properties.ScheduleExpression).toBe('rate(5 minutes)');
  });

  it('grants Lookout for Vision calls on exactly the listed models and their projects', () => {
    const [models, projects] = stack.iamStatements;
    expect(models).toEqual({
      Effect: 'Allow',
      Action: ['lookoutvision:StartModel', 'lookoutvision:StopModel', 'lookoutvision:DescribeModel'],
      Resource: [
        {
          'Fn::Sub': 'arn:${AWS::Partition}:lookoutvision:us-east-1:${AWS::AccountId}:model/circuit-boards/3',
        },
        { 'Fn::Sub': 'arn:${AWS::Partition}:lookoutvision:us-east-1:${AWS::AccountId}:model/night-shift/1' },
        { 'Fn::Sub': 'arn:${AWS::Partition}:lookoutvision:us-east-1:${AWS::AccountId}:model/pilot-line/2' },
      ],
    });
    expect(projects?.Action).toEqual(['lookoutvision:ListModels']);
    expect(projects?.Resource).toHaveLength(3);
    expect(stack.iamScope).toBe('models');
  });

  it('uses the stack region for models that name none', () => {
    const s = parse(
      scheduleFile([{ zone: 'UTC', windows: '[{ days: Mon, open: "06:00", close: "07:00" }]' }]),
    );
    const noRegion = { ...s, models: s.models.map((m) => ({ ...m, region: null })) };
    const [models] = stackResources(noRegion, NAMES, { now: NOW }).iamStatements;
    expect(models?.Resource).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:lookoutvision:${AWS::Region}:${AWS::AccountId}:model/p0/1' },
    ]);
  });

  it('creates the alert topic and publishes only to it; the DLQ alarm alerts there too', () => {
    expect(stack.resources.AlertTopic?.Type).toBe('AWS::SNS::Topic');
    expect(stack.alertTopicArn).toEqual({ Ref: 'AlertTopic' });
    expect(stack.iamStatements[2]).toEqual({
      Effect: 'Allow',
      Action: ['sns:Publish'],
      Resource: { Ref: 'AlertTopic' },
    });
    expect(stack.resources.DeadLetterAlarm?.Properties.AlarmActions).toEqual([{ Ref: 'AlertTopic' }]);
    expect(stack.resources.AlertEmailSubscription).toBeUndefined();
  });

  it('subscribes alerts.email, and uses alerts.topicArn instead of a new topic', () => {
    const arn = 'arn:aws:sns:us-east-1:123456789012:ops-alerts';
    const s = stackResources(
      parse(`${EXAMPLE}alerts: { email: ops@example.com, topicArn: "${arn}" }\n`),
      NAMES,
      { now: NOW },
    );
    expect(s.resources.AlertTopic).toBeUndefined();
    expect(s.resources.AlertEmailSubscription?.Properties).toEqual({
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: arn,
    });
    expect(s.iamStatements[2]?.Resource).toBe(arn);
    expect(s.notes.join('\n')).toContain('confirm');
  });
});

describe('the hardened stack', () => {
  const stack = stackResources(parse(EXAMPLE), NAMES, { now: NOW });
  const key = stack.resources.AlertKey?.Properties as Props;
  const keyStatements = (key?.KeyPolicy?.Statement ?? []) as Props[];
  const sid = (id: string) => keyStatements.find((s) => s.Sid === id);

  it('encrypts the alert topic with its own customer-managed key, rotated yearly', () => {
    expect(stack.resources.AlertKey?.Type).toBe('AWS::KMS::Key');
    expect(key.EnableKeyRotation).toBe(true);
    expect(stack.resources.AlertTopic?.Properties.KmsMasterKeyId).toEqual({
      'Fn::GetAtt': ['AlertKey', 'Arn'],
    });
  });

  it('keeps the key administrable by the account and by nothing else wider', () => {
    expect(sid('AccountAdministersKey')).toEqual({
      Sid: 'AccountAdministersKey',
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } },
      Action: 'kms:*',
      Resource: '*',
    });
    for (const s of keyStatements.filter((x) => x.Sid !== 'AccountAdministersKey')) {
      expect(s.Effect).toBe('Allow');
      expect([s.Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
      expect(s.Condition, s.Sid).toBeDefined();
    }
    expect(keyStatements).toHaveLength(3);
  });

  it('lets CloudWatch alarms of this account and region publish to the encrypted topic', () => {
    expect(sid('CloudWatchAlarmsPublish')).toEqual({
      Sid: 'CloudWatchAlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: {
          'aws:SourceArn': {
            'Fn::Sub': 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*',
          },
        },
      },
    });
  });

  it('lets only the functions’ role use the key, and only through SNS in this region', () => {
    expect(sid('FunctionsPublishThroughSns')).toEqual({
      Sid: 'FunctionsPublishThroughSns',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: {
        ArnEquals: {
          'aws:PrincipalArn': {
            'Fn::Sub':
              'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/lvsched-prod-${AWS::Region}-lambdaRole',
          },
        },
        StringEquals: {
          'kms:CallerAccount': { Ref: 'AWS::AccountId' },
          'kms:ViaService': { 'Fn::Sub': 'sns.${AWS::Region}.${AWS::URLSuffix}' },
        },
      },
    });
  });

  it('creates no key for an existing alerts.topicArn', () => {
    const arn = 'arn:aws:sns:us-east-1:123456789012:ops-alerts';
    const s = stackResources(parse(`${EXAMPLE}alerts: { topicArn: "${arn}" }\n`), NAMES, { now: NOW });
    expect(Object.values(s.resources).filter((r) => r.Type === 'AWS::KMS::Key')).toEqual([]);
    expect(s.resources.AlertTopic).toBeUndefined();
    expect(s.resources.DeadLetterAlarm?.Properties.AlarmActions).toEqual([arn]);
  });

  it('alarms on every new dead letter: the messages sent in each minute, not the queue depth', () => {
    const alarm = stack.resources.DeadLetterAlarm?.Properties as Props;
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'NumberOfMessagesSent',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['DeadLetterQueue', 'QueueName'] } }],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: 'AlertTopic' }],
    });
    // Back to OK only means a quiet minute, not an empty queue: no message for that.
    expect(alarm.OKActions).toBeUndefined();
  });

  it('writes ${AWS::Partition} in every ARN it generates, also for models in a named region', () => {
    const arns = arnsIn([stack.resources, stack.iamStatements]);
    expect(arns.length).toBeGreaterThan(6);
    expect(arns.filter((a) => a !== 'arn:${AWS::Partition}:')).toEqual([]);
    const [models, projects] = stack.iamStatements;
    expect(text(models?.Resource)).toContain('arn:${AWS::Partition}:lookoutvision:us-east-1:');
    expect(text(projects?.Resource)).toContain('arn:${AWS::Partition}:lookoutvision:us-east-1:');
  });
});

describe('log permissions', () => {
  const names = { service: 'lvsched', stage: 'prod' };
  const functions = ['lvsched-prod-open', 'lvsched-prod-close'];
  const osls = (suffix: string) => ({
    'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/lvsched-prod*${suffix}`,
  });

  it('replaces the stage prefix wildcard by the exact log group of each function', () => {
    const statements = [
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:CreateLogGroup'], Resource: [osls(':*')] },
      { Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: [osls(':*:*')] },
      { Effect: 'Allow', Action: ['sns:Publish'], Resource: { Ref: 'AlertTopic' } },
    ];
    const scoped = scopeLogStatements(statements, names, functions);
    const group = (fn: string, suffix: string) => ({
      'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/lvsched-prod-${fn}${suffix}`,
    });
    expect(scoped[0]?.Resource).toEqual([group('open', ':*'), group('close', ':*')]);
    expect(scoped[1]?.Resource).toEqual([group('open', ':*:*'), group('close', ':*:*')]);
    expect(scoped[2]).toEqual(statements[2]);
    // `lvsched-prod*` matched `lvsched-prod-xyz-open` (stage prod-xyz); the exact ARNs do not.
    expect(text(scoped)).not.toContain('lvsched-prod*');
  });
});

describe('IAM for each hosting service the file names', () => {
  const WINDOW = '[{ days: Mon, open: "06:00", close: "07:00" }]';
  const file = (models: string[]) =>
    `version: 1\ndefaults: { timezone: UTC, region: eu-west-1 }\nmodels:\n${models.map((m) => `  - ${m}\n`).join('')}`;
  const sub = (service: string, path: string) => ({
    'Fn::Sub': `arn:\${AWS::Partition}:${service}:eu-west-1:\${AWS::AccountId}:${path}`,
  });
  const actionsOf = (statements: readonly { Action: string[] }[]) => statements.flatMap((s) => s.Action);
  const rekognitionOnly = file([
    `{ service: rekognition, project: cl.boards, version: v1.2, windows: ${WINDOW} }`,
    `{ service: rekognition, project: cl.boards, version: v2, windows: ${WINDOW} }`,
    `{ service: rekognition, project: labels, version: "2026-01", windows: ${WINDOW} }`,
  ]);

  it('grants Rekognition exactly Start/Stop on each version, DescribeProjectVersions per project and DescribeProjects on *', () => {
    const { iamStatements } = stackResources(parse(rekognitionOnly), NAMES, { now: NOW });
    expect(iamStatements.slice(0, -1)).toEqual([
      {
        Effect: 'Allow',
        Action: ['rekognition:StartProjectVersion', 'rekognition:StopProjectVersion'],
        Resource: [
          sub('rekognition', 'project/cl.boards/version/v1.2/*'),
          sub('rekognition', 'project/cl.boards/version/v2/*'),
          sub('rekognition', 'project/labels/version/2026-01/*'),
        ],
      },
      {
        Effect: 'Allow',
        Action: ['rekognition:DescribeProjectVersions'],
        Resource: [sub('rekognition', 'project/cl.boards/*'), sub('rekognition', 'project/labels/*')],
      },
      { Effect: 'Allow', Action: ['rekognition:DescribeProjects'], Resource: '*' },
    ]);
    expect(iamStatements.at(-1)?.Action).toEqual(['sns:Publish']);
  });

  it('grants no Lookout for Vision permission to a file with only Rekognition models', () => {
    const { iamStatements } = stackResources(parse(rekognitionOnly), NAMES, { now: NOW });
    expect(actionsOf(iamStatements).filter((a) => a.startsWith('lookoutvision:'))).toEqual([]);
  });

  it('grants no Rekognition permission to a file without Rekognition models', () => {
    const { iamStatements } = stackResources(parse(EXAMPLE), NAMES, { now: NOW });
    expect(actionsOf(iamStatements).filter((a) => a.startsWith('rekognition:'))).toEqual([]);
    expect(text(iamStatements)).not.toContain(':rekognition:');
  });

  it('grants each service only on its own models in a file that mixes both', () => {
    const mixed = file([
      `{ project: boards, version: 3, windows: ${WINDOW} }`,
      `{ service: rekognition, project: boards, version: v1, windows: ${WINDOW} }`,
    ]);
    const { iamStatements } = stackResources(parse(mixed), NAMES, { now: NOW });
    expect(iamStatements.map((s) => [s.Action[0], s.Resource])).toEqual([
      ['lookoutvision:StartModel', [sub('lookoutvision', 'model/boards/3')]],
      ['lookoutvision:ListModels', [sub('lookoutvision', 'project/boards')]],
      ['rekognition:StartProjectVersion', [sub('rekognition', 'project/boards/version/v1/*')]],
      ['rekognition:DescribeProjectVersions', [sub('rekognition', 'project/boards/*')]],
      ['rekognition:DescribeProjects', '*'],
      ['sns:Publish', expect.anything()],
    ]);
  });

  it('grants Lookout for Vision version latest on every model of its project (latest is resolved at run time)', () => {
    const latest = file([
      `{ project: boards, version: latest, windows: ${WINDOW} }`,
      `{ project: other, version: 2, windows: ${WINDOW} }`,
    ]);
    const [models] = stackResources(parse(latest), NAMES, { now: NOW }).iamStatements;
    expect(models?.Resource).toEqual([
      sub('lookoutvision', 'model/boards/*'),
      sub('lookoutvision', 'model/other/2'),
    ]);
  });

  it('widens Rekognition ARNs per project when the exact ones exceed the policy size', () => {
    const many = file(
      Array.from(
        { length: 150 },
        (_, i) =>
          `{ service: rekognition, project: project-${i % 3}, version: version-${i}, windows: ${WINDOW} }`,
      ),
    );
    const stack = stackResources(parse(many), NAMES, { now: NOW });
    expect(stack.iamScope).toBe('projects');
    expect(stack.iamStatements[0]?.Resource).toEqual(
      [0, 1, 2].map((p) => sub('rekognition', `project/project-${p}/version/*`)),
    );
  });

  it('passes AWS’s cfn-lint with the Rekognition and Lookout for Vision statements in a role', () => {
    const mixed = file([
      `{ project: boards, version: latest, windows: ${WINDOW} }`,
      `{ service: rekognition, project: cl.boards, version: v1.2, windows: ${WINDOW} }`,
    ]);
    const { iamStatements } = stackResources(parse(mixed), NAMES, { now: NOW });
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Role: lambdaRole([
          {
            PolicyName: 'models',
            PolicyDocument: { Version: '2012-10-17', Statement: iamStatements.slice(0, -1) },
          },
        ]),
      },
    };
    expect(describeMatches(lintWithAwsCfnLint(template))).toEqual([]);
  });
});
