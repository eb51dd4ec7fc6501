/**
 * Least-privilege IAM statements for the hosting services the schedule file names: Lookout for
 * Vision statements only for its Lookout for Vision models, Rekognition statements only for its
 * Custom Labels models, each on the exact ARNs of the file's models while they fit the inline
 * policy size, and widened per project, then per region, when they do not.
 */
import type { ModelSchedule, Schedule } from '../schedule/types.js';
import type { CfnValue, IamStatement } from './stackResources.js';

/** How tightly model ARNs are scoped. */
export type IamScope = 'models' | 'projects' | 'regions';

/** Characters of model and project ARNs an inline role policy may spend (IAM allows 10,240 in all). */
const IAM_ARN_BUDGET = 7000;
/** What each ARN costs besides its path: the Fn::Sub text around it, quotes and commas. */
const ARN_OVERHEAD = 60;

// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder.
const regionOf = (r: string | null) => r ?? '${AWS::Region}';
const arn = (service: string, r: string | null, path: string): CfnValue => ({
  'Fn::Sub': `arn:\${AWS::Partition}:${service}:${regionOf(r)}:\${AWS::AccountId}:${path}`,
});
const unique = <T>(items: readonly T[], key: (t: T) => string) => [
  ...new Map(items.map((i) => [key(i), i])).values(),
];

/** One service's resource paths (`model/P/V`, `project/P`, ...) by region, at one scope. */
interface Grant {
  readonly actions: readonly string[];
  /** [region, resource path] pairs. */
  readonly resources: (scope: IamScope) => readonly (readonly [string | null, string])[];
}

function lookoutVisionGrants(models: readonly ModelSchedule[]): Grant[] {
  const versions = unique(models, (m) => `${m.region}|${m.project}|${m.version}`);
  const projects = unique(models, (m) => `${m.region}|${m.project}`);
  const regions = unique(models, (m) => `${m.region}`);
  return [
    {
      actions: ['lookoutvision:StartModel', 'lookoutvision:StopModel', 'lookoutvision:DescribeModel'],
      resources: (scope) =>
        scope === 'models'
          ? // `latest` is resolved to a numbered version at run time: its ARN is not model/P/latest.
            unique(
              versions.map(
                (m) => [m.region, `model/${m.project}/${m.version === 'latest' ? '*' : m.version}`] as const,
              ),
              ([r, p]) => `${r}|${p}`,
            )
          : scope === 'projects'
            ? projects.map((m) => [m.region, `model/${m.project}/*`] as const)
            : regions.map((m) => [m.region, 'model/*'] as const),
    },
    {
      actions: ['lookoutvision:ListModels'],
      resources: (scope) =>
        scope === 'regions'
          ? regions.map((m) => [m.region, 'project/*'] as const)
          : projects.map((m) => [m.region, `project/${m.project}`] as const),
    },
  ];
}

function rekognitionGrants(models: readonly ModelSchedule[]): Grant[] {
  const versions = unique(models, (m) => `${m.region}|${m.project}|${m.version}`);
  const projects = unique(models, (m) => `${m.region}|${m.project}`);
  const regions = unique(models, (m) => `${m.region}`);
  return [
    {
      // Version ARNs end in their creation time, which the stack cannot know: hence the final `*`.
      actions: ['rekognition:StartProjectVersion', 'rekognition:StopProjectVersion'],
      resources: (scope) =>
        scope === 'models'
          ? versions.map((m) => [m.region, `project/${m.project}/version/${m.version}/*`] as const)
          : scope === 'projects'
            ? projects.map((m) => [m.region, `project/${m.project}/version/*`] as const)
            : regions.map((m) => [m.region, 'project/*'] as const),
    },
    {
      actions: ['rekognition:DescribeProjectVersions'],
      resources: (scope) =>
        scope === 'regions'
          ? regions.map((m) => [m.region, 'project/*'] as const)
          : projects.map((m) => [m.region, `project/${m.project}/*`] as const),
    },
  ];
}

/** The statements for every model of the file, and the scope their ARNs fit in. */
export function modelStatements(schedule: Schedule): { statements: IamStatement[]; scope: IamScope } {
  const lookoutvision = schedule.models.filter((m) => m.service === 'lookoutvision');
  const rekognition = schedule.models.filter((m) => m.service === 'rekognition');
  const grants: { service: string; grants: Grant[] }[] = [];
  if (lookoutvision.length > 0)
    grants.push({ service: 'lookoutvision', grants: lookoutVisionGrants(lookoutvision) });
  if (rekognition.length > 0) grants.push({ service: 'rekognition', grants: rekognitionGrants(rekognition) });
  const size = (scope: IamScope) =>
    grants
      .flatMap((g) => g.grants)
      .flatMap((g) => g.resources(scope))
      .reduce((n, [, path]) => n + path.length + ARN_OVERHEAD, 0);
  const scope: IamScope =
    size('models') <= IAM_ARN_BUDGET ? 'models' : size('projects') <= IAM_ARN_BUDGET ? 'projects' : 'regions';
  const statements: IamStatement[] = grants.flatMap(({ service, grants: list }) =>
    list.map((g) => ({
      Effect: 'Allow' as const,
      Action: [...g.actions],
      Resource: g.resources(scope).map(([r, path]) => arn(service, r, path)),
    })),
  );
  if (rekognition.length > 0) {
    // AWS authorises DescribeProjects on `*` only (it lists the projects of the account).
    statements.push({ Effect: 'Allow', Action: ['rekognition:DescribeProjects'], Resource: '*' });
  }
  return { statements, scope };
}
