/**
 * What `simulate` reads from and does to the in-process emulator, for either service: the one place
 * that knows a Custom Labels version lives in the emulator's Rekognition runtime (by ARN, with
 * Rekognition's operation names) and a Lookout for Vision model in its state (by name).
 */
import type { CallLogEntry, EmulatorHandle } from '../emulator/index.js';
import type { HostService } from '../ports.js';

export interface EmulatedModel {
  readonly service: HostService;
  readonly region: string;
  readonly project: string;
  readonly version: string;
}

/** A billed interval: epoch ms, at this many inference units. */
export interface BilledSpan {
  readonly from: number;
  readonly to: number;
  readonly inferenceUnits: number;
}

/** The service's start and stop operations, as the call log names them, and a start's success code. */
export const START_STOP: Readonly<
  Record<HostService, { readonly start: string; readonly stop: string; readonly accepted: number }>
> = {
  lookoutvision: { start: 'StartModel', stop: 'StopModel', accepted: 202 },
  rekognition: { start: 'StartProjectVersion', stop: 'StopProjectVersion', accepted: 200 },
};

const same = (a: EmulatedModel, b: { region: string; project: string; version: string }) =>
  a.region === b.region && a.project === b.project && a.version === b.version;

function versionArn(emulator: EmulatorHandle, m: EmulatedModel): string {
  const v = emulator.runtime.rekognition.allVersions().find((x) => same(m, x));
  if (v === undefined) throw new Error(`The project version ${m.project}/${m.version} does not exist`);
  return v.arn;
}

/**
 * Starts a model straight in the emulator's state, past faults and quota (a warm start, an operator
 * at the console); throws the service's error as the API would answer it.
 */
export function startInState(
  emulator: EmulatorHandle,
  m: EmulatedModel,
  units: { readonly min: number; readonly max: number | null },
  now: number,
  clientToken?: string,
): void {
  if (m.service === 'rekognition') {
    emulator.runtime.rekognition.start(m.region, versionArn(emulator, m), units.min, units.max ?? undefined);
    return;
  }
  emulator.runtime.state.startModel(
    {
      region: m.region,
      project: m.project,
      version: m.version,
      minInferenceUnits: units.min,
      ...(units.max === null ? {} : { maxInferenceUnits: units.max }),
      ...(clientToken === undefined ? {} : { clientToken }),
    },
    now,
  );
}

/** Stops a model straight in the emulator's state (an operator at the console). */
export function stopInState(
  emulator: EmulatorHandle,
  m: EmulatedModel,
  now: number,
  clientToken: string,
): void {
  if (m.service === 'rekognition') {
    emulator.runtime.rekognition.stop(m.region, versionArn(emulator, m));
    return;
  }
  emulator.runtime.state.stopModel(
    { region: m.region, project: m.project, version: m.version, clientToken },
    now,
  );
}

/** Both services' call logs, Lookout for Vision's first, each with its service. */
export function serviceCalls(
  emulator: EmulatorHandle,
): readonly { readonly service: HostService; readonly call: CallLogEntry }[] {
  return [
    ...emulator.callLog().map((call) => ({ service: 'lookoutvision' as const, call })),
    ...emulator.runtime.rekognition.callLog().map((call) => ({ service: 'rekognition' as const, call })),
  ];
}

/**
 * What the emulator billed each model (its ledger intervals) and its status now, in the service's
 * own words; ledgers and statuses are read once, when this is called.
 */
export function billedAndStatus(
  emulator: EmulatorHandle,
): (m: EmulatedModel) => { readonly billed: readonly BilledSpan[]; readonly status: string } {
  const rt = emulator.runtime.rekognition;
  const ledgers = { lookoutvision: emulator.ledger().models, rekognition: rt.ledger().models };
  const statuses = { lookoutvision: emulator.models(), rekognition: rt.allVersions() };
  const key = (x: { region: string; project: string; version: string }) =>
    `${x.region}\u0000${x.project}\u0000${x.version}`;
  const index = <T extends { region: string; project: string; version: string }>(items: readonly T[]) =>
    new Map(items.map((x) => [key(x), x]));
  const billed = { lookoutvision: index(ledgers.lookoutvision), rekognition: index(ledgers.rekognition) };
  const status = { lookoutvision: index(statuses.lookoutvision), rekognition: index(statuses.rekognition) };
  return (m) => ({
    billed: billed[m.service].get(key(m))?.intervals ?? [],
    status: status[m.service].get(key(m))?.status ?? 'NOT_FOUND',
  });
}
