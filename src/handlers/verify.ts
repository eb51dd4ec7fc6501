/**
 * Lambda `verify`: a one-time verify timer fired. Checks the start (HOSTED, retry, or alert) or
 * the stop it was set for, or decides a model again after a throttled call, at the timer's instant.
 */
import middy from '@middy/core';
import type { TimerPayload } from '../ports.js';
import { createHandlerRuntime, type HandlerReport } from './handlerRuntime.js';
import { parseSchedulerEvent } from './schedulerEvent.js';

const runtime = createHandlerRuntime('verify');

export const handler = middy<unknown, HandlerReport>()
  .use(runtime.context)
  .handler(async (event) => {
    const { scheduledTime: at, payload } = parseSchedulerEvent(event, 'verify');
    const timer = payload as TimerPayload;
    runtime.logger.info({ scheduledTime: new Date(at).toISOString(), timer }, 'verify timer');
    return runtime.report('verify', at, await runtime.engine.timer(at, timer));
  });
