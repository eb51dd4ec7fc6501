/**
 * Local stand-ins for the two services that have no emulator here, speaking their wire protocols
 * to the real SDK clients over loopback: EventBridge Scheduler (restJson1, CreateSchedule) and SNS
 * (awsQuery, Publish). Each checks requests against the service model and answers as the service
 * does, including ConflictException for a schedule name that exists.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadModel, violations } from './smithyValidate.js';

const ACCOUNT = '123456789012';

export interface RecordedSchedule {
  readonly name: string;
  readonly group: string;
  readonly body: Record<string, unknown>;
  /** HTTP status answered. */
  readonly status: number;
  readonly violations: readonly string[];
}

export interface FakeScheduler {
  readonly endpoint: string;
  readonly requests: RecordedSchedule[];
  /** Schedules that exist, by `group/name`. */
  readonly schedules: Map<string, RecordedSchedule>;
  /** Fires a one-time schedule: removes it (ActionAfterCompletion DELETE) and returns the Input Scheduler would deliver. */
  fire(key: string): Record<string, unknown>;
  close(): Promise<void>;
}

export interface PublishedMessage {
  readonly params: Record<string, unknown>;
  readonly violations: readonly string[];
}

export interface SentMessage {
  readonly queueUrl: string;
  readonly body: Record<string, unknown>;
  /** The request carried a SigV4 Authorization header for service sqs. */
  readonly signed: boolean;
}

export interface FakeSqs {
  readonly endpoint: string;
  readonly sent: SentMessage[];
  close(): Promise<void>;
}

export interface FakeSns {
  readonly endpoint: string;
  readonly published: PublishedMessage[];
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The Date header of an answer, on the test's clock when it has one: the SDK takes a Date far from
 * its own clock for clock skew and retries the request, so a bundle run on a fake clock must be
 * answered on the same clock.
 */
function dateHeader(response: ServerResponse, clock: (() => number) | undefined): void {
  if (clock !== undefined) response.setHeader('date', new Date(clock()).toUTCString());
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
}

/** `<aws.scheduler.scheduled-time>` of a one-time schedule: its at() instant, as Scheduler writes it. */
function scheduledTimeOf(expression: string): string {
  const m = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression);
  if (!m) throw new Error(`not a one-time expression: ${expression}`);
  return `${m[1]}Z`;
}

export async function startFakeScheduler(clock?: () => number): Promise<FakeScheduler> {
  const model = loadModel('scheduler');
  const requests: RecordedSchedule[] = [];
  const schedules = new Map<string, RecordedSchedule>();
  const server = createServer(async (request, response) => {
    dateHeader(response, clock);
    const text = await body(request);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const m = /^\/schedules\/([^/]+)$/.exec(url.pathname);
    const answer = (status: number, payload: unknown, errorType?: string) => {
      response.writeHead(status, {
        'content-type': 'application/json',
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      });
      response.end(JSON.stringify(payload));
    };
    if (request.method !== 'POST' || m === null) {
      answer(
        404,
        { Message: `no such operation: ${request.method} ${url.pathname}` },
        'UnknownOperationException',
      );
      return;
    }
    const name = decodeURIComponent(m[1] as string);
    const parsed = JSON.parse(text || '{}') as Record<string, unknown>;
    const problems = [
      ...violations(model, 'com.amazonaws.scheduler#CreateScheduleInput', parsed),
      ...violations(model, 'com.amazonaws.scheduler#Name', name, '$.Name'),
    ];
    const group = typeof parsed.GroupName === 'string' ? parsed.GroupName : 'default';
    const key = `${group}/${name}`;
    let status = 200;
    if (problems.length > 0) status = 400;
    else if (schedules.has(key)) status = 409;
    const record: RecordedSchedule = { name, group, body: parsed, status, violations: problems };
    requests.push(record);
    if (status === 400) answer(400, { Message: problems.join('; ') }, 'ValidationException');
    else if (status === 409)
      answer(409, { Message: `Schedule ${name} already exists.` }, 'ConflictException');
    else {
      schedules.set(key, record);
      answer(200, { ScheduleArn: `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/${group}/${name}` });
    }
  });
  const endpoint = await listen(server);
  return {
    endpoint,
    requests,
    schedules,
    fire(key) {
      const record = schedules.get(key);
      if (!record) throw new Error(`no schedule ${key}`);
      schedules.delete(key);
      const target = record.body.Target as { Input: string };
      const input = target.Input.replaceAll(
        '<aws.scheduler.scheduled-time>',
        scheduledTimeOf(String(record.body.ScheduleExpression)),
      );
      return JSON.parse(input) as Record<string, unknown>;
    },
    close: closer(server),
  };
}

/** awsQuery form parameters -> the Publish input they encode (MessageAttributes.entry.N.*). */
function publishInput(form: URLSearchParams): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const attributes: Record<string, Record<string, string>> = {};
  const entries = new Map<string, { name?: string; value: Record<string, string> }>();
  for (const [k, v] of form) {
    const m = /^MessageAttributes\.entry\.(\d+)\.(Name|Value\.(\w+))$/.exec(k);
    if (m) {
      const entry = entries.get(m[1] as string) ?? { value: {} };
      if (m[2] === 'Name') entry.name = v;
      else entry.value[m[3] as string] = v;
      entries.set(m[1] as string, entry);
    } else if (k !== 'Action' && k !== 'Version') input[k] = v;
  }
  for (const e of entries.values()) if (e.name) attributes[e.name] = e.value;
  if (entries.size > 0) input.MessageAttributes = attributes;
  return input;
}

export async function startFakeSns(clock?: () => number): Promise<FakeSns> {
  const model = loadModel('sns');
  const published: PublishedMessage[] = [];
  let next = 1;
  const server = createServer(async (request, response) => {
    dateHeader(response, clock);
    const form = new URLSearchParams(await body(request));
    const xml = (status: number, text: string) => {
      response.writeHead(status, { 'content-type': 'text/xml' });
      response.end(text);
    };
    const error = (code: string, message: string) =>
      xml(
        400,
        `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-${next++}</RequestId></ErrorResponse>`,
      );
    if (form.get('Action') !== 'Publish') {
      error('InvalidAction', `unsupported action ${form.get('Action')}`);
      return;
    }
    const params = publishInput(form);
    const problems = violations(model, 'com.amazonaws.sns#PublishInput', params);
    // Documented in the SNS API reference rather than in the model.
    const subject = params.Subject;
    if (typeof subject === 'string' && (subject.length >= 100 || !/^[\x20-\x7e]+$/.test(subject))) {
      problems.push('$.Subject: must be ASCII without line breaks and under 100 characters');
    }
    if (typeof params.TopicArn !== 'string') problems.push('$.TopicArn: is required here');
    published.push({ params, violations: problems });
    if (problems.length > 0) {
      error('InvalidParameter', problems.join('; '));
      return;
    }
    const id = `00000000-0000-4000-8000-${String(next++).padStart(12, '0')}`;
    xml(
      200,
      `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${id}</MessageId></PublishResult><ResponseMetadata><RequestId>r-${next}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  });
  const endpoint = await listen(server);
  return { endpoint, published, close: closer(server) };
}

/** SQS in its JSON protocol (AmazonSQS.SendMessage), as the functions send dead letters. */
export async function startFakeSqs(clock?: () => number): Promise<FakeSqs> {
  const sent: SentMessage[] = [];
  let next = 1;
  const server = createServer(async (request, response) => {
    dateHeader(response, clock);
    const text = await body(request);
    const answer = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(payload));
    };
    const target = request.headers['x-amz-target'];
    const input = JSON.parse(text || '{}') as { QueueUrl?: unknown; MessageBody?: unknown };
    if (target !== 'AmazonSQS.SendMessage') {
      answer(400, { __type: 'com.amazonaws.sqs#InvalidAction', message: `unsupported ${String(target)}` });
      return;
    }
    if (typeof input.QueueUrl !== 'string' || typeof input.MessageBody !== 'string') {
      answer(400, { __type: 'com.amazonaws.sqs#MissingParameter', message: 'QueueUrl and MessageBody' });
      return;
    }
    sent.push({
      queueUrl: input.QueueUrl,
      body: JSON.parse(input.MessageBody) as Record<string, unknown>,
      signed: /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[^/]+\/sqs\/aws4_request/.test(
        String(request.headers.authorization),
      ),
    });
    answer(200, { MessageId: `m-${next++}`, MD5OfMessageBody: '0'.repeat(32) });
  });
  const endpoint = await listen(server);
  return { endpoint, sent, close: closer(server) };
}
