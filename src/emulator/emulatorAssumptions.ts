import type { LOOKOUTVISION_MODEL_STATUSES } from '../serviceModel/serviceEnums.generated.js';

/** Lookout for Vision's ModelStatus, from the service model's enum. */
export type ModelStatus = (typeof LOOKOUTVISION_MODEL_STATUSES)[number];

/**
 * Behaviour AWS does not document, each one named so that code and tests can say which they rely on.
 * See src/emulator/README.md.
 */
export interface EmulatorAssumptions {
  /** StartModel on a STARTING_HOSTING, HOSTED or STOPPING_HOSTING model answers ConflictException; when
   * false it answers 202 with the current status and changes nothing. */
  readonly conflictOnStartWhenActive: boolean;
  /** StopModel on a model that is not HOSTED answers ConflictException; when false it answers 202 with
   * the current status and changes nothing. */
  readonly conflictOnStopWhenNotHosted: boolean;
  /** How long a client token is remembered (AWS: "active for 8 hours"). */
  readonly tokenTtlMs: number;
  /** The error for a token repeated with other parameters (AWS: "an error occurs", not which). */
  readonly tokenMismatchError: 'ConflictException' | 'ValidationException';
  /** How long a start that fails takes to reach HOSTING_FAILED; null: as long as a successful start. */
  readonly hostingFailureAfterMs: number | null;
  /** Statuses in which DescribeModel shows MinInferenceUnits and MaxInferenceUnits. */
  readonly inferenceUnitsShownIn: readonly ModelStatus[];
  /** Statuses billed per inference unit (at MinInferenceUnits: auto-scaling is not modelled). */
  readonly billedStatuses: readonly ModelStatus[];
  /** ModelVersion "latest" (allowed by the model's pattern) names the highest version of the project;
   * when false it is an unknown model. */
  readonly resolveLatestVersion: boolean;
}

export const defaultAssumptions: EmulatorAssumptions = Object.freeze({
  conflictOnStartWhenActive: true,
  conflictOnStopWhenNotHosted: true,
  tokenTtlMs: 8 * 60 * 60 * 1000,
  tokenMismatchError: 'ConflictException',
  hostingFailureAfterMs: null,
  inferenceUnitsShownIn: Object.freeze(['STARTING_HOSTING', 'HOSTED', 'STOPPING_HOSTING'] as const),
  billedStatuses: Object.freeze(['HOSTED'] as const),
  resolveLatestVersion: true,
});
