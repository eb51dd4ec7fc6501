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
