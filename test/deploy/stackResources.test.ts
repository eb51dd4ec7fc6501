// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub strings.
import { describe, expect, it } from 'vitest';
import { edgeInput, scheduleName, stackResources } from '../../src/deploy/stackResources.js';
import { EXAMPLE, NOW, parse, scheduleFile } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is read as it comes.
type Props = Record<string, any>;
const NAMES = { service: 'lvsched', stage: 'prod' };
const NAME = /^[0-9a-zA-Z-_.]{1,64}$/;

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
        { 'Fn::Sub': 'arn:aws:lookoutvision:us-east-1:${AWS::AccountId}:model/circuit-boards/3' },
        { 'Fn::Sub': 'arn:aws:lookoutvision:us-east-1:${AWS::AccountId}:model/night-shift/1' },
        { 'Fn::Sub': 'arn:aws:lookoutvision:us-east-1:${AWS::AccountId}:model/pilot-line/2' },
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
      { 'Fn::Sub': 'arn:aws:lookoutvision:${AWS::Region}:${AWS::AccountId}:model/p0/1' },
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
