/**
 * The `service` key (issue 8 part 1): which hosting service a model is on, and the project and
 * version names each service's model accepts. Lines and columns are counted from the YAML text.
 */
import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../../src/schedule/parseSchedule.js';
import { buildPlan } from '../../src/schedule/plan.js';
import { REKOGNITION_CUSTOM_LABELS_REGIONS } from '../../src/schedule/serviceNames.js';
import type { Diagnostic } from '../../src/schedule/types.js';
import { at, FILE, scheduleOf } from './helpers.js';

const WINDOW = '[{ days: Mon, open: "06:00", close: "18:00" }]';
const located = (ds: readonly Diagnostic[], severity: Diagnostic['severity']) =>
  ds.filter((d) => d.severity === severity).map((d) => `${d.line}:${d.col} ${d.message}`);
const parse = (lines: string[]) => parseSchedule(`${lines.join('\n')}\n`, { file: FILE });

describe('service of a model', () => {
  it('is lookoutvision when neither the model nor defaults names one', () => {
    const s = scheduleOf(
      `version: 1\nmodels:\n  - { project: p, version: 1, timezone: UTC, windows: ${WINDOW} }\n`,
    );
    expect(s.models[0]?.service).toBe('lookoutvision');
  });

  it('comes from defaults, and a model may name another', () => {
    const s = scheduleOf(
      [
        'version: 1',
        'defaults: { service: rekognition, timezone: UTC }',
        'models:',
        `  - { project: cl, version: v1.2, windows: ${WINDOW} }`,
        `  - { project: lv, version: 3, service: lookoutvision, windows: ${WINDOW} }`,
        '',
      ].join('\n'),
    );
    expect(s.models.map((m) => [m.id, m.service])).toEqual([
      ['cl:v1.2', 'rekognition'],
      ['lv:3', 'lookoutvision'],
    ]);
  });

  it('keeps the id <project>:<version> unless id is given', () => {
    const s = scheduleOf(
      [
        'version: 1',
        'defaults: { service: rekognition, timezone: UTC }',
        'models:',
        `  - { project: my.project, version: 2026-11-30.v1, windows: ${WINDOW} }`,
        `  - { project: my.project, version: v2, id: second, windows: ${WINDOW} }`,
        '',
      ].join('\n'),
    );
    expect(s.models.map((m) => m.id)).toEqual(['my.project:2026-11-30.v1', 'second']);
  });

  it('reports a service that is not one of the two, located', () => {
    const r = parse([
      'version: 1',
      'models:',
      `  - { project: p, version: 1, service: sagemaker, timezone: UTC, windows: ${WINDOW} }`,
    ]);
    expect(r.schedule).toBeNull();
    expect(located(r.diagnostics, 'error')).toEqual([
      '3:40 service "sagemaker" must be one of "lookoutvision", "rekognition"',
    ]);
  });

  it('appears in plan --json models', () => {
    const s = scheduleOf(
      `version: 1\nmodels:\n  - { project: cl, version: v1, service: rekognition, timezone: UTC, windows: ${WINDOW} }\n`,
    );
    const plan = buildPlan(s, at('2026-11-30T00:00:00Z'), at('2026-12-07T00:00:00Z'));
    expect(plan.models[0]).toMatchObject({ id: 'cl:v1', service: 'rekognition', version: 'v1' });
    expect(plan.models[0]?.windows).toHaveLength(1);
  });
});

describe('project and version names', () => {
  it('accepts Custom Labels names that Lookout for Vision does not', () => {
    const r = parse([
      'version: 1',
      'models:',
      `  - { service: rekognition, project: .my_project-2, version: v1.2, timezone: UTC, windows: ${WINDOW} }`,
      `  - { service: rekognition, project: p, version: ${'a'.repeat(255)}, timezone: UTC, windows: ${WINDOW} }`,
    ]);
    expect(located(r.diagnostics, 'error')).toEqual([]);
    expect(r.schedule?.models.map((m) => m.version)).toEqual(['v1.2', 'a'.repeat(255)]);
  });

  it('reports a version only Rekognition accepts in a Lookout for Vision model, saying it would be valid for rekognition', () => {
    const r = parse([
      'version: 1',
      'defaults: { timezone: UTC }',
      'models:',
      '  - project: boards',
      '    version: v1.2',
      `    windows: ${WINDOW}`,
    ]);
    expect(r.schedule).toBeNull();
    const errors = located(r.diagnostics, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^5:14 version "v1\.2" is not a Lookout for Vision version \(.*\); it would be valid for rekognition/,
    );
  });

  it('reports a project name only Rekognition accepts when the service comes from defaults', () => {
    const r = parse([
      'version: 1',
      'defaults: { service: lookoutvision, timezone: UTC }',
      'models:',
      `  - { project: my.project, version: 1, windows: ${WINDOW} }`,
    ]);
    expect(located(r.diagnostics, 'error')).toEqual([
      expect.stringMatching(
        /^4:16 project "my\.project" is not a Lookout for Vision project name .*valid for rekognition/,
      ),
    ]);
  });

  it('reports a Lookout for Vision version longer than its model allows (Rekognition allows 255)', () => {
    const r = parse([
      'version: 1',
      'models:',
      `  - { project: p, version: "12345678901", timezone: UTC, windows: ${WINDOW} }`,
    ]);
    expect(located(r.diagnostics, 'error')).toEqual([
      expect.stringMatching(
        /^3:28 version "12345678901" is not a Lookout for Vision version \(.*1-10 characters\)/,
      ),
    ]);
  });

  it('reports names no service accepts, with both services rules', () => {
    const r = parse([
      'version: 1',
      'models:',
      '  - service: rekognition',
      '    project: "bad name"',
      '    version: "a/b"',
      '    timezone: UTC',
      `    windows: ${WINDOW}`,
      `  - { service: rekognition, project: p, version: ${'a'.repeat(256)}, timezone: UTC, windows: ${WINDOW} }`,
    ]);
    const errors = located(r.diagnostics, 'error');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(
      /^4:14 project "bad name" is not a project name of any service .*rekognition: \^\[a-zA-Z0-9_\.\\-\]\+\$/,
    );
    expect(errors[1]).toMatch(/^5:14 version "a\/b" is not a model version of any service/);
    expect(errors[2]).toMatch(/^8:50 version "a+\.\.\." \(256 characters\) is longer than 255 characters/);
  });

  it('does not warn about latest beside a numbered version for Rekognition, where latest is a name', () => {
    const r = parse([
      'version: 1',
      'defaults: { service: rekognition, timezone: UTC }',
      'models:',
      `  - { project: p, version: latest, windows: ${WINDOW} }`,
      `  - { project: p, version: 1, windows: ${WINDOW} }`,
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it('schedules the same project and version on both services as two models', () => {
    const r = parse([
      'version: 1',
      'defaults: { timezone: UTC, region: us-east-1 }',
      'models:',
      `  - { project: p, version: 1, windows: ${WINDOW} }`,
      `  - { project: p, version: 1, id: cl, service: rekognition, windows: ${WINDOW} }`,
    ]);
    expect(located(r.diagnostics, 'error')).toEqual([]);
  });
});

describe('regions', () => {
  it('warns at a model region where Custom Labels is not offered, and not for one where it is', () => {
    const r = parse([
      'version: 1',
      'defaults: { service: rekognition, timezone: UTC }',
      'models:',
      `  - { project: a, version: v1, region: ca-central-1, windows: ${WINDOW} }`,
      `  - { project: b, version: v1, region: eu-west-2, windows: ${WINDOW} }`,
    ]);
    expect(located(r.diagnostics, 'warning')).toEqual([
      expect.stringMatching(
        /^4:40 region "ca-central-1" is not one where Rekognition Custom Labels is offered \(us-east-1, /,
      ),
    ]);
    expect(located(r.diagnostics, 'error')).toEqual([]);
  });

  it('checks a defaults region against the services of the models that take it', () => {
    const r = parse([
      'version: 1',
      'defaults: { timezone: UTC, region: eu-west-2 }',
      'models:',
      `  - { project: a, version: 1, windows: ${WINDOW} }`,
      `  - { project: b, version: v1, service: rekognition, windows: ${WINDOW} }`,
    ]);
    // eu-west-2 has Custom Labels but never had Lookout for Vision.
    expect(located(r.diagnostics, 'warning')).toEqual([
      expect.stringMatching(/^2:36 region "eu-west-2" is not one where Lookout for Vision was offered/),
    ]);
  });

  it('lists Custom Labels regions that include every Lookout for Vision region but not Rekognition-only ones', () => {
    expect(REKOGNITION_CUSTOM_LABELS_REGIONS).toContain('us-east-1');
    expect(REKOGNITION_CUSTOM_LABELS_REGIONS).not.toContain('ca-central-1');
    expect(REKOGNITION_CUSTOM_LABELS_REGIONS).not.toContain('us-gov-west-1');
  });
});
