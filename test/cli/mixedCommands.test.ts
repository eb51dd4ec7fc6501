/**
 * `lvsched reconcile` and `lvsched status` on config/examples/mixed.yaml, through the real CLI
 * entry (a child process), against one emulator serving both services on one port. The Custom
 * Labels endpoint comes from the standard SDK configuration: AWS_ENDPOINT_URL_REKOGNITION, or
 * AWS_ENDPOINT_URL for every service.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import {
  lvschedProcess,
  RECONCILE_DECISION_FIELDS,
  ROOT,
  STARTS_TRAINED_LOOKOUTVISION_MODEL,
  TEST_AWS_ENV,
} from './helpers.js';

const MIXED = join(ROOT, 'config/examples/mixed.yaml');
// Tuesday 2026-12-01 12:00 in New York (11:00 in Chicago): the day windows are open, the night one is not.
const AT = '2026-12-01T17:00:00Z';

interface Decision {
  readonly model: string;
  readonly service: string;
  readonly desired: string;
  readonly observed: string;
  readonly serviceStatus: string | null;
  readonly action: string;
  readonly clientToken: string | null;
}

let emulator: EmulatorHandle;
/** Per-service variables only (the generic one explicitly absent). */
let perService: NodeJS.ProcessEnv;
/** The generic variable only. */
let generic: NodeJS.ProcessEnv;

beforeAll(async () => {
  emulator = await startEmulator({
    models: [{ project: 'circuit-boards', version: '3' }],
    rekognition: {
      versions: [
        { project: 'circuit-boards-cl', version: 'circuit-boards-cl.v2' },
        { project: 'night-shift-cl', version: 'v1', status: 'STOPPED' },
      ],
    },
  });
  perService = {
    ...TEST_AWS_ENV,
    AWS_ENDPOINT_URL: undefined,
    AWS_ENDPOINT_URL_LOOKOUTVISION: emulator.endpoint,
    AWS_ENDPOINT_URL_REKOGNITION: emulator.endpoint,
  };
  generic = {
    ...TEST_AWS_ENV,
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_ENDPOINT_URL_LOOKOUTVISION: undefined,
    AWS_ENDPOINT_URL_REKOGNITION: undefined,
  };
});

afterAll(async () => {
  await emulator.close();
});

async function dryRun(env: NodeJS.ProcessEnv): Promise<Decision[]> {
  const r = await lvschedProcess(['reconcile', '--config', MIXED, '--at', AT, '--dry-run', '--json'], env);
  expect(r.code, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { at: string; decisions: Decision[] };
  expect(out.at).toBe(AT);
  return out.decisions;
}

describe('lvsched reconcile --json on a mixed file against the emulator', () => {
  it.each([
    ['AWS_ENDPOINT_URL_REKOGNITION', () => perService],
    ['AWS_ENDPOINT_URL', () => generic],
  ])('reaches Custom Labels at %s and gives decisions with service and serviceStatus', async (_name, env) => {
    const decisions = await dryRun(env());
    // Every field the decisions had before, in their order, with the two new ones.
    expect(decisions.map((d) => Object.keys(d))).toEqual(Array(3).fill([...RECONCILE_DECISION_FIELDS]));
    const byModel = Object.fromEntries(decisions.map((d) => [d.model, d]));
    expect(byModel['circuit-boards:3']).toMatchObject(STARTS_TRAINED_LOOKOUTVISION_MODEL);
    expect(byModel['boards-cl']).toMatchObject({
      service: 'rekognition',
      serviceStatus: 'TRAINING_COMPLETED',
      desired: 'hosted',
      observed: 'TRAINED',
      action: 'start',
    });
    expect(byModel['boards-cl']?.clientToken).toMatch(/^open-20261201t1045z-/);
    expect(byModel['night-shift-cl:v1']).toMatchObject({
      service: 'rekognition',
      serviceStatus: 'STOPPED',
      desired: 'stopped',
      observed: 'TRAINED',
      action: 'none',
    });
    // A dry run observes only.
    expect(emulator.runtime.rekognition.callLog().map((c) => c.operation)).not.toContain(
      'StartProjectVersion',
    );
  });

  it('starts the Custom Labels version and the Lookout for Vision model that should run, then status shows both', async () => {
    const r = await lvschedProcess(['reconcile', '--config', MIXED, '--at', AT, '--json'], generic);
    expect(r.code, r.stderr).toBe(0);
    const starts = emulator.runtime.rekognition
      .callLog()
      .filter((c) => c.operation === 'StartProjectVersion' && c.statusCode === 200);
    expect(starts.map((c) => [c.project, c.version, c.minInferenceUnits, c.maxInferenceUnits])).toEqual([
      ['circuit-boards-cl', 'circuit-boards-cl.v2', 1, 2],
    ]);
    expect(
      emulator.callLog().filter((c) => c.operation === 'StartModel' && c.statusCode === 202),
    ).toHaveLength(1);

    const status = await lvschedProcess(['status', '--config', MIXED, '--json'], perService);
    expect(status.code, status.stderr).toBe(0);
    const rows = (JSON.parse(status.stdout) as { models: Record<string, unknown>[] }).models;
    expect(rows.map((row) => [row.model, row.service, row.observed, row.serviceStatus])).toEqual([
      ['circuit-boards:3', 'lookoutvision', 'STARTING_HOSTING', null],
      ['boards-cl', 'rekognition', 'STARTING_HOSTING', 'STARTING'],
      ['night-shift-cl:v1', 'rekognition', 'TRAINED', 'STOPPED'],
    ]);
    expect(rows.find((row) => row.model === 'boards-cl')?.inferenceUnits).toBe('1-2');
  });
});
