import type { z } from 'zod';
import type { GridPreview, Job, ParameterGrid, ParsedJobDefinition, RunRecord, StorageUsage } from '../api/jobs.js';
import type { storageCleanResultSchema, storageCleanSchema } from '../api/jobs.js';
import type { LogTail } from '../api/runs.js';
import { CoreError } from '../core/core-error.js';

/** Jobs of the open project, the run history and the app's disk usage. */
export interface JobService {
  create(definition: ParsedJobDefinition): Promise<Job>;
  list(): Promise<Job[]>;
  get(jobUuid: string): Promise<{ job: Job; runs: RunRecord[] }>;
  pause(jobUuid: string): Promise<Job>;
  resume(jobUuid: string): Promise<Job>;
  cancel(jobUuid: string): Promise<Job>;
  remove(jobUuid: string): Promise<{ deleted: string; freedBytes: number }>;
  runNow(jobUuid: string): Promise<Job>;
  previewGrid(pipeline: string, parameters: ParameterGrid | undefined): Promise<GridPreview>;
  history(q: { pipeline?: string | undefined; jobUuid?: string | undefined; limit: number }): Promise<RunRecord[]>;
  record(runUuid: string): Promise<RunRecord>;
  readRecordLog(runUuid: string, stepId: string, attempt: number | undefined, tailBytes: number): Promise<LogTail>;
  artifacts(runUuid: string, stepId: string): Promise<{ outputs: Array<{ name: string; path: string; bytes: number }>; notebookPath: string | null }>;
  usage(): Promise<StorageUsage>;
  clean(req: z.output<typeof storageCleanSchema>): Promise<z.output<typeof storageCleanResultSchema>>;
  dispose(): Promise<void>;
}

const notYet = (): never => {
  throw new CoreError('INTERNAL', 'Jobs are not implemented yet (NOT_IMPLEMENTED).');
};

/** Placeholder until the real service lands: every method answers NOT_IMPLEMENTED. */
export function createJobService(): JobService {
  return {
    create: async () => notYet(),
    list: async () => notYet(),
    get: async () => notYet(),
    pause: async () => notYet(),
    resume: async () => notYet(),
    cancel: async () => notYet(),
    remove: async () => notYet(),
    runNow: async () => notYet(),
    previewGrid: async () => notYet(),
    history: async () => notYet(),
    record: async () => notYet(),
    readRecordLog: async () => notYet(),
    artifacts: async () => notYet(),
    usage: async () => notYet(),
    clean: async () => notYet(),
    dispose: async () => undefined,
  };
}
