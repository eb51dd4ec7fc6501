/**
 * Lambda `close`: a window-close edge schedule fired. Stops the models of that schedule whose
 * window closes in the minute before the scheduled time (decided again from their status now), and
 * sets the timers that check the stop took.
 */
import { lambdaHandler } from '../runtime/lambdaRuntime.js';

export const handler = lambdaHandler('close');
