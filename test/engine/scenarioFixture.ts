/** What the engine scenario tests share: one model open 08:00-20:00 daily, its first day, its tokens, worlds of it (always closed after), and a host with calls replaced. */
import { clientToken } from '../../src/control/clientToken.js';
import { capabilitiesOf, type ModelHost } from '../../src/ports.js';
import { at, oneModel, REGION, World, type WorldOptions } from './world.js';

export const DAILY_8_TO_20 = '[{ days: daily, open: "08:00", close: "20:00" }]';
export const DAY1 = '2026-03-30';
export const OPEN = at(`${DAY1}T08:00:00Z`);
export const CLOSE = at(`${DAY1}T20:00:00Z`);
export const REF = { region: REGION, project: 'line-a', version: '1' };

/** Day 1 at `hhmm` UTC, e.g. `day1('07:55')`. */
export const day1 = (hhmm: string): number => at(`${DAY1}T${hhmm}:00Z`);

/** The token the engine must use for a start of the model (1 unit, no max) at `anchor` with `cause`. */
export const openToken = (anchor: number, cause: string, minInferenceUnits = 1) =>
  clientToken({ kind: 'open', ref: REF, anchor, cause, minInferenceUnits, maxInferenceUnits: null });
export const closeToken = (anchor: number, cause: string) =>
  clientToken({ kind: 'close', ref: REF, anchor, cause });

/** A world of the one model `m` open 08:00-20:00 daily, run from `from` to `to`, with what differs for the case. */
export const dailyWorld = (
  from: number,
  to: number,
  options: Omit<WorldOptions, 'schedule' | 'from' | 'to'> = {},
): WorldOptions => ({ schedule: oneModel(DAILY_8_TO_20), from, to, ...options });

/** 07:55 to 10:00 of day 1 without SDK retries (a failed call fails at once), and the first start ends HOSTING_FAILED. */
export const firstStartFailsWorld = (): WorldOptions =>
  dailyWorld(day1('07:55'), day1('10:00'), {
    maxAttempts: 1,
    emulator: { faults: { hostingFailures: { count: 1 } } },
  });

/**
 * `host` with some of its calls replaced (e.g. a stop the service ignores): for WorldOptions.wrapHost.
 * The calls left are forwarded with every argument the engine passes (a listing's versions and
 * service), and the capabilities and pacing of the adapter behind them, as production hosts do.
 */
export const hostWith = (host: ModelHost, calls: Partial<ModelHost>): ModelHost => {
  const nextSlot = host.nextSlot?.bind(host);
  return {
    listModels: (region, project, versions, service) => host.listModels(region, project, versions, service),
    describeModel: (ref) => host.describeModel(ref),
    startModel: (ref, req) => host.startModel(ref, req),
    stopModel: (ref, token) => host.stopModel(ref, token),
    capabilitiesFor: (ref) => capabilitiesOf(host, ref),
    ...(nextSlot ? { nextSlot } : {}),
    ...calls,
  };
};

/** Creates a world, runs `body`, and always closes the emulator. */
export async function withWorld(options: WorldOptions, body: (world: World) => Promise<void>): Promise<void> {
  const world = await World.create(options);
  try {
    await body(world);
  } finally {
    await world.close();
  }
}
