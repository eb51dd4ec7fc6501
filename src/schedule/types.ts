import type { DayRange } from './syntax.js';

/** One `windows` entry: which local dates it covers and its local open/close times. */
export interface WindowRule {
  /** Weekdays selected (bit 0 = Monday .. bit 6 = Sunday), for a `days` rule. */
  readonly weekdays: number | null;
  /** Inclusive epoch-day ranges, sorted, for a `dates` rule. */
  readonly dates: readonly DayRange[] | null;
  /** Minutes after local midnight, 0..1439. */
  readonly open: number;
  /** Minutes after local midnight, 1..1440; `close <= open` closes on the next local date. */
  readonly close: number;
}

/** A temporary change of a model's desired state over [from, until) (epoch ms). */
export interface Override {
  readonly model: string;
  readonly state: 'hosted' | 'stopped';
  readonly from: number;
  readonly until: number;
  readonly reason: string | null;
}

/** One model's effective schedule: its own keys, else `defaults`, else the built-in defaults. */
export interface ModelSchedule {
  /** `id` from the file, else `<project>:<version>`. */
  readonly id: string;
  /** Hosting service: the model's `service`, else `defaults`, else `lookoutvision`. */
  readonly service: 'lookoutvision' | 'rekognition';
  /** Lookout for Vision project name, or Rekognition Custom Labels project name. */
  readonly project: string;
  /** Lookout for Vision model version, or Rekognition Custom Labels version name. */
  readonly version: string;
  /** From the file, else the AWS configuration; null when neither names one. */
  readonly region: string | null;
  /** IANA zone name (default UTC). */
  readonly timezone: string;
  readonly minInferenceUnits: number;
  readonly maxInferenceUnits: number | null;
  /** Milliseconds each opening is moved earlier. */
  readonly leadTimeMs: number;
  readonly rules: readonly WindowRule[];
  /** Local dates on which no window opens (epoch-day ranges, sorted and merged). */
  readonly closed: readonly DayRange[];
  /** This model's overrides, in file order. */
  readonly overrides: readonly Override[];
}

/** A validated schedule file. */
export interface Schedule {
  readonly version: 1;
  readonly models: readonly ModelSchedule[];
  readonly pricing: { readonly inferenceUnitHour: number; readonly currency: string };
  /** Period of the reconcile pass, ms (default 15 minutes). */
  readonly reconcileEveryMs: number;
  readonly alerts: { readonly email: string | null; readonly topicArn: string | null };
}

/** A half-open interval of instants [open, close), epoch ms. */
export interface Interval {
  readonly open: number;
  readonly close: number;
}

/** A problem in the schedule file, located by 1-based line and column. */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}
