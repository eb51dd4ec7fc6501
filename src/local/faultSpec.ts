import type { FaultConfig } from '../emulator/index.js';
import { UsageError } from '../errors.js';

/** Faults for `lvsched simulate --faults SPEC`: emulator faults plus lost events and operator actions. */
export interface SimulationFaults {
  readonly emulator: FaultConfig;
  /** HOSTING_FAILED for the next `count` starts, of one model (an id) or of any. */
  readonly hostingFailures: { readonly count: number; readonly model: string | null } | null;
  /** Requests per second of the emulator's control-plane quota (default 5, as AWS). */
  readonly requestsPerSecond: number | null;
  /** Probability that Scheduler delivers an event twice (null: the simulation's default). */
  readonly duplicateRate: number | null;
  readonly lostEdges: readonly {
    readonly kind: 'open' | 'close';
    readonly model: string;
    readonly at: number | null;
  }[];
  readonly operator: readonly {
    readonly action: 'stop' | 'start';
    readonly model: string;
    readonly at: number;
  }[];
}

export const FAULT_SPEC_HELP = [
  'lose-open=ID[@ISO]      the open event of model ID (at ISO, else its first) is never delivered',
  "                        (nor the rest of that schedule's firing)",
  'lose-close=ID[@ISO]     likewise for a close event',
  'hosting-failed=N[@ID]   the next N starts (of model ID) end in HOSTING_FAILED',
  'errors=N                the next N API requests answer 500 InternalServerException',
  'error-rate=P            every request answers 500 with probability P (0-1, seeded)',
  'throttle=R              the control-plane quota is R requests/s (AWS: 5)',
  'latency=MS              every request takes MS ms longer (virtual time)',
  'duplicates=P            Scheduler delivers each event twice with probability P (0-1, seeded)',
  'drop=N                  the next N requests lose their connection',
  'manual-stop=ID@ISO      an operator stops model ID at ISO',
  'manual-start=ID@ISO     an operator starts model ID at ISO',
].join('\n');

/** The fault names, for one-line error messages (the full help is in `lvsched simulate --help`). */
const FAULT_NAMES = FAULT_SPEC_HELP.split('\n')
  .filter((line) => /^[a-z]/.test(line))
  .map((line) => line.slice(0, line.indexOf('=')))
  .join(', ');
const KNOWN = `known faults: ${FAULT_NAMES} (see lvsched simulate --help)`;

/** Parses `key=value,key=value`; `parseInstant` reads the ISO instants. */
export function parseFaultSpec(spec: string, parseInstant: (text: string) => number): SimulationFaults {
  let emulator: { -readonly [K in keyof FaultConfig]: FaultConfig[K] } = {};
  let requestsPerSecond: number | null = null;
  let duplicateRate: number | null = null;
  let hostingFailures: SimulationFaults['hostingFailures'] = null;
  const lostEdges: SimulationFaults['lostEdges'][number][] = [];
  const operator: SimulationFaults['operator'][number][] = [];
  const number = (key: string, value: string, min = 0, max = Number.POSITIVE_INFINITY) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      throw new UsageError(
        `--faults: ${key}=${value}: expected a number from ${min}${Number.isFinite(max) ? ` to ${max}` : ''}`,
      );
    }
    return n;
  };
  const splitAt = (value: string) => {
    const i = value.indexOf('@');
    return i < 0 ? ([value, null] as const) : ([value.slice(0, i), value.slice(i + 1)] as const);
  };
  for (const item of spec
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq < 0) throw new UsageError(`--faults: "${item}" is not key=value; ${KNOWN}`);
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    switch (key) {
      case 'lose-open':
      case 'lose-close': {
        const [model, at] = splitAt(value);
        lostEdges.push({
          kind: key === 'lose-open' ? 'open' : 'close',
          model,
          at: at === null ? null : parseInstant(at),
        });
        break;
      }
      case 'hosting-failed': {
        const [count, model] = splitAt(value);
        hostingFailures = { count: number(key, count, 1), model };
        break;
      }
      case 'errors':
        emulator = {
          ...emulator,
          internalErrors: { ...emulator.internalErrors, count: number(key, value, 1) },
        };
        break;
      case 'error-rate':
        emulator = {
          ...emulator,
          // Seeded by the simulation's --seed.
          internalErrors: { ...emulator.internalErrors, probability: number(key, value, 0, 1), seed: 1 },
        };
        break;
      case 'throttle':
        requestsPerSecond = number(key, value, 0.01);
        break;
      case 'duplicates':
        duplicateRate = number(key, value, 0, 1);
        break;
      case 'latency':
        emulator = { ...emulator, latency: { ms: number(key, value, 0, 60_000) } };
        break;
      case 'drop':
        emulator = { ...emulator, dropConnections: { count: number(key, value, 1) } };
        break;
      case 'manual-stop':
      case 'manual-start': {
        const [model, at] = splitAt(value);
        if (at === null) throw new UsageError(`--faults: ${key} needs an instant: ${key}=ID@ISO`);
        operator.push({ action: key === 'manual-stop' ? 'stop' : 'start', model, at: parseInstant(at) });
        break;
      }
      default:
        throw new UsageError(`--faults: unknown fault "${key}"; ${KNOWN}`);
    }
  }
  return { emulator, hostingFailures, requestsPerSecond, duplicateRate, lostEdges, operator };
}
