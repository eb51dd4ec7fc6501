/**
 * Both services of the emulator go through one HTTP plumbing (one body reader, one admin handler,
 * one SigV4 presence check), so the Rekognition side answers oversized, garbage and unsigned
 * requests exactly as the Lookout for Vision side does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import { raw } from './helpers.js';
import { awsJson } from './rekognitionHelpers.js';

const TOO_BIG = 'x'.repeat(11 << 20);
const PRESIGNED =
  'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261130%2Fus-east-1%2FSERVICE%2Faws4_request';

let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await startEmulator({ quota: false });
});
afterAll(() => emulator.close());

describe('admin requests of either service', () => {
  it.each([
    ['/_emulator/models', '/_emulator/rekognition/versions'],
    ['/_emulator/faults', '/_emulator/rekognition/faults'],
  ])(
    'answer an oversized body at %s and %s with 400 ValidationException and keep nothing',
    async (lfv, rk) => {
      const answers = [
        await raw(emulator.endpoint, 'POST', lfv, { signed: false, body: TOO_BIG }),
        await raw(emulator.endpoint, 'POST', rk, { signed: false, body: TOO_BIG }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(400);
        expect(answer.headers.get('x-amzn-errortype')).toBe('ValidationException');
        expect(answer.body).toEqual({ Message: 'The request body exceeds 10485760 bytes' });
      }
      expect(emulator.models()).toEqual([]);
      expect(emulator.runtime.rekognition.allVersions()).toEqual([]);
    },
  );

  it('answer a body that is not JSON alike', async () => {
    const lfv = await raw(emulator.endpoint, 'POST', '/_emulator/faults', { signed: false, body: '{"la' });
    const rk = await raw(emulator.endpoint, 'POST', '/_emulator/rekognition/faults', {
      signed: false,
      body: '{"la',
    });
    for (const answer of [lfv, rk]) {
      expect(answer.status).toBe(400);
      expect(answer.headers.get('x-amzn-errortype')).toBe('ValidationException');
      expect(answer.body).toEqual({ Message: expect.stringContaining('not JSON') });
    }
    expect(rk.body).toEqual(lfv.body);
  });

  it('answer an unknown admin path alike', async () => {
    const lfv = await raw(emulator.endpoint, 'GET', '/_emulator/nothing', { signed: false });
    const rk = await raw(emulator.endpoint, 'GET', '/_emulator/rekognition/nothing', { signed: false });
    for (const answer of [lfv, rk]) {
      expect(answer.status).toBe(404);
      expect(answer.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
      expect(answer.body.Message).toMatch(/^No admin endpoint GET \/_emulator\//);
    }
  });
});

describe('API requests to Custom Labels', () => {
  it('answer an oversized body with 400 ValidationException, as Lookout for Vision does', async () => {
    const lfv = await raw(emulator.endpoint, 'POST', '/2020-11-20/projects/p/models/1/start', {
      body: TOO_BIG,
    });
    const rk = await awsJson(emulator.endpoint, 'DescribeProjects', TOO_BIG);
    expect([lfv.status, lfv.headers.get('x-amzn-errortype')]).toEqual([400, 'ValidationException']);
    expect([rk.status, rk.headers.get('x-amzn-errortype')]).toEqual([400, 'ValidationException']);
    expect(rk.body).toEqual({
      __type: 'ValidationException',
      Message: 'The request body exceeds 10485760 bytes',
    });
  });

  it('answer a garbage body with 400 ValidationException', async () => {
    const rk = await awsJson(emulator.endpoint, 'DescribeProjects', '\u0000not json');
    expect([rk.status, rk.body.__type]).toEqual([400, 'ValidationException']);
  });

  it('accept a presigned query as SigV4, as Lookout for Vision does', async () => {
    const lfv = await fetch(
      `${emulator.endpoint}/2020-11-20/projects?${PRESIGNED.replace('SERVICE', 'lookoutvision')}`,
    );
    expect(lfv.status).toBe(200);
    const rk = await fetch(`${emulator.endpoint}/?${PRESIGNED.replace('SERVICE', 'rekognition')}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'RekognitionService.DescribeProjects',
      },
      body: '{}',
    });
    expect(rk.status).toBe(200);
    expect(await rk.json()).toEqual({ ProjectDescriptions: [] });
  });

  it('answer a malformed credential scope with 403 AccessDeniedException and the same message', async () => {
    const headers = { Authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20261130/us-east-1, Signature=x' };
    const lfv = await raw(emulator.endpoint, 'GET', '/2020-11-20/projects', { signed: false, headers });
    const rk = await fetch(`${emulator.endpoint}/`, {
      method: 'POST',
      headers: {
        ...headers,
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'RekognitionService.DescribeProjects',
      },
      body: '{}',
    });
    const rkBody = (await rk.json()) as Record<string, unknown>;
    expect([lfv.status, rk.status]).toEqual([403, 403]);
    expect(rkBody.__type).toBe('AccessDeniedException');
    expect(rkBody.Message).toBe(lfv.body.Message);
  });
});
