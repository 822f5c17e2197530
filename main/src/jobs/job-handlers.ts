import type { HandlerMap, MethodsIn } from '../core/handlers.js';
import type { JobService } from './job-service.js';

/** The run-history methods live in the `runs.` namespace but are served by the job service. */
export type HistoryMethods = 'runs.history' | 'runs.record' | 'runs.readRecordLog' | 'runs.artifacts' | 'runs.stepOutputs' | 'runs.stepNotebook' | 'runs.outputThumbnail';

export function jobHandlers(jobs: JobService): HandlerMap<MethodsIn<'jobs'> | MethodsIn<'storage'> | HistoryMethods> {
  return {
    'jobs.create': ({ definition }) => jobs.create(definition),
    'jobs.list': () => jobs.list(),
    'jobs.get': ({ jobUuid }) => jobs.get(jobUuid),
    'jobs.pause': ({ jobUuid }) => jobs.pause(jobUuid),
    'jobs.resume': ({ jobUuid }) => jobs.resume(jobUuid),
    'jobs.cancel': ({ jobUuid }) => jobs.cancel(jobUuid),
    'jobs.delete': ({ jobUuid }) => jobs.remove(jobUuid),
    'jobs.runNow': ({ jobUuid }) => jobs.runNow(jobUuid),
    'jobs.previewGrid': ({ pipeline, parameters }) => jobs.previewGrid(pipeline, parameters),
    'runs.history': (q) => jobs.history(q),
    'runs.record': ({ runUuid }) => jobs.record(runUuid),
    'runs.readRecordLog': ({ runUuid, stepId, attempt, tailBytes }) => jobs.readRecordLog(runUuid, stepId, attempt, tailBytes),
    'runs.artifacts': ({ runUuid, stepId }) => jobs.artifacts(runUuid, stepId),
    'runs.stepOutputs': ({ runUuid, stepId }) => jobs.stepOutputs(runUuid, stepId),
    'runs.stepNotebook': ({ runUuid, stepId }) => jobs.stepNotebook(runUuid, stepId),
    'runs.outputThumbnail': ({ runUuid, stepId, file }) => jobs.outputThumbnail(runUuid, stepId, file),
    'storage.usage': () => jobs.usage(),
    'storage.clean': (req) => jobs.clean(req),
  };
}
