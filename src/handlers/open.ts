/**
 * Lambda `open`: a window-open edge schedule fired. Starts the models whose window opens in the
 * minute before the scheduled time (decided again from their status now), and sets their verify
 * timers. An extra firing of a merged cron finds no model and does nothing.
 */
import middy from '@middy/core';
import { createHandlerRuntime, type HandlerReport } from './handlerRuntime.js';
import { modelsWithEdge } from './modelsWithEdge.js';
import { parseSchedulerEvent } from './schedulerEvent.js';

const runtime = createHandlerRuntime('open');

export const handler = middy<unknown, HandlerReport>()
  .use(runtime.context)
  .handler(async (event) => {
    const { scheduledTime: at, schedule } = parseSchedulerEvent(event, 'open');
    const ids = modelsWithEdge(runtime.schedule, 'open', at);
    runtime.logger.info({ schedule, scheduledTime: new Date(at).toISOString(), models: ids }, 'open edge');
    return runtime.report('open', at, await runtime.engine.edge(at, ids));
  });
