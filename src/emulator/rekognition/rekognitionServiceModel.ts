import { readFileSync } from 'node:fs';
import {
  localName,
  type OperationModel,
  operationModel,
  parseServiceModel,
  type ServiceModel,
} from '../serviceModel.js';

export const rekognitionModelPath = new URL('../../../aws-models/rekognition.json', import.meta.url);

/** The Smithy model read for an awsJson1_1 service: shapes and errors from the shared reader, plus its
 * operations (which carry no `@http` trait, so the restJson reader skips them). */
export interface AwsJsonServiceModel {
  readonly model: ServiceModel;
  /** e.g. `RekognitionService`: the prefix of X-Amz-Target. */
  readonly targetPrefix: string;
  readonly operations: ReadonlyMap<string, OperationModel>;
}

interface RawOperation {
  type: string;
  input?: { target: string };
  output?: { target: string };
  errors?: { target: string }[];
  traits?: Record<string, unknown>;
}

const cache = new Map<string, AwsJsonServiceModel>();

/** Reads an awsJson service model file (cached per path). */
export function loadAwsJsonServiceModel(path: string | URL = rekognitionModelPath): AwsJsonServiceModel {
  const key = path.toString();
  const cached = cache.get(key);
  if (cached) return cached;
  // One read and parse of the 744 KB file: the model's constraints and its operation list.
  const document = JSON.parse(readFileSync(path, 'utf8')) as { shapes: Record<string, RawOperation> };
  const model = parseServiceModel(document, key);
  const shapes = document.shapes;
  const serviceId = Object.keys(shapes).find((id) => shapes[id]?.type === 'service') as string;
  const operations = new Map<string, OperationModel>();
  for (const [id, raw] of Object.entries(shapes)) {
    if (raw.type !== 'operation') continue;
    // awsJson1_1: every operation is POST / with the operation named in X-Amz-Target.
    operations.set(localName(id), operationModel(id, raw, { method: 'POST', uri: '/', code: 200 }));
  }
  const result = { model, targetPrefix: localName(serviceId), operations };
  cache.set(key, result);
  return result;
}
