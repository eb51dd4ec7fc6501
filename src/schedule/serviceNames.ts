/**
 * The hosting services a schedule file can name (`service:`), and which project and version names
 * each accepts, from the constraints generated out of the service models (aws-models/*.json).
 */
import type { ShapeConstraints } from '../serviceModel/shapeConstraints.js';
import { LOOKOUTVISION, REKOGNITION } from './serviceConstraints.generated.js';
import { show } from './structureIssues.js';

/** The services a model can be hosted by; `lookoutvision` when the file does not say. */
export const SERVICES = ['lookoutvision', 'rekognition'] as const;

/** A hosting service, as the schedule file names it. */
export type ServiceName = (typeof SERVICES)[number];

/** The service of a model that names none (so every file written before `service:` keeps its meaning). */
export const DEFAULT_SERVICE: ServiceName = 'lookoutvision';

/** How messages name each service. */
export const SERVICE_TITLES: Readonly<Record<ServiceName, string>> = {
  lookoutvision: 'Lookout for Vision',
  rekognition: 'Rekognition Custom Labels',
};

/**
 * Regions where Rekognition Custom Labels is offered. The service model does not list regions;
 * this is the list of the Custom Labels Developer Guide ("Supported Regions", which points to
 * https://docs.aws.amazon.com/general/latest/gr/rekognition.html) as of 2026: Rekognition's
 * other APIs are in more regions (ca-central-1, GovCloud, ...) where Custom Labels is not.
 */
export const REKOGNITION_CUSTOM_LABELS_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ap-northeast-2',
] as const;

/** The `project` and `version` constraints of each service's model. */
export const NAME_CONSTRAINTS: Readonly<
  Record<ServiceName, { readonly project: ShapeConstraints; readonly version: ShapeConstraints }>
> = {
  lookoutvision: { project: LOOKOUTVISION.ProjectName, version: LOOKOUTVISION.ModelVersion },
  rekognition: { project: REKOGNITION.ProjectName, version: REKOGNITION.VersionName },
};

/** Which field of a model a name is. */
export type NameField = 'project' | 'version';

/** Whether `value` satisfies the length and pattern of `field` in `service`'s model. */
export function acceptsName(service: ServiceName, field: NameField, value: string): boolean {
  const c = NAME_CONSTRAINTS[service][field];
  if (c.minLength !== undefined && value.length < c.minLength) return false;
  if (c.maxLength !== undefined && value.length > c.maxLength) return false;
  return c.pattern === undefined || new RegExp(c.pattern).test(value);
}

/** What a service requires of a name, as messages state it: the pattern and the length. */
export function describeName(service: ServiceName, field: NameField): string {
  const c = NAME_CONSTRAINTS[service][field];
  return `${c.pattern ?? 'any text'}, ${c.minLength ?? 0}-${c.maxLength ?? 'any'} characters`;
}

/** A pattern that any service's name for `field` matches (the schema's first, service-blind check). */
export function anyServicePattern(field: NameField): string {
  return SERVICES.map((s) => `(?:${NAME_CONSTRAINTS[s][field].pattern ?? '.*'})`).join('|');
}

/** The longest name for `field` that some service accepts. */
export function longestName(field: NameField): number {
  return Math.max(...SERVICES.map((s) => NAME_CONSTRAINTS[s][field].maxLength ?? Number.MAX_SAFE_INTEGER));
}

/**
 * Why `service` rejects the name, or null when it accepts it. When another service would accept
 * it, the message says so (a `version: v1.2` in a Lookout for Vision entry is most likely a
 * Custom Labels model missing `service: rekognition`).
 */
export function rejectName(service: ServiceName, field: NameField, value: string): string | null {
  if (acceptsName(service, field, value)) return null;
  const others = SERVICES.filter((s) => s !== service && acceptsName(s, field, value));
  const what = field === 'project' ? 'project name' : 'version';
  const hint =
    others.length === 0
      ? ''
      : `; it would be valid for ${others.join(', ')}: add \`service: ${others[0]}\` if this is a ${SERVICE_TITLES[others[0] as ServiceName]} model`;
  return `${field} ${show(value)} is not a ${SERVICE_TITLES[service]} ${what} (${describeName(service, field)})${hint}`;
}
