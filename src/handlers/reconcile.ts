/**
 * Lambda `reconcile`: the periodic pass. One ListModels per project, then the decision table for
 * every model at the scheduled time: whatever was lost or changed by hand is corrected within one
 * period.
 */
import middy from '@middy/core';
import { createHandlerRuntime, type HandlerReport } from './handlerRuntime.js';
import { parseSchedulerEvent } from './schedulerEvent.js';

const runtime = createHandlerRuntime('reconcile');

export const handler = middy<unknown, HandlerReport>()
  .use(runtime.context)
  .handler(async (event) => {
    const { scheduledTime: at } = parseSchedulerEvent(event, 'reconcile');
    runtime.logger.info(
      { scheduledTime: new Date(at).toISOString(), models: runtime.schedule.models.length },
      'reconcile pass',
    );
    return runtime.report('reconcile', at, await runtime.engine.reconcile(at));
  });
