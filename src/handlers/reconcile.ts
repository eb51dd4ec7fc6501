/**
 * Lambda `reconcile`: the periodic pass. One ListModels per project, then the decision table for
 * every model: whatever was lost or changed by hand is corrected within one period.
 */
import { lambdaHandler } from '../runtime/lambdaRuntime.js';

export const handler = lambdaHandler('reconcile');
