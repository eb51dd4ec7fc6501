import type { ModelStatus } from './emulatorAssumptions.js';
import type { ModelHistory, ModelRef } from './emulatorState.js';

export interface BilledInterval {
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive: the next transition, or the ledger's `at` while the status lasts. */
  readonly to: number;
  readonly status: ModelStatus;
  readonly inferenceUnits: number;
}

export interface LedgerEntry extends ModelRef {
  readonly arn: string;
  /** Time spent in billed statuses, in seconds. */
  readonly billedSeconds: number;
  readonly inferenceUnitSeconds: number;
  readonly inferenceUnitHours: number;
  readonly estimatedCostUsd: number;
  readonly intervals: readonly BilledInterval[];
}

export interface Ledger {
  /** The instant the ledger was computed up to (epoch ms). */
  readonly at: number;
  readonly pricePerInferenceUnitHour: number;
  readonly models: readonly LedgerEntry[];
  readonly total: {
    readonly inferenceUnitSeconds: number;
    readonly inferenceUnitHours: number;
    readonly estimatedCostUsd: number;
  };
}

export interface LedgerOptions {
  readonly now: number;
  readonly billedStatuses: readonly ModelStatus[];
  readonly pricePerInferenceUnitHour: number;
}

/**
 * Inference-unit-seconds per model, from the state histories up to `now`: every interval spent in a
 * billed status counts its MinInferenceUnits (auto-scaling above the minimum is not modelled).
 */
export function computeLedger(histories: readonly ModelHistory[], options: LedgerOptions): Ledger {
  const { now, billedStatuses, pricePerInferenceUnitHour } = options;
  const models = histories.map((history): LedgerEntry => {
    const intervals: BilledInterval[] = [];
    history.events.forEach((event, i) => {
      if (!billedStatuses.includes(event.status) || event.at >= now) return;
      const next = history.events[i + 1];
      const to = Math.min(next?.at ?? now, now);
      if (to > event.at) {
        intervals.push({
          from: event.at,
          to,
          status: event.status,
          inferenceUnits: event.minInferenceUnits ?? 0,
        });
      }
    });
    const billedSeconds = intervals.reduce((sum, x) => sum + (x.to - x.from) / 1000, 0);
    const inferenceUnitSeconds = intervals.reduce(
      (sum, x) => sum + ((x.to - x.from) / 1000) * x.inferenceUnits,
      0,
    );
    const inferenceUnitHours = inferenceUnitSeconds / 3600;
    return {
      region: history.region,
      project: history.project,
      version: history.version,
      arn: history.arn,
      billedSeconds,
      inferenceUnitSeconds,
      inferenceUnitHours,
      estimatedCostUsd: inferenceUnitHours * pricePerInferenceUnitHour,
      intervals,
    };
  });
  const inferenceUnitSeconds = models.reduce((sum, m) => sum + m.inferenceUnitSeconds, 0);
  return {
    at: now,
    pricePerInferenceUnitHour,
    models,
    total: {
      inferenceUnitSeconds,
      inferenceUnitHours: inferenceUnitSeconds / 3600,
      estimatedCostUsd: (inferenceUnitSeconds / 3600) * pricePerInferenceUnitHour,
    },
  };
}
