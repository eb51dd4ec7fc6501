// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders.
/**
 * The alerting part of the stack: the alert topic, encrypted with a customer-managed KMS key (or
 * the file's existing topic), the e-mail subscription, and the dead-letter alarm.
 */
import type { Schedule } from '../schedule/types.js';
import type { CfnResource, CfnValue, StackNames } from './stackResources.js';

/** Logical ids this module adds. */
export const ALERT_IDS = {
  key: 'AlertKey',
  topic: 'AlertTopic',
  subscription: 'AlertEmailSubscription',
  deadLetterAlarm: 'DeadLetterAlarm',
} as const;

const sub = (text: string): CfnValue => ({ 'Fn::Sub': text });
const ACCOUNT: CfnValue = { Ref: 'AWS::AccountId' };
/** What SNS calls KMS with when it encrypts a message for a publisher. */
const KMS_FOR_SNS = ['kms:Decrypt', 'kms:GenerateDataKey*'];

/**
 * The ARN of the role osls creates for the functions (`IamRoleLambdaExecution`, named
 * `<service>-<stage>-<region>-lambdaRole` on path `/`; the package test checks the two agree).
 * Built from names, not a GetAtt: the key must not depend on the role, whose policy names the
 * topic, which names the key.
 */
export function functionRoleArn(names: StackNames): CfnValue {
  return sub(
    `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${names.service}-${names.stage}-\${AWS::Region}-lambdaRole`,
  );
}

/**
 * The alert topic's key. The AWS-managed `aws/sns` key cannot be used: its policy lets no service
 * principal in, so CloudWatch alarms could not publish. Conditions: CloudWatch may act only for
 * alarms of this account and region (aws:SourceAccount/aws:SourceArn, as the SNS guide's
 * key-policy example for AWS service event sources has it); the functions' role only through SNS
 * in this region, named by aws:PrincipalArn rather than as the principal, so the key can be
 * created before IAM has propagated the new role (KMS rejects unknown principals).
 */
function alertKey(names: StackNames): CfnResource {
  return {
    Type: 'AWS::KMS::Key',
    Properties: {
      Description: `lvsched ${names.stage}: encrypts the alert topic at rest`,
      EnableKeyRotation: true,
      KeyPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministersKey',
            Effect: 'Allow',
            Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Sid: 'CloudWatchAlarmsPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: KMS_FOR_SNS,
            Resource: '*',
            Condition: {
              StringEquals: { 'aws:SourceAccount': ACCOUNT },
              ArnLike: {
                'aws:SourceArn': sub(
                  'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*',
                ),
              },
            },
          },
          {
            Sid: 'FunctionsPublishThroughSns',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: KMS_FOR_SNS,
            Resource: '*',
            Condition: {
              ArnEquals: { 'aws:PrincipalArn': functionRoleArn(names) },
              StringEquals: {
                'kms:CallerAccount': ACCOUNT,
                'kms:ViaService': sub('sns.${AWS::Region}.${AWS::URLSuffix}'),
              },
            },
          },
        ],
      },
    },
  };
}

/**
 * One ALARM transition per minute with new dead letters. The queue keeps messages 14 days, so an
 * alarm on its depth would stay in ALARM after the first one and notify no one of the next; an
 * alarm on arrivals goes back to OK after a quiet minute, which is no news (the messages are still
 * there), hence no OK action.
 */
function deadLetterAlarm(deadLetterQueue: string, topicArn: CfnValue): CfnResource {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmDescription:
        'lvsched: new dead letters - a schedule or function event could not be delivered or processed (read the dead-letter queue)',
      Namespace: 'AWS/SQS',
      MetricName: 'NumberOfMessagesSent',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetterQueue, 'QueueName'] } }],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topicArn],
    },
  };
}

export interface AlertResources {
  readonly resources: Record<string, CfnResource>;
  /** What the functions publish to and get as ALERT_TOPIC_ARN. */
  readonly topicArn: CfnValue;
  readonly notes: string[];
}

/** The topic (and its key) unless the file names one, the e-mail subscription, the DLQ alarm. */
export function alertResources(
  schedule: Schedule,
  names: StackNames,
  deadLetterQueue: string,
): AlertResources {
  const resources: Record<string, CfnResource> = {};
  const notes: string[] = [];
  let topicArn: CfnValue;
  if (schedule.alerts.topicArn !== null) {
    // An existing topic's encryption is its owner's: the README says what its key must allow.
    topicArn = schedule.alerts.topicArn;
  } else {
    resources[ALERT_IDS.key] = alertKey(names);
    resources[ALERT_IDS.topic] = {
      Type: 'AWS::SNS::Topic',
      Properties: {
        DisplayName: 'Lookout for Vision scheduler alerts',
        KmsMasterKeyId: { 'Fn::GetAtt': [ALERT_IDS.key, 'Arn'] },
      },
    };
    topicArn = { Ref: ALERT_IDS.topic };
  }
  if (schedule.alerts.email !== null) {
    resources[ALERT_IDS.subscription] = {
      Type: 'AWS::SNS::Subscription',
      Properties: { Protocol: 'email', Endpoint: schedule.alerts.email, TopicArn: topicArn },
    };
    notes.push(
      `alerts: ${schedule.alerts.email} must confirm the subscription e-mail SNS sends after deploy`,
    );
  }
  resources[ALERT_IDS.deadLetterAlarm] = deadLetterAlarm(deadLetterQueue, topicArn);
  return { resources, topicArn, notes };
}
