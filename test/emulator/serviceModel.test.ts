import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createOperationMatcher } from '../../src/emulator/createOperationMatcher.js';
import { readOperationInput } from '../../src/emulator/readOperationInput.js';
import {
  defaultServiceModelPath,
  loadServiceModel,
  parseServiceModel,
} from '../../src/emulator/serviceModel.js';
import { LOOKOUTVISION } from '../../src/schedule/serviceConstraints.generated.js';
import { constraintViolation } from '../../src/serviceModel/shapeConstraints.js';

const model = loadServiceModel();
const match = createOperationMatcher(model);

const request = (
  labels: Record<string, string>,
  body = '',
  headers: Record<string, string> = {},
  query = '',
) => ({
  labels,
  query: new URLSearchParams(query),
  headers,
  body,
});

/**
 * A Smithy model of service x#S with one operation `x#NAME` (HTTP `http`, answering 200) whose input
 * is the structure x#In, which `shapes` defines with whatever it refers to.
 */
const oneOperationModel = (
  name: string,
  http: { method: string; uri: string },
  shapes: Record<string, unknown>,
) =>
  parseServiceModel({
    smithy: '2.0',
    shapes: {
      'x#S': { type: 'service', version: '1', operations: [{ target: `x#${name}` }] },
      [`x#${name}`]: {
        type: 'operation',
        input: { target: 'x#In' },
        traits: { 'smithy.api#http': { ...http, code: 200 } },
      },
      ...shapes,
    },
  });

describe('the service model file', () => {
  it('is read with its service facts', () => {
    expect([model.serviceName, model.version, model.signingName]).toEqual([
      'LookoutVisionService',
      '2020-11-20',
      'lookoutvision',
    ]);
    expect(model.errors.get('ThrottlingException')).toMatchObject({ httpStatus: 429, fault: 'client' });
    expect(model.operations.get('ListModels')?.paginated).toEqual({
      inputToken: 'NextToken',
      outputToken: 'NextToken',
      items: 'Models',
      pageSize: 'MaxResults',
    });
  });

  it('routes every operation back to itself from its own @http uri', () => {
    for (const operation of model.operations.values()) {
      const path = operation.http.uri.replace(/\{([^}]+)\}/g, (_, name: string) => `v-${name}`);
      const found = match(operation.http.method, path);
      expect(found?.operation.name).toBe(operation.name);
    }
  });

  it('decodes labels and tells the ListModels, DescribeModel and StartModel paths apart', () => {
    expect(match('GET', '/2020-11-20/projects/line%2Da/models')?.operation.name).toBe('ListModels');
    expect(match('GET', '/2020-11-20/projects/line-a/models/1')).toMatchObject({
      operation: { name: 'DescribeModel' },
      labels: { ProjectName: 'line-a', ModelVersion: '1' },
    });
    expect(match('POST', '/2020-11-20/projects/a/models/1/start')?.operation.name).toBe('StartModel');
    expect(match('GET', '/2020-11-20/projects//models')).toBeUndefined();
    expect(match('PATCH', '/2020-11-20/projects')).toBeUndefined();
  });
});

describe('readOperationInput', () => {
  const start = model.operations.get('StartModel');
  if (!start) throw new Error('StartModel missing from the model');

  it('reads labels, the token header and body members by their binding traits', () => {
    const { input, violations } = readOperationInput(
      model,
      start,
      request(
        { ProjectName: 'line-a', ModelVersion: '3' },
        '{"MinInferenceUnits":2,"MaxInferenceUnits":5,"Extra":1}',
        { 'x-amzn-client-token': 'open-1' },
      ),
    );
    expect(violations).toEqual([]);
    expect(input).toEqual({
      ProjectName: 'line-a',
      ModelVersion: '3',
      MinInferenceUnits: 2,
      MaxInferenceUnits: 5,
      ClientToken: 'open-1',
    });
  });

  it('converts query integers and reports text that is not one', () => {
    const list = model.operations.get('ListModels');
    if (!list) throw new Error('ListModels missing');
    expect(
      readOperationInput(model, list, request({ ProjectName: 'p' }, '', {}, 'maxResults=7')).input,
    ).toEqual({
      ProjectName: 'p',
      MaxResults: 7,
    });
    expect(
      readOperationInput(model, list, request({ ProjectName: 'p' }, '', {}, 'maxResults=x')).violations,
    ).toEqual(["Value 'x' at 'MaxResults' failed to satisfy constraint: Member must be a number"]);
  });

  it('takes its constraints from the model file, not from code', () => {
    const document = JSON.parse(readFileSync(defaultServiceModelPath, 'utf8'));
    document.shapes['com.amazonaws.lookoutvision#ModelVersion'].traits['smithy.api#pattern'] = '^v[0-9]+$';
    document.shapes['com.amazonaws.lookoutvision#InferenceUnits'].traits['smithy.api#range'] = {
      min: 1,
      max: 3,
    };
    const edited = parseServiceModel(document);
    const op = edited.operations.get('StartModel');
    if (!op) throw new Error('StartModel missing');
    const { violations } = readOperationInput(
      edited,
      op,
      request({ ProjectName: 'p', ModelVersion: '1' }, '{"MinInferenceUnits":4}'),
    );
    expect(violations).toEqual([
      "Value '1' at 'ModelVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: ^v[0-9]+$",
      "Value '4' at 'MinInferenceUnits' failed to satisfy constraint: Member must have value less than or equal to 3",
    ]);
  });

  it('supports greedy labels', () => {
    const tiny = oneOperationModel(
      'Get',
      { method: 'GET', uri: '/files/{Key+}' },
      {
        'x#In': {
          type: 'structure',
          members: {
            Key: {
              target: 'smithy.api#String',
              traits: { 'smithy.api#httpLabel': {}, 'smithy.api#required': {} },
            },
          },
        },
      },
    );
    expect(createOperationMatcher(tiny)('GET', '/files/a/b%20c')?.labels).toEqual({ Key: 'a/b c' });
  });

  it('validates with the constraints the generated file states: one reader for both', () => {
    const start = model.operations.get('StartModel');
    if (!start) throw new Error('StartModel missing');
    const cases: [keyof typeof LOOKOUTVISION, string, string | number][] = [
      ['ProjectName', 'ProjectName', 'line-a'],
      ['ProjectName', 'ProjectName', '-line'],
      ['ProjectName', 'ProjectName', 'x'.repeat(256)],
      ['ModelVersion', 'ModelVersion', '0'],
      ['ModelVersion', 'ModelVersion', '12'],
      ['ClientToken', 'ClientToken', 'a_b'],
      ['ClientToken', 'ClientToken', 'a'.repeat(65)],
      ['InferenceUnits', 'MinInferenceUnits', 0],
      ['InferenceUnits', 'MinInferenceUnits', 3],
    ];
    for (const [shape, member, value] of cases) {
      const values: Record<string, string | number> = {
        ProjectName: 'p',
        ModelVersion: '1',
        ClientToken: 't',
        MinInferenceUnits: 1,
        [member]: value,
      };
      const { violations } = readOperationInput(
        model,
        start,
        request(
          { ProjectName: String(values.ProjectName), ModelVersion: String(values.ModelVersion) },
          JSON.stringify({ MinInferenceUnits: values.MinInferenceUnits }),
          { 'x-amzn-client-token': String(values.ClientToken) },
        ),
      );
      const expected = constraintViolation(LOOKOUTVISION[shape], value) !== undefined;
      expect([member, value, violations.length > 0]).toEqual([member, value, expected]);
    }
  });

  it('lets a member narrow its target and reads Smithy 1 @enum strings', () => {
    const tiny = oneOperationModel(
      'Put',
      { method: 'POST', uri: '/put' },
      {
        'x#Name': { type: 'string', traits: { 'smithy.api#length': { min: 1, max: 10 } } },
        'x#Color': { type: 'string', traits: { 'smithy.api#enum': [{ value: 'RED' }, { value: 'BLUE' }] } },
        'x#In': {
          type: 'structure',
          members: {
            Name: { target: 'x#Name', traits: { 'smithy.api#length': { max: 3 } } },
            Color: { target: 'x#Color' },
          },
        },
      },
    );
    const put = tiny.operations.get('Put');
    if (!put) throw new Error('Put missing');
    expect(
      readOperationInput(tiny, put, request({}, JSON.stringify({ Name: 'abcd', Color: 'GREEN' }))).violations,
    ).toEqual([
      "Value 'abcd' at 'Name' failed to satisfy constraint: Member must have length less than or equal to 3",
      "Value 'GREEN' at 'Color' failed to satisfy constraint: Member must satisfy enum value set: [RED, BLUE]",
    ]);
  });
});
