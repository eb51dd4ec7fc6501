/**
 * Lambda `open`: a window-open edge schedule fired. Starts the models of that schedule whose
 * window opens in the minute before the scheduled time (decided again from their status now), and
 * sets their verify timers. An extra firing of a merged cron finds no model and does nothing.
 */
import { lambdaHandler } from '../runtime/lambdaRuntime.js';

export const handler = lambdaHandler('open');
