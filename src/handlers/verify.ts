/**
 * Lambda `verify`: a one-time timer fired. Its payload (read with the one timer schema) says which
 * check, retry or recheck of which model to decide.
 */
import { lambdaHandler } from '../runtime/lambdaRuntime.js';

export const handler = lambdaHandler('verify');
