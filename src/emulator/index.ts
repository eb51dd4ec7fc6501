// The Lookout for Vision emulator's public API. See README.md beside this file.
export type { BilledInterval, Ledger, LedgerEntry } from './computeLedger.js';
export { computeLedger } from './computeLedger.js';
export { EmulatedServiceError } from './emulatedServiceError.js';
export type { EmulatorAssumptions, ModelStatus } from './emulatorAssumptions.js';
export { defaultAssumptions } from './emulatorAssumptions.js';
export type { EmulatorFileConfig } from './emulatorConfig.js';
export { parseEmulatorConfig } from './emulatorConfig.js';
export { EmulatorConfigError } from './emulatorConfigError.js';
export type { CallLogEntry, EmulatorOptions, QuotaOptions } from './emulatorRuntime.js';
export { defaultQuota, EmulatorRuntime } from './emulatorRuntime.js';
export type {
  Clock,
  ModelHistory,
  ModelHostingStatus,
  ModelRef,
  ModelSnapshot,
  ProjectSnapshot,
  SeedModel,
  ServiceQuotaLimits,
  StatusChange,
} from './emulatorState.js';
export { EmulatorState } from './emulatorState.js';
export type { FaultConfig } from './faultInjector.js';
export { adminPrefix } from './handleAdminRequest.js';
// Rekognition Custom Labels, served beside Lookout for Vision (src/emulator/rekognition).
export { handleRekognitionRequest } from './rekognition/handleRekognitionRequest.js';
export { rekognitionAdminPrefix } from './rekognition/rekognitionAdmin.js';
export type { ProjectVersionStatus, RekognitionAssumptions } from './rekognition/rekognitionAssumptions.js';
export { defaultRekognitionAssumptions } from './rekognition/rekognitionAssumptions.js';
export type {
  ProjectVersionSnapshot,
  RekognitionLedger,
  RekognitionOptions,
  RekognitionSeedVersion,
  VersionHistory,
} from './rekognition/rekognitionOptions.js';
export { RekognitionRuntime } from './rekognition/rekognitionRuntime.js';
export type { RunEmulatorCommandOptions } from './runEmulatorCommand.js';
export { defaultEmulatorPort, runEmulatorCommand } from './runEmulatorCommand.js';
export type { EmulatorHandle, StartEmulatorOptions } from './startEmulator.js';
export { startEmulator } from './startEmulator.js';
