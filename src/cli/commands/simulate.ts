import { DEFAULT_ENGINE_SETTINGS } from '../../control/engineSettings.js';
import { UsageError } from '../../errors.js';
import { parseFaultSpec } from '../../local/faultSpec.js';
import { runSimulation, type SimulationReport } from '../../local/simulate.js';
import { formatDiagnostic } from '../../schedule/parseSchedule.js';
import { SERVICE_TITLES, SERVICES } from '../../schedule/serviceNames.js';
import { DAY } from '../../schedule/zone.js';
import { checkWritableFiles, wholeNumber } from '../checkOptions.js';
import { createFileLogger } from '../fileLogger.js';
import { checkPeriodEnd, parseInstantFlag } from '../instant.js';
import { loadSchedule } from '../loadSchedule.js';
import type { Output } from '../output.js';
import { plural } from '../render/plural.js';

export interface SimulateOptions {
  config: string;
  from?: string;
  days?: string;
  faults?: string;
  seed?: string;
  json?: boolean;
  log?: string;
  alerts?: string;
}

/** `lvsched simulate`: the functions on a discrete virtual clock against the in-process emulator. */
export async function simulateCommand(options: SimulateOptions, now: number, out: Output): Promise<number> {
  const from =
    options.from === undefined
      ? Math.floor(now / 60_000) * 60_000
      : parseInstantFlag('--from', options.from, now);
  const days =
    options.days === undefined ? 7 : wholeNumber('--days', options.days, 1, 366, 'a whole number of days');
  checkPeriodEnd(from + days * DAY);
  const seed = options.seed === undefined ? 1 : Number(options.seed);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffff_ffff)
    throw new UsageError(`--seed "${options.seed}" must be a whole number from 0 to 4294967295`);
  const faults = options.faults
    ? parseFaultSpec(options.faults, (t) => parseInstantFlag('--faults', t, now))
    : undefined;
  checkWritableFiles({ '--log': options.log, '--alerts': options.alerts });
  const { schedule, diagnostics } = await loadSchedule(options.config, now);
  for (const d of diagnostics) out.stderr(formatDiagnostic(d));
  if (schedule === null) return 1;
  const logger = options.log ? createFileLogger(options.log) : undefined;
  let report: SimulationReport;
  try {
    report = await runSimulation({
      schedule,
      from,
      to: from + days * DAY,
      seed,
      ...(faults ? { faults } : {}),
      ...(logger ? { logger } : {}),
      ...(options.alerts ? { alertsFile: options.alerts } : {}),
      settings: { ...DEFAULT_ENGINE_SETTINGS, reconcileEveryMs: schedule.reconcileEveryMs },
    });
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('--faults')) throw new UsageError(error.message);
    throw error;
  }
  out.stdout(options.json ? JSON.stringify(report, null, 2) : renderSimulation(report));
  return 0;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const fmt = (n: number, digits = 2) => n.toFixed(digits);

/** Billing per service: one line each, for the services the file uses. */
function serviceLines(r: SimulationReport): string[] {
  const currency = r.totals.currency;
  return SERVICES.flatMap((service) => {
    const s = r.byService[service];
    if (s === undefined) return [];
    const ratio = s.billedToPlanned === null ? 'n/a' : fmt(s.billedToPlanned, 4);
    return `  ${pad(`${SERVICE_TITLES[service]}:`, 27)} billed ${fmt(s.billedInferenceUnitHours)} IU-h (${fmt(s.billedCost)} ${currency}), planned ${fmt(s.plannedInferenceUnitHours)} IU-h (${fmt(s.plannedCost)} ${currency}), billed/planned ${ratio}; ${plural(s.models, 'model')}, ${plural(s.startCalls, 'start')}, ${plural(s.stopCalls, 'stop')}`;
  });
}

/** The timeline of actions, then the charge report. */
export function renderSimulation(r: SimulationReport): string {
  const lines: string[] = [
    `Simulation ${r.from} -> ${r.to}, seed ${r.seed} (virtual clock, in-process emulator, real SDK over HTTP)`,
    '',
  ];
  lines.push('Timeline (starts, stops, waits on errors, alerts):');
  if (r.timeline.length === 0) lines.push('  (no actions)');
  const idWidth = Math.max(8, ...r.timeline.map((t) => t.model.length));
  for (const t of r.timeline) {
    const result = t.result === 'done' ? '' : `  -> ${t.result}`;
    lines.push(
      `  ${t.at.replace('T', ' ')}  ${pad(t.event, 12)} ${pad(t.model, idWidth)}  ${pad(t.action, 5)}  ${t.reason}${t.clientToken ? `  [${t.clientToken}]` : ''}${result}`,
    );
  }
  lines.push('', 'Charges (inference-unit-hours):');
  lines.push(
    `  ${pad('model', idWidth)}  ${pad('billed', 9)} ${pad('planned', 9)} ${pad('outside(min)', 13)} ${pad('missed(min)', 12)} starts stops windows`,
  );
  for (const m of r.models) {
    lines.push(
      `  ${pad(m.id, idWidth)}  ${pad(fmt(m.billedInferenceUnitHours), 9)} ${pad(fmt(m.plannedInferenceUnitHours), 9)} ${pad(fmt(m.hostedOutsideWindowMinutes, 1), 13)} ${pad(fmt(m.notHostedInsideWindowMinutes, 1), 12)} ${pad(String(m.startCalls), 6)} ${pad(String(m.stopCalls), 5)} ${m.windows}`,
    );
  }
  const t = r.totals;
  lines.push(
    '',
    `  billed   ${fmt(t.billedInferenceUnitHours)} IU-h  (${fmt(t.billedCost)} ${t.currency})`,
    `  planned  ${fmt(t.plannedInferenceUnitHours)} IU-h  (${fmt(t.plannedCost)} ${t.currency})   billed/planned ${t.billedToPlanned === null ? 'n/a' : fmt(t.billedToPlanned, 4)}`,
    `  always-on ${fmt(t.alwaysOnInferenceUnitHours)} IU-h  (${fmt(t.alwaysOnCost)} ${t.currency})`,
    ...serviceLines(r),
    `  hosted outside windows: ${fmt(t.hostedOutsideWindowMinutes, 1)} min; not hosted inside windows after start-up: ${fmt(t.notHostedInsideWindowMinutes, 1)} min`,
    `  calls: ${
      Object.entries(r.calls)
        .map(([op, n]) => `${op} ${n}`)
        .join(', ') || 'none'
    } (throttled ${r.callOutcomes.throttled}, 500s ${r.callOutcomes.internalErrors}, dropped ${r.callOutcomes.dropped}, replayed tokens ${r.callOutcomes.replayed})`,
    `  alerts: ${r.alerts.length}`,
  );
  for (const a of r.alerts)
    lines.push(`    ${new Date(a.at).toISOString()}  ${a.cause}  ${a.model}: ${a.message}`);
  const inv = r.invocations;
  lines.push(
    `  invocations: ${inv.total} (${Object.entries(inv.byFunction)
      .map(([f, n]) => `${f} ${n}`)
      .join(
        ', ',
      )}); duplicate deliveries ${inv.duplicates}, function errors ${inv.functionErrors}, lateness mean ${fmt(inv.latenessSeconds.mean, 1)} s, max ${fmt(inv.latenessSeconds.max, 1)} s`,
    `  dead letters: ${r.deadLetters.length}`,
  );
  for (const d of r.deadLetters) lines.push(`    ${d.at}  ${d.function}: ${d.reason}`);
  lines.push(`  wall time: ${fmt(r.wallSeconds)} s`);
  return lines.join('\n');
}
