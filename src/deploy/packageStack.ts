/**
 * What `serverless package` runs (through src/deploy/serverlessPlugin.cjs): read and validate the
 * schedule file exactly as `lvsched validate` does, generate the stack's schedule-dependent part,
 * and build the function artifacts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { formatDiagnostic, parseSchedule, ScheduleFileError } from '../schedule/parseSchedule.js';
import type { Schedule } from '../schedule/types.js';
import { type Artifact, buildArtifacts } from './buildArtifacts.js';
import { type GeneratedStack, scheduleName, stackResources } from './stackResources.js';

export interface PackageRequest {
  readonly serviceDir: string;
  /** As configured (relative to the service): diagnostics name the file this way. */
  readonly scheduleFile: string;
  /** The stack's region: models the file gives no region run there. */
  readonly region: string;
  readonly service: string;
  readonly stage: string;
  readonly now: number;
  /** METRICS_NAMESPACE as serverless.yml gives it to the functions (the dashboard graphs it). */
  readonly metricsNamespace?: string;
}

export interface PreparedStack {
  readonly schedule: Schedule;
  /** Model ids per edge schedule name (the every-minute schedule, for every model, is not listed). */
  readonly edgeSchedules: Readonly<Record<string, readonly string[]>>;
  readonly stack: GeneratedStack;
  /** Warnings from the file, formatted `FILE:LINE:COL: warning: ...`, then notes on the stack. */
  readonly messages: readonly string[];
}

/** Validates the schedule file (throws a ScheduleFileError with every located error) and generates. */
export function prepareStack(request: PackageRequest): PreparedStack {
  let text: string;
  try {
    text = readFileSync(resolve(request.serviceDir, request.scheduleFile), 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read schedule file ${request.scheduleFile}: ${code === 'ENOENT' ? 'no such file' : String(code ?? cause)}`,
      { cause },
    );
  }
  const result = parseSchedule(text, {
    file: request.scheduleFile,
    now: request.now,
    defaultRegion: request.region,
    stackRegion: request.region,
  });
  if (result.schedule === null) throw new ScheduleFileError(result.diagnostics);
  const schedule = result.schedule;
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').map(formatDiagnostic);
  const stack = stackResources(
    schedule,
    { service: request.service, stage: request.stage },
    {
      now: request.now,
      ...(request.metricsNamespace === undefined ? {} : { metricsNamespace: request.metricsNamespace }),
    },
  );
  const edgeSchedules = Object.fromEntries(
    stack.plan.schedules.filter((p) => p.role !== 'every-minute').map((p) => [scheduleName(p), p.models]),
  );
  return { schedule, edgeSchedules, stack, messages: [...warnings, ...stack.notes] };
}

export async function buildFunctionArtifacts(
  request: Pick<PackageRequest, 'serviceDir'> & {
    outDir: string;
    zipDir?: string;
    schedule: Schedule;
    edgeSchedules?: Readonly<Record<string, readonly string[]>>;
  },
): Promise<Artifact[]> {
  const { artifacts } = await buildArtifacts(request);
  return artifacts;
}

/** For the plugin, once osls has compiled the functions' role. */
export { scopeLogStatements } from './stackResources.js';
export { ScheduleFileError };
