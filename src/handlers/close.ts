/**
 * Lambda `close`: a window-close edge schedule fired. Stops the models whose window closes in the
 * minute before the scheduled time (decided again from their status now), and sets the timers
 * that check the stop took. An extra firing of a merged cron finds no model and does nothing.
 */
import middy from '@middy/core';
import { createHandlerRuntime, type HandlerReport } from './handlerRuntime.js';
import { modelsWithEdge } from './modelsWithEdge.js';
import { parseSchedulerEvent } from './schedulerEvent.js';

const runtime = createHandlerRuntime('close');

export const handler = middy<unknown, HandlerReport>()
  .use(runtime.context)
  .handler(async (event) => {
    const { scheduledTime: at, schedule } = parseSchedulerEvent(event, 'close');
    const ids = modelsWithEdge(runtime.schedule, 'close', at);
    runtime.logger.info({ schedule, scheduledTime: new Date(at).toISOString(), models: ids }, 'close edge');
    return runtime.report('close', at, await runtime.engine.edge(at, ids));
  });
