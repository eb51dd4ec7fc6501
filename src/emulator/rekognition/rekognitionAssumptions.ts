import type { REKOGNITION_PROJECT_VERSION_STATUSES } from '../../serviceModel/serviceEnums.generated.js';

/** Rekognition Custom Labels' ProjectVersionStatus, from the service model's enum. */
export type ProjectVersionStatus = (typeof REKOGNITION_PROJECT_VERSION_STATUSES)[number];

/**
 * Behaviour AWS does not document for Custom Labels, each one named so that code and tests can say
 * which they rely on. See src/emulator/README.md.
 */
export interface RekognitionAssumptions {
  /** StartProjectVersion on a STARTING, RUNNING or STOPPING version answers ResourceInUseException;
   * when false it answers 200 with the current status and changes nothing. */
  readonly resourceInUseOnStartWhenActive: boolean;
  /** StopProjectVersion on a version that is not RUNNING answers ResourceInUseException; when false a
   * stop is accepted from STARTING, FAILED, TRAINING_COMPLETED and STOPPED too, and a repeat while
   * STOPPING answers STOPPING. */
  readonly resourceInUseOnStopWhenNotRunning: boolean;
  /** The error for a request that breaks the model's constraints: real awsJson services answer the
   * generic ValidationException, which the model does not list. */
  readonly constraintViolationError: 'ValidationException' | 'InvalidParameterException';
  /** Statuses in which DescribeProjectVersions shows Min/MaxInferenceUnits. */
  readonly inferenceUnitsShownIn: readonly ProjectVersionStatus[];
  /** Statuses billed per inference unit (at MinInferenceUnits: auto-scaling is not modelled). */
  readonly billedStatuses: readonly ('STARTING' | 'RUNNING' | 'STOPPING')[];
  /** How long a start that fails takes to reach FAILED; null: as long as a successful one. */
  readonly failureAfterMs: number | null;
}

export const defaultRekognitionAssumptions: RekognitionAssumptions = Object.freeze({
  resourceInUseOnStartWhenActive: true,
  resourceInUseOnStopWhenNotRunning: true,
  constraintViolationError: 'ValidationException',
  inferenceUnitsShownIn: Object.freeze(['STARTING', 'RUNNING', 'STOPPING'] as const),
  billedStatuses: Object.freeze(['RUNNING'] as const),
  failureAfterMs: null,
});
