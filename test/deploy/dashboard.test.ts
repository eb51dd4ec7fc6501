// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub strings.
import { describe, expect, it } from 'vitest';
import { DASHBOARD_BODY_BUDGET, dashboard, escapeMarkdown } from '../../src/deploy/dashboard.js';
import { STACK_RESOURCE_LIMIT, STATIC_IDS, stackResources } from '../../src/deploy/stackResources.js';
import { invocationMetrics, reportOf } from '../../src/runtime/invocationReport.js';
import { describeMatches, lambdaRole, lintWithAwsCfnLint } from './cfnLint.js';
import { EXAMPLE, FILLED, NOW, parse, randomScheduleFile, resolveBody, scheduleFile } from './helpers.js';

const NAMES = { service: 'lvsched', stage: 'prod' };
// biome-ignore lint/suspicious/noExplicitAny: dashboard JSON is read as it comes.
type Json = any;
const stack = stackResources(parse(EXAMPLE), NAMES, { now: NOW });
const resource = stack.resources.Dashboard;
const body = JSON.parse(resolveBody(resource?.Properties.DashboardBody, FILLED)) as { widgets: Json[] };
const titled = (title: string) => body.widgets.find((w) => w.properties.title === title);
const metricsOf = (title: string): Json[][] => titled(title)?.properties.metrics ?? [];

describe('the CloudWatch dashboard', () => {
  it('is in the stack, named per stage and region, with its console address as output DashboardUrl', () => {
    expect(resource?.Type).toBe('AWS::CloudWatch::Dashboard');
    expect(resource?.Properties.DashboardName).toEqual({ 'Fn::Sub': 'lvsched-prod-${AWS::Region}' });
    expect(stack.outputs.DashboardUrl).toEqual({
      Description: 'CloudWatch dashboard of the schedule',
      Value: {
        'Fn::Sub':
          'https://${AWS::Region}.console.aws.amazon.com/cloudwatch/home?region=${AWS::Region}#dashboards:name=${Dashboard}',
      },
    });
  });

  it('has a body that parses as JSON once CloudFormation fills in the names, with these widgets', () => {
    expect(body.widgets.map((w) => w.properties.title ?? w.type)).toEqual([
      'Model starts (per function)',
      'Failures: failed calls and alerts (per function)',
      'Start latency: start to HOSTED (ms)',
      'Minutes hosted outside windows',
      'Dead-letter queue depth',
      'Lambda errors (per function)',
      'Lambda throttles (per function)',
      'text',
    ]);
    expect(stack.dashboard.widgets).toEqual([
      ...body.widgets.slice(0, -1).map((w) => w.properties.title),
      'Models as deployed',
    ]);
    for (const w of body.widgets.filter((x) => x.type === 'metric')) {
      expect(w.properties.region).toBe('eu-central-1');
      expect(w.x + w.width).toBeLessThanOrEqual(24);
    }
  });

  it('graphs Lambda errors and throttles of every function, by the name CloudFormation gives it', () => {
    for (const title of ['Lambda errors (per function)', 'Lambda throttles (per function)']) {
      expect(metricsOf(title).map((m) => [m[0], m[2], m[3]])).toEqual(
        ['open', 'close', 'verify', 'reconcile'].map((f) => [
          'AWS/Lambda',
          'FunctionName',
          `lvsched-prod-${f}`,
        ]),
      );
    }
    expect(Object.keys(STATIC_IDS.function)).toEqual(['open', 'close', 'verify', 'reconcile']);
  });

  it('graphs the dead-letter queue’s depth by its name', () => {
    expect(metricsOf('Dead-letter queue depth')).toEqual([
      [
        'AWS/SQS',
        'ApproximateNumberOfMessagesVisible',
        'QueueName',
        FILLED['DeadLetterQueue.QueueName'],
        { label: 'messages' },
      ],
    ]);
    expect(titled('Dead-letter queue depth').properties.stat).toBe('Maximum');
  });

  it('graphs only metrics the functions emit, in their namespace and Function dimension', () => {
    const own = body.widgets
      .flatMap((w) => (w.properties.metrics ?? []) as Json[][])
      .filter((m) => m[0] === 'LookoutVisionScheduler');
    expect(new Set(own.map((m) => m[1]))).toEqual(
      new Set(['Starts', 'Failures', 'StartLatency', 'HostedOutsideWindowMinutes']),
    );
    const schedule = parse(EXAMPLE);
    for (const m of own) {
      expect(m[2]).toBe('Function');
      const kind = m[3] as 'open' | 'close' | 'verify' | 'reconcile';
      const emitted = invocationMetrics(reportOf(kind, NOW, NOW, [], [], null), [], schedule, NOW, 0);
      expect(
        emitted.map((e) => e.name),
        `${m[1]} from ${kind}`,
      ).toContain(m[1]);
    }
    const other = stackResources(parse(EXAMPLE), NAMES, { now: NOW, metricsNamespace: 'Plant7' });
    expect(JSON.stringify(other.resources.Dashboard)).toContain('"Plant7\\",\\"Starts\\"');
  });

  it('lists the models as deployed: time zone, days, open-close and units', () => {
    const markdown = body.widgets.at(-1)?.properties.markdown as string;
    const rows = markdown.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Model'));
    expect(rows).toEqual([
      '| circuit-boards:3 | Lookout for Vision | circuit-boards / 3 | Europe/Berlin | Mon-Fri 06:00-22:00; Sat 08:00-12:00; closed on 3 date range(s) | 2 |',
      '| night-shift:1 | Lookout for Vision | night-shift / 1 | America/Chicago | Mon-Thu 22:00-06:00 (+1 day) | 1-2 |',
      '| pilot | Lookout for Vision | pilot-line / 2 | Europe/Berlin | 2026-12-01..2026-12-05 09:00-17:00 | 1-2 |',
    ]);
    expect(markdown).not.toContain('more**');
    expect(stack.dashboard.modelsListed).toBe(3);
    const wrapping = parse(
      scheduleFile([
        { zone: 'UTC', windows: '[{ days: [Mon, Fri-Sun], open: "06:00", close: "22:00" }]' },
        { zone: 'UTC', windows: '[{ days: daily, open: "22:00", close: "06:00" }]' },
      ]),
    );
    const board = dashboard(wrapping, {
      names: NAMES,
      namespace: 'N',
      deadLetterQueue: 'DeadLetterQueue',
      functions: STATIC_IDS.function,
    });
    const text = JSON.parse(resolveBody(board.resource.Properties.DashboardBody, FILLED)).widgets.at(-1)
      .properties.markdown;
    expect(text).toContain('| UTC | Fri-Mon 06:00-22:00 | 1 |');
    expect(text).toContain('| UTC | daily 22:00-06:00 (+1 day) | 1 |');
  });

  it('escapes what would format, link or split a table cell', () => {
    expect(escapeMarkdown('a|b_c*d`e<script>[x](y)~&#!\\')).toBe(
      'a\\|b\\_c\\*d\\`e\\<script\\>\\[x\\](y)\\~\\&\\#\\!\\\\',
    );
    expect(escapeMarkdown('America/Port_of_Spain\u0007')).toBe('America/Port\\_of\\_Spain');
    const s = parse(
      scheduleFile([
        { zone: 'America/Port_of_Spain', windows: '[{ days: Sun, open: "00:00", close: "24:00" }]' },
      ]),
    );
    const board = dashboard(s, {
      names: NAMES,
      namespace: 'N',
      deadLetterQueue: 'DeadLetterQueue',
      functions: STATIC_IDS.function,
    });
    const parsed = JSON.parse(resolveBody(board.resource.Properties.DashboardBody, FILLED));
    expect(parsed.widgets.at(-1).properties.markdown).toContain(
      '| America/Port\\_of\\_Spain | Sun 00:00-24:00 | 1 |',
    );
  });

  it('keeps model text out of CloudFormation’s part of the body, even text the parser would refuse', () => {
    // Ids are checked (letters, digits, _ . : -): these are built past the parser, as a later
    // schedule key might let such text through.
    const ids = ['\\u0001Region\\u0001', '\uE000Region\uE000', '${AWS::Region}', '"}],{"x'];
    const one = parse(
      scheduleFile([{ zone: 'UTC', windows: '[{ days: Mon, open: "06:00", close: "07:00" }]' }]),
    );
    const model = one.models[0];
    if (!model) throw new Error('no model');
    const s = { ...one, models: ids.map((id) => ({ ...model, id })) };
    const board = dashboard(s, {
      names: NAMES,
      namespace: 'N',
      deadLetterQueue: 'DeadLetterQueue',
      functions: STATIC_IDS.function,
    });
    const joined = board.resource.Properties.DashboardBody as Json;
    const refs = (joined['Fn::Join'][1] as Json[]).filter((p) => typeof p !== 'string');
    // The region in each of the 7 graphs, the queue, 4 functions in each of 2 graphs: nothing more.
    expect(refs).toHaveLength(7 + 1 + 8);
    const markdown = JSON.parse(resolveBody(joined, FILLED)).widgets.at(-1).properties.markdown as string;
    expect(markdown).toContain('| \\\\u0001Region\\\\u0001 |');
    expect(markdown).toContain('| Region |');
    expect(markdown).toContain('| ${AWS::Region} |');
    expect(markdown).toContain('| "}\\],{"x |');
  });

  it('passes AWS’s cfn-lint next to the queue and the functions it names', () => {
    const fn = {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
        Code: { ZipFile: 'exports.handler = async () => {}' },
      },
    };
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Role: lambdaRole(),
        DeadLetterQueue: { Type: 'AWS::SQS::Queue', Properties: {} },
        ...Object.fromEntries(Object.values(STATIC_IDS.function).map((id) => [id, fn])),
        Dashboard: resource,
      },
      Outputs: { DashboardUrl: { Value: stack.outputs.DashboardUrl?.Value } },
    };
    expect(describeMatches(lintWithAwsCfnLint(template))).toEqual([]);
  }, 120_000);
});

describe('the dashboard of a 1,000-model fleet', () => {
  const fleet = parse(randomScheduleFile(1000, 42));
  const big = stackResources(fleet, NAMES, { now: NOW });
  const board = dashboard(fleet, {
    names: NAMES,
    namespace: 'LookoutVisionScheduler',
    deadLetterQueue: 'Q',
    functions: STATIC_IDS.function,
  });
  const filled = resolveBody(big.resources.Dashboard?.Properties.DashboardBody, FILLED);

  it('keeps the body within its budget, listing what fits and counting the rest', () => {
    expect(board.maxBodyLength).toBeLessThanOrEqual(DASHBOARD_BODY_BUDGET);
    expect(filled.length).toBeLessThanOrEqual(board.maxBodyLength);
    expect(board.modelsListed).toBeGreaterThan(100);
    expect(board.modelsListed).toBeLessThan(1000);
    const markdown = (JSON.parse(filled) as { widgets: Json[] }).widgets.at(-1).properties.markdown as string;
    const rows = markdown.split('\n').filter((l) => l.startsWith('| line-'));
    expect(rows).toHaveLength(board.modelsListed);
    expect(markdown.split('\n').at(-1)).toMatch(
      new RegExp(`^\\*\\*and ${1000 - board.modelsListed} more\\*\\*`),
    );
    expect(big.notes.join('\n')).toContain(`dashboard: its text lists ${board.modelsListed} of 1000 models`);
  });

  it('still fits the stack’s resource budget with the dashboard', () => {
    expect(big.resources.Dashboard?.Type).toBe('AWS::CloudWatch::Dashboard');
    const edges = Object.values(big.resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule').length;
    const generated = Object.keys(big.resources).length;
    // What serverless.yml and osls add is counted by the package test (NON_EDGE_RESOURCE_ALLOWANCE).
    expect(generated - edges).toBeLessThanOrEqual(6);
    expect(generated).toBeLessThan(STACK_RESOURCE_LIMIT);
  });
});
