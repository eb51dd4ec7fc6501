// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders.
/**
 * The stack's CloudWatch dashboard: the functions' own metrics (EMF, src/runtime/invocationReport.ts),
 * the dead-letter queue's depth, Lambda errors and throttles of each function, and the models as
 * deployed. The body is JSON text with the region, function names and queue name left to
 * CloudFormation (an Fn::Join around the text), so the text itself never passes through Fn::Sub.
 */
import { formatRule } from '../schedule/describeModel.js';
import type { ModelSchedule, Schedule, WindowRule } from '../schedule/types.js';
import type { FunctionName } from './buildArtifacts.js';
import type { CfnResource, CfnValue, StackNames } from './stackResources.js';

/** Logical id of the dashboard, and of the output with its console address. */
export const DASHBOARD_IDS = { dashboard: 'Dashboard', urlOutput: 'DashboardUrl' } as const;

/**
 * The most characters the dashboard body may have once CloudFormation has filled in the names.
 * AWS documents no byte limit for a body (only 500 widgets and 2,500 metrics a dashboard); this
 * one keeps the template of a 1,000-model stack (about 460 KB of edge schedules) far from
 * CloudFormation's 1 MB and the text widget readable. The models table is cut to fit.
 */
export const DASHBOARD_BODY_BUDGET = 100_000;

export interface DashboardOptions {
  readonly names: StackNames;
  /** METRICS_NAMESPACE as the functions get it. */
  readonly namespace: string;
  /** Logical id of the dead-letter queue. */
  readonly deadLetterQueue: string;
  /**
   * Logical id of each function (STATIC_IDS.function), in the order the graphs list them; the key is
   * the `Function` dimension of the functions' own metrics.
   */
  readonly functions: Readonly<Record<FunctionName, string>>;
}

export interface Dashboard {
  readonly resource: CfnResource;
  readonly url: CfnValue;
  /** Titles of the widgets, top to bottom and left to right. */
  readonly widgets: readonly string[];
  /** Models listed in the text widget (the others are counted in an "and N more" line). */
  readonly modelsListed: number;
  /** The body's length with the longest names CloudFormation could fill in. */
  readonly maxBodyLength: number;
}

/*
 * Placeholders for what only CloudFormation knows: a private-use character, which JSON.stringify
 * leaves as it is and escapeMarkdown drops from every text that comes from the file.
 */
const MARK = '\uE000';
const REGION = `${MARK}Region${MARK}`;
const DLQ = `${MARK}Queue${MARK}`;
const fnName = (kind: FunctionName) => `${MARK}Function:${kind}${MARK}`;
const PLACEHOLDER = /\uE000([A-Za-z:]+)\uE000/;
/** Longest values: a region name, a function name (64), an SQS queue name (80). */
const LONGEST = { Region: 16, Function: 64, Queue: 80 } as const;

function placeholderValue(token: string, options: DashboardOptions): CfnValue {
  if (token === 'Region') return { Ref: 'AWS::Region' };
  if (token === 'Queue') return { 'Fn::GetAtt': [options.deadLetterQueue, 'QueueName'] };
  const kind = token.slice('Function:'.length);
  const id = Object.hasOwn(options.functions, kind) ? options.functions[kind as FunctionName] : undefined;
  if (token.startsWith('Function:') && id) return { Ref: id };
  throw new Error(`unknown dashboard placeholder ${token}`);
}

/**
 * Markdown that shows `text` as written inside a table cell: the characters that format, link,
 * split cells or start HTML are backslash-escaped (CommonMark allows it for all punctuation),
 * control and private-use characters dropped.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping them is the point.
      .replace(/[\u0000-\u001f\u007f\uE000-\uF8FF]/g, '')
      .replace(/[\\`*_[\]|<>~&#!]/g, (c) => `\\${c}`)
  );
}

/** `Mon-Fri 06:00-22:00`, `Mon-Thu 22:00-06:00 (+1 day)`: as `lvsched diff` says it, overnight marked. */
function windowText(rule: WindowRule): string {
  return `${formatRule(rule)}${rule.close <= rule.open ? ' (+1 day)' : ''}`;
}

const SERVICE = { lookoutvision: 'Lookout for Vision', rekognition: 'Custom Labels' } as const;

function modelRow(m: ModelSchedule): string {
  const windows = m.rules.length === 0 ? 'none (kept stopped)' : m.rules.map(windowText).join('; ');
  const closed = m.closed.length === 0 ? '' : `; closed on ${m.closed.length} date range(s)`;
  const units =
    m.maxInferenceUnits === null || m.maxInferenceUnits === m.minInferenceUnits
      ? String(m.minInferenceUnits)
      : `${m.minInferenceUnits}-${m.maxInferenceUnits}`;
  const cells = [
    escapeMarkdown(m.id),
    SERVICE[m.service],
    escapeMarkdown(`${m.project} / ${m.version}`),
    escapeMarkdown(m.timezone),
    escapeMarkdown(`${windows}${closed}`),
    units,
  ];
  return `| ${cells.join(' | ')} |`;
}

/** JSON-escaped length of a text (what it adds inside the body's JSON string). */
const jsonLength = (text: string) => JSON.stringify(text).length - 2;

function modelsMarkdown(schedule: Schedule, room: number): { markdown: string; listed: number } {
  const head = [
    '## Models as deployed',
    'The schedule file as packaged into this stack: each window in its model’s time zone. `npx lvsched plan` shows the hosting periods and their cost.',
    '',
    '| Model | Service | Project / version | Time zone | Windows (days, open-close) | Inference units |',
    '|---|---|---|---|---|---|',
  ];
  const lines = [...head];
  let used = jsonLength(`${head.join('\n')}\n`);
  const more = (n: number) =>
    `\n**and ${n} more** (the dashboard's text is kept within ${DASHBOARD_BODY_BUDGET.toLocaleString('en-US')} characters; \`npx lvsched plan\` lists every model)`;
  const models = schedule.models;
  let listed = 0;
  for (const [i, m] of models.entries()) {
    const row = modelRow(m);
    const left = models.length - i - 1;
    const reserve = left > 0 ? jsonLength(more(left)) : 0;
    if (used + jsonLength(`${row}\n`) + reserve > room) break;
    lines.push(row);
    used += jsonLength(`${row}\n`);
    listed++;
  }
  if (models.length === 0) lines.push('| (no models) | | | | | |');
  if (listed < models.length) lines.push(more(models.length - listed));
  return { markdown: lines.join('\n'), listed };
}

interface Widget {
  readonly type: 'metric' | 'text';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

function graph(
  title: string,
  at: [number, number, number, number],
  metrics: unknown[][],
  extra: Record<string, unknown> = {},
): Widget {
  const [x, y, width, height] = at;
  return {
    type: 'metric',
    x,
    y,
    width,
    height,
    properties: {
      title,
      view: 'timeSeries',
      stacked: false,
      region: REGION,
      period: 300,
      stat: 'Sum',
      metrics,
      yAxis: { left: { min: 0 } },
      ...extra,
    },
  };
}

function metricWidgets(namespace: string, kinds: readonly FunctionName[]): Widget[] {
  const own = (name: string, which: readonly FunctionName[]) =>
    which.map((kind) => [namespace, name, 'Function', kind, { label: kind }]);
  const lambda = (name: string) =>
    kinds.map((kind) => ['AWS/Lambda', name, 'FunctionName', fnName(kind), { label: kind }]);
  return [
    graph('Model starts (per function)', [0, 0, 8, 6], own('Starts', ['open', 'verify', 'reconcile'])),
    graph('Failures: failed calls and alerts (per function)', [8, 0, 8, 6], own('Failures', kinds)),
    graph(
      'Start latency: start to HOSTED (ms)',
      [16, 0, 8, 6],
      ['p50', 'p90', 'Maximum'].map((stat) => [
        namespace,
        'StartLatency',
        'Function',
        'verify',
        { stat, label: stat },
      ]),
      { stat: 'Average' },
    ),
    graph(
      'Minutes hosted outside windows',
      [0, 6, 6, 6],
      [
        [
          namespace,
          'HostedOutsideWindowMinutes',
          'Function',
          'reconcile',
          { label: 'found by reconcile passes' },
        ],
      ],
    ),
    graph(
      'Dead-letter queue depth',
      [6, 6, 6, 6],
      [['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', DLQ, { label: 'messages' }]],
      { stat: 'Maximum', period: 60 },
    ),
    graph('Lambda errors (per function)', [12, 6, 6, 6], lambda('Errors')),
    graph('Lambda throttles (per function)', [18, 6, 6, 6], lambda('Throttles')),
  ];
}

/** The body as CloudFormation gets it: an Fn::Join of the JSON text around the names it fills in. */
function joinBody(json: string, options: DashboardOptions): CfnValue {
  const parts = json.split(PLACEHOLDER);
  const values: CfnValue[] = parts.map((part, i) => (i % 2 === 0 ? part : placeholderValue(part, options)));
  return { 'Fn::Join': ['', values.filter((v) => v !== '')] };
}

/** The longest the body can be once the placeholders are filled in. */
function maxLength(json: string): number {
  return json
    .split(PLACEHOLDER)
    .reduce(
      (n, part, i) => n + (i % 2 === 0 ? part.length : LONGEST[part.split(':')[0] as keyof typeof LONGEST]),
      0,
    );
}

/** The dashboard `<service>-<stage>-<region>` (dashboards are global to the account, not regional). */
export function dashboard(schedule: Schedule, options: DashboardOptions): Dashboard {
  const kinds = Object.keys(options.functions) as FunctionName[];
  const metrics = metricWidgets(options.namespace, kinds);
  const textAt = (height: number): Widget => ({
    type: 'text',
    x: 0,
    y: 12,
    width: 24,
    height,
    properties: { markdown: '' },
  });
  const emptyBody = JSON.stringify({ widgets: [...metrics, textAt(1000)] });
  const room = DASHBOARD_BODY_BUDGET - maxLength(emptyBody);
  const { markdown, listed } = modelsMarkdown(schedule, room);
  const lines = markdown.split('\n').length;
  const text: Widget = {
    ...textAt(Math.min(1000, Math.max(4, Math.ceil(lines * 0.6) + 1))),
    properties: { markdown },
  };
  const json = JSON.stringify({ widgets: [...metrics, text] });
  const name = `${options.names.service}-${options.names.stage}-\${AWS::Region}`;
  return {
    resource: {
      Type: 'AWS::CloudWatch::Dashboard',
      Properties: {
        DashboardName: { 'Fn::Sub': name },
        DashboardBody: joinBody(json, options),
      },
    },
    url: {
      'Fn::Sub': `https://\${AWS::Region}.console.aws.amazon.com/cloudwatch/home?region=\${AWS::Region}#dashboards:name=\${${DASHBOARD_IDS.dashboard}}`,
    },
    widgets: [...metrics.map((w) => String(w.properties.title)), 'Models as deployed'],
    modelsListed: listed,
    maxBodyLength: maxLength(json),
  };
}
