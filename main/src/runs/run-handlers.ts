import type { HandlerMap, MethodsIn } from '../core/handlers.js';
import type { HistoryMethods } from '../jobs/job-handlers.js';
import type { RunService } from './run-service.js';

export function runHandlers(runs: RunService): HandlerMap<Exclude<MethodsIn<'runs'>, HistoryMethods>> {
  return {
    'runs.start': (req) => runs.start(req),
    'runs.cancel': ({ runId }) => runs.cancel(runId),
    'runs.get': ({ runId }) => runs.get(runId),
    'runs.last': ({ pipeline }) => runs.last(pipeline),
    'runs.readLog': ({ pipeline, stepId, tailBytes }) => runs.readLog(pipeline, stepId, tailBytes),
    'runs.fetchOutputs': ({ pipeline, stepId }) => runs.fetchOutputs(pipeline, stepId),
  };
}
