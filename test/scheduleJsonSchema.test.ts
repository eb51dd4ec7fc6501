import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Editors validate with config/schedule.schema.json; it must accept what the validator accepts.
const schema = JSON.parse(readFileSync(new URL('../config/schedule.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe('config/schedule.schema.json', () => {
  it('accepts the example schedule', () => {
    const example = parse(readFileSync(new URL('../config/schedule.yaml', import.meta.url), 'utf8'));
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(['rekognition', 'mixed'])('accepts config/examples/%s.yaml', (name) => {
    const example = parse(readFileSync(new URL(`../config/examples/${name}.yaml`, import.meta.url), 'utf8'));
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    [
      'a Custom Labels version name',
      { service: 'rekognition', project: 'my.project', version: 'v1.2' },
      true,
    ],
    ['an unknown service', { service: 'sagemaker', project: 'p', version: '1' }, false],
    ['a version no service accepts', { service: 'rekognition', project: 'p', version: 'a/b' }, false],
  ])('judges a model with %s', (_name, fields, ok) => {
    const window = { days: 'Mon', open: '06:00', close: '07:00' };
    expect(validate({ version: 1, models: [{ ...fields, windows: [window] }] })).toBe(ok);
  });

  it.each([
    ['lower-case and full day names', { days: ['mon-FRI', 'Saturday'], open: '06:00', close: '22:00' }, true],
    ['a bad close time', { days: 'Mon', open: '06:00', close: '25:00' }, false],
    ['days and dates together', { days: 'Mon', dates: '2026-12-01', open: '06:00', close: '07:00' }, false],
    ['an unknown key', { days: 'Mon', open: '06:00', close: '07:00', colour: 'red' }, false],
  ])('judges a window with %s', (_name, window, ok) => {
    const doc = { version: 1, models: [{ project: 'p', version: '1', windows: [window] }] };
    expect(validate(doc)).toBe(ok);
  });
});
