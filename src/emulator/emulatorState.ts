import { checkServiceQuotas } from './checkServiceQuotas.js';
import { ClientTokenCache } from './clientTokenCache.js';
import { conflict, resourceNotFound } from './emulatedServiceError.js';
import type { EmulatorAssumptions } from './emulatorAssumptions.js';
import type {
  HostingCallResult,
  ModelHistory,
  ModelRef,
  ModelSnapshot,
  ProjectSnapshot,
  SeedModel,
  ServiceQuotaLimits,
  StartModelCall,
  StatusChange,
  StopModelCall,
} from './emulatorStateTypes.js';

export type { ModelStatus } from './emulatorAssumptions.js';
// What EmulatorState takes and answers, importable from here as before.
export type * from './emulatorStateTypes.js';

export interface EmulatorStateOptions {
  readonly accountId: string;
  readonly serviceQuotas?: ServiceQuotaLimits;
  readonly startMs: number;
  readonly stopMs: number;
  readonly assumptions: EmulatorAssumptions;
  /** Asked once per accepted start: true makes this start end in HOSTING_FAILED (fault injection). */
  readonly hostingFails?: (ref: ModelRef) => boolean;
}

export const statusMessages = {
  seeded: 'Training completed successfully.',
  starting: 'Hosting starting.',
  hosted: 'Model is hosted.',
  failed: 'Hosting failed (injected by the emulator).',
  stopping: 'Hosting stopping.',
  stopped: 'Hosting stopped.',
} as const;

interface ModelRecord {
  readonly ref: ModelRef;
  readonly createdAt: number;
  readonly description: string | undefined;
  readonly history: StatusChange[];
  pending: StatusChange | undefined;
}

interface ProjectRecord {
  readonly region: string;
  readonly name: string;
  readonly createdAt: number;
  readonly models: Map<string, ModelRecord>;
}

const key = (...parts: string[]): string => parts.join('\u0000');
const current = (model: ModelRecord): StatusChange => model.history[model.history.length - 1] as StatusChange;
const byVersion = (a: ModelRecord, b: ModelRecord): number => Number(a.ref.version) - Number(b.ref.version);

export const modelArn = (accountId: string, ref: ModelRef): string =>
  `arn:aws:lookoutvision:${ref.region}:${accountId}:model/${ref.project}/${ref.version}`;
export const projectArn = (accountId: string, region: string, project: string): string =>
  `arn:aws:lookoutvision:${region}:${accountId}:project/${project}`;

/**
 * The service's state: projects, models, their status histories and remembered client tokens.
 * No I/O and no clock of its own: every method takes `now` (epoch ms). Transitions are computed
 * lazily, so a virtual clock may jump any distance: a model started at t0 is HOSTED at any
 * `now >= t0 + startMs`, and its history says HOSTED at exactly t0 + startMs.
 * A clock that goes backwards is treated as standing still.
 */
export class EmulatorState {
  private readonly projects = new Map<string, ProjectRecord>();
  private readonly tokens: ClientTokenCache<HostingCallResult>;
  private lastNow = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: EmulatorStateOptions) {
    this.tokens = new ClientTokenCache(options.assumptions);
  }

  get accountId(): string {
    return this.options.accountId;
  }

  /** Creates the projects and TRAINED models that do not exist yet; existing ones are left as they are. */
  seed(models: readonly SeedModel[], defaultRegion: string, now: number): ModelSnapshot[] {
    const t = this.time(now);
    return models.map((seed) => {
      const region = seed.region ?? defaultRegion;
      const createdAt = seed.createdAt ?? t;
      const projectKey = key(region, seed.project);
      let project = this.projects.get(projectKey);
      if (!project) {
        project = { region, name: seed.project, createdAt, models: new Map() };
        this.projects.set(projectKey, project);
      }
      let model = project.models.get(seed.version);
      if (!model) {
        model = {
          ref: { region, project: seed.project, version: seed.version },
          createdAt,
          description: seed.description,
          history: [
            { at: createdAt, status: 'TRAINED', statusMessage: statusMessages.seeded, cause: 'seeded' },
          ],
          pending: undefined,
        };
        project.models.set(seed.version, model);
      }
      return this.snapshot(model, t);
    });
  }

  listProjects(region: string, now: number): ProjectSnapshot[] {
    this.time(now);
    return [...this.projects.values()]
      .filter((p) => p.region === region)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((p) => this.projectSnapshot(p));
  }

  describeProject(region: string, project: string, now: number): ProjectSnapshot {
    this.time(now);
    return this.projectSnapshot(this.project(region, project));
  }

  /** The project's models in ascending version order. */
  listModels(region: string, project: string, now: number): ModelSnapshot[] {
    const t = this.time(now);
    return [...this.project(region, project).models.values()].sort(byVersion).map((m) => this.snapshot(m, t));
  }

  describeModel(ref: ModelRef, now: number): ModelSnapshot {
    const t = this.time(now);
    return this.snapshot(this.model(ref), t);
  }

  startModel(call: StartModelCall, now: number): HostingCallResult {
    const t = this.time(now);
    const model = this.model(call);
    this.settle(model, t);
    const { ref } = model;
    const fingerprint = JSON.stringify([
      'StartModel',
      ref.project,
      ref.version,
      call.minInferenceUnits,
      call.maxInferenceUnits ?? null,
    ]);
    const description =
      `StartModel of ${ref.project} version ${ref.version} with MinInferenceUnits ${call.minInferenceUnits}` +
      (call.maxInferenceUnits === undefined ? '' : ` and MaxInferenceUnits ${call.maxInferenceUnits}`);
    const replay = this.tokens.replay(call.clientToken, ref, fingerprint, t);
    if (replay) return replay;

    const { status } = current(model);
    let result: HostingCallResult;
    if (status === 'TRAINED' || status === 'HOSTING_FAILED') {
      checkServiceQuotas(this.options.serviceQuotas ?? {}, call, () => this.activeModelsIn(call.region, t));
      const units = {
        minInferenceUnits: call.minInferenceUnits,
        ...(call.maxInferenceUnits === undefined ? {} : { maxInferenceUnits: call.maxInferenceUnits }),
      };
      model.history.push({
        at: t,
        status: 'STARTING_HOSTING',
        statusMessage: statusMessages.starting,
        cause: 'StartModel',
        ...units,
        ...(call.clientToken === undefined ? {} : { clientToken: call.clientToken }),
      });
      const fails = this.options.hostingFails?.(ref) ?? false;
      const failAfter = this.options.assumptions.hostingFailureAfterMs ?? this.options.startMs;
      model.pending = fails
        ? {
            at: t + failAfter,
            status: 'HOSTING_FAILED',
            statusMessage: statusMessages.failed,
            cause: 'hostingFailed',
          }
        : {
            at: t + this.options.startMs,
            status: 'HOSTED',
            statusMessage: statusMessages.hosted,
            cause: 'hostingCompleted',
            ...units,
          };
      this.settle(model, t);
      result = { status: 'STARTING_HOSTING', replayed: false };
    } else if (
      (status === 'STARTING_HOSTING' || status === 'HOSTED' || status === 'STOPPING_HOSTING') &&
      !this.options.assumptions.conflictOnStartWhenActive
    ) {
      result = { status, replayed: false };
    } else {
      throw conflict(
        'MODEL',
        ref.version,
        `Model ${ref.version} of project ${ref.project} is ${status}: StartModel needs TRAINED or HOSTING_FAILED ` +
          '(emulator assumption conflictOnStartWhenActive)',
      );
    }
    this.tokens.remember(call.clientToken, ref, { at: t, fingerprint, description, result });
    return result;
  }

  stopModel(call: StopModelCall, now: number): HostingCallResult {
    const t = this.time(now);
    const model = this.model(call);
    this.settle(model, t);
    const { ref } = model;
    const fingerprint = JSON.stringify(['StopModel', ref.project, ref.version]);
    const description = `StopModel of ${ref.project} version ${ref.version}`;
    const replay = this.tokens.replay(call.clientToken, ref, fingerprint, t);
    if (replay) return replay;

    const last = current(model);
    const lenient = !this.options.assumptions.conflictOnStopWhenNotHosted;
    let result: HostingCallResult;
    if (last.status === 'STOPPING_HOSTING' && lenient) {
      result = { status: 'STOPPING_HOSTING', replayed: false };
    } else if (
      last.status === 'HOSTED' ||
      (lenient && ['TRAINED', 'HOSTING_FAILED', 'STARTING_HOSTING'].includes(last.status))
    ) {
      model.history.push({
        at: t,
        status: 'STOPPING_HOSTING',
        statusMessage: statusMessages.stopping,
        cause: 'StopModel',
        ...(last.minInferenceUnits === undefined ? {} : { minInferenceUnits: last.minInferenceUnits }),
        ...(last.maxInferenceUnits === undefined ? {} : { maxInferenceUnits: last.maxInferenceUnits }),
        ...(call.clientToken === undefined ? {} : { clientToken: call.clientToken }),
      });
      model.pending = {
        at: t + this.options.stopMs,
        status: 'TRAINED',
        statusMessage: statusMessages.stopped,
        cause: 'stoppingCompleted',
      };
      this.settle(model, t);
      result = { status: 'STOPPING_HOSTING', replayed: false };
    } else {
      throw conflict(
        'MODEL',
        ref.version,
        `Model ${ref.version} of project ${ref.project} is ${last.status}: StopModel needs HOSTED ` +
          '(emulator assumption conflictOnStopWhenNotHosted)',
      );
    }
    this.tokens.remember(call.clientToken, ref, { at: t, fingerprint, description, result });
    return result;
  }

  /** Every model, settled to `now`, in region/project/version order. */
  models(now: number): ModelSnapshot[] {
    const t = this.time(now);
    return this.allModels().map((m) => this.snapshot(m, t));
  }

  /** Every model's status history up to `now` (transitions due by `now` are included at their instants). */
  history(now: number): ModelHistory[] {
    const t = this.time(now);
    return this.allModels().map((m) => {
      this.settle(m, t);
      return { ...m.ref, arn: modelArn(this.accountId, m.ref), events: [...m.history] };
    });
  }

  /** Models starting, hosted or stopping in `region` at `t`. */
  private activeModelsIn(region: string, t: number): number {
    return this.allModels().filter((m) => {
      if (m.ref.region !== region) return false;
      this.settle(m, t);
      return ['STARTING_HOSTING', 'HOSTED', 'STOPPING_HOSTING'].includes(current(m).status);
    }).length;
  }

  private allModels(): ModelRecord[] {
    return [...this.projects.values()]
      .sort((a, b) => key(a.region, a.name).localeCompare(key(b.region, b.name)))
      .flatMap((p) => [...p.models.values()].sort(byVersion));
  }

  private time(now: number): number {
    this.lastNow = Math.max(this.lastNow, now);
    return this.lastNow;
  }

  private settle(model: ModelRecord, t: number): void {
    const due = model.pending;
    if (due && due.at <= t) {
      model.history.push(due);
      model.pending = undefined;
    }
  }

  private project(region: string, name: string): ProjectRecord {
    const project = this.projects.get(key(region, name));
    if (!project) {
      throw resourceNotFound('PROJECT', name, `Project ${name} does not exist in ${region}`);
    }
    return project;
  }

  private model(ref: ModelRef): ModelRecord {
    const project = this.project(ref.region, ref.project);
    let version = ref.version;
    if (version === 'latest' && this.options.assumptions.resolveLatestVersion) {
      const latest = [...project.models.values()].sort(byVersion).at(-1);
      if (latest) version = latest.ref.version;
    }
    const model = project.models.get(version);
    if (!model) {
      throw resourceNotFound(
        'MODEL',
        ref.version,
        `Model version ${ref.version} does not exist in project ${ref.project}`,
      );
    }
    return model;
  }

  private projectSnapshot(p: ProjectRecord): ProjectSnapshot {
    return {
      region: p.region,
      name: p.name,
      arn: projectArn(this.accountId, p.region, p.name),
      createdAt: p.createdAt,
    };
  }

  private snapshot(model: ModelRecord, t: number): ModelSnapshot {
    this.settle(model, t);
    const last = current(model);
    return {
      ...model.ref,
      arn: modelArn(this.accountId, model.ref),
      createdAt: model.createdAt,
      ...(model.description === undefined ? {} : { description: model.description }),
      status: last.status,
      statusMessage: last.statusMessage,
      ...(last.minInferenceUnits === undefined ? {} : { minInferenceUnits: last.minInferenceUnits }),
      ...(last.maxInferenceUnits === undefined ? {} : { maxInferenceUnits: last.maxInferenceUnits }),
    };
  }
}
