import * as z from 'zod';
import { logChunkSchema, logTailSchema, runnerSchema, runStatusSchema, stepRunStateSchema } from './runs.js';
import { notebookDocumentSchema } from './notebooks.js';
import { outputStateSchema, outputSummarySchema, thumbnailResultSchema, thumbnailSchema } from './outputs.js';
import { variableMapSchema } from './variables.js';

/**
 * Jobs: a pipeline run once, at a time, or on a cron schedule, over a grid of parameter values,
 * each run on its own frozen snapshot of the project. Plus the history of every run (job runs and
 * the editor's interactive ones) and the app's disk usage.
 */

const relPath = z.string().min(1).max(4096);
const id = z.string().min(1).max(200);

export { PIPELINE_PARAMETERS_KEY } from '../common/parameter-grid.js';
/** Most runs one job may hold per firing (combinations of the grid, less the deselected ones). */
export const MAX_GRID_RUNS = 10_000;

/** Any JSON value a parameter may take. */
export const parameterValueSchema: z.ZodType<unknown> = z.unknown();

/**
 * Orchest's `<pipeline>.parameters.json`: `{"pipeline_parameters": {"k": [..]}, "<step uuid>": {"k": [..]}}`.
 * Every value is the list of values to sweep (one value = a one-element list).
 */
export const parameterGridSchema = z.record(
  z.string().min(1),
  z.record(z.string().min(1), z.array(parameterValueSchema).min(1, 'List at least one value for each parameter.')),
);
export type ParameterGrid = z.infer<typeof parameterGridSchema>;

/** One run's parameters, shaped like the grid with one value each: `{"pipeline_parameters": {"k": v}, "<step uuid>": {"k": v}}`. */
export const runParametersSchema = z.record(z.string(), z.record(z.string(), parameterValueSchema));
export type RunParameters = z.infer<typeof runParametersSchema>;

/** One combination of the grid, numbered in expansion order (the last parameter varies fastest). */
export const gridCombinationSchema = z.object({ index: z.number().int().min(0), parameters: runParametersSchema });
export type GridCombination = z.infer<typeof gridCombinationSchema>;

/** An IANA time zone, e.g. "Europe/Amsterdam" (checked against the runtime's list by the core). */
const timeZone = z.string().min(1).max(100);

export const jobScheduleSchema = z.discriminatedUnion('type', [
  /** Start as soon as the job is created. */
  z.object({ type: z.literal('now') }),
  /** Once, at an instant (ISO 8601 with offset or Z), shown in `timeZone`. */
  z.object({ type: z.literal('at'), at: z.iso.datetime({ offset: true }), timeZone }),
  /**
   * Every time the 5-field (or 6, with seconds) cron expression matches, in `timeZone`.
   * `runMissed`: a firing missed while the app was closed runs once when it starts again.
   */
  z.object({ type: z.literal('cron'), cron: z.string().min(1).max(200), timeZone, runMissed: z.boolean().default(true) }),
]);
export type JobSchedule = z.infer<typeof jobScheduleSchema>;

/** What a user defines: the form's fields, `orchest job run`'s options. */
export const jobDefinitionSchema = z.object({
  name: z.string().trim().min(1).max(200),
  /** Pipeline definition path relative to the project root (PipelineSummary.path). */
  pipeline: relPath,
  /** The grid; `{}` = one run with the pipeline's own parameters. */
  parameters: parameterGridSchema.default({}),
  /** Indexes (GridCombination.index) of combinations not to run. */
  deselected: z.array(z.number().int().min(0)).max(MAX_GRID_RUNS).default([]),
  schedule: jobScheduleSchema.default({ type: 'now' }),
  /** Environment variables of every run, over the project's and the pipeline's. */
  env: variableMapSchema.default({}),
  /** Finished runs kept (oldest deleted first, with their snapshots); null = keep all. */
  maxRunsToKeep: z.number().int().min(1).max(100_000).nullable().default(null),
  /** Times a failed step is tried again (each attempt's log is kept). */
  retries: z.number().int().min(0).max(10).default(0),
  /** Runs going at once. */
  parallelRuns: z.number().int().min(1).max(64).default(1),
  /** Steps running at once within a run (default: the pipeline setting, else the config). */
  parallelism: z.number().int().min(1).max(256).optional(),
  runner: runnerSchema.optional(),
  /** Receives a JSON summary (JobSummary) by POST when a job (or a cron firing) finishes. */
  webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type JobDefinition = z.input<typeof jobDefinitionSchema>;
export type ParsedJobDefinition = z.output<typeof jobDefinitionSchema>;

/**
 * SCHEDULED: waiting for its time (or its next cron firing); RUNNING: runs going; PAUSED: no run
 * starts (running ones go on) and cron does not fire; then how its last runs ended. A cron job
 * goes back to SCHEDULED after each firing.
 */
export const jobStatusSchema = z.enum(['SCHEDULED', 'RUNNING', 'PAUSED', 'SUCCESS', 'FAILURE', 'ABORTED']);
export type JobStatus = z.infer<typeof jobStatusSchema>;

export const runCountsSchema = z.object({
  total: z.number().int(),
  pending: z.number().int(),
  running: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  aborted: z.number().int(),
});
export type RunCounts = z.infer<typeof runCountsSchema>;

/** A pinned environment image: the name a run resolved, and its id, which the job's runs use. */
export const pinnedImageSchema = z.object({ name: z.string(), id: z.string() });

export const jobSchema = z.object({
  uuid: z.string(),
  definition: jobDefinitionSchema,
  /** Absolute path of the project the job belongs to. */
  projectRoot: z.string(),
  pipelineName: z.string(),
  status: jobStatusSchema,
  createdAt: z.number(),
  /** ms since epoch of the next firing (null: none coming). */
  nextRunAt: z.number().nullable(),
  lastFiredAt: z.number().nullable(),
  /** Firings so far (a "now"/"at" job fires once). */
  firings: z.number().int().min(0),
  /** The project frozen at the job's start (null until then, and after its deletion by clean-up). */
  snapshotPath: z.string().nullable(),
  /** Step uuid -> the image its runs use, pinned when the job started. */
  images: z.record(z.string(), pinnedImageSchema),
  counts: runCountsSchema,
  message: z.string().optional(),
});
export type Job = z.infer<typeof jobSchema>;

export const stepAttemptSchema = stepRunStateSchema.pick({ status: true, startedAt: true, endedAt: true, exitCode: true, message: true, logPath: true }).extend({
  /** 1, 2, … */
  attempt: z.number().int().min(1),
});
export type StepAttempt = z.infer<typeof stepAttemptSchema>;

/** A step as the history keeps it: its run state (first attempt's start, last attempt's end and log), plus every attempt. */
export const runRecordStepSchema = stepRunStateSchema.extend({
  /** Attempts made (0 = not started). */
  attempts: z.number().int().min(0),
  /** Every attempt, first to last, each with its own log. */
  attemptLog: z.array(stepAttemptSchema),
});
export type RunRecordStep = z.infer<typeof runRecordStepSchema>;

/** One run in the history: a job's run or an interactive one from the editor / `orchest run`. */
export const runRecordSchema = z.object({
  uuid: z.string(),
  kind: z.enum(['job', 'interactive']),
  jobUuid: z.string().nullable(),
  jobName: z.string().nullable(),
  /** The job's firing it belongs to (0-based); 0 for interactive runs. */
  firing: z.number().int().min(0),
  /** GridCombination.index; 0 for interactive runs. */
  index: z.number().int().min(0),
  pipeline: z.string(),
  pipelineName: z.string(),
  projectRoot: z.string(),
  parameters: runParametersSchema,
  status: runStatusSchema,
  runner: runnerSchema,
  createdAt: z.number(),
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
  message: z.string().optional(),
  /** The run's own copy of the project (job runs); null for interactive runs, which run on the project. */
  snapshotPath: z.string().nullable(),
  /** Step outputs of this run (<dir>/<step uuid>/). */
  outputsDir: z.string(),
  /** Host folder mounted at /data in its steps. */
  dataDir: z.string(),
  /** Step uuid -> image used (docker runner). */
  images: z.record(z.string(), pinnedImageSchema),
  steps: z.array(runRecordStepSchema),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

/** POSTed to a job's webhook URL when a job (or a cron job's firing) finishes; also the notification's data. */
export const jobSummarySchema = z.object({
  job: z.object({ uuid: z.string(), name: z.string(), pipeline: z.string(), status: jobStatusSchema }),
  firing: z.number().int(),
  status: runStatusSchema,
  startedAt: z.number(),
  endedAt: z.number(),
  counts: runCountsSchema,
  runs: z.array(z.object({ uuid: z.string(), status: runStatusSchema, parameters: runParametersSchema, startedAt: z.number().optional(), endedAt: z.number().optional() })),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

/** A desktop notification: a job (firing) or a long interactive run (over a minute) finished. */
export const finishedNoticeSchema = z.object({
  kind: z.enum(['job', 'run']),
  jobUuid: z.string().nullable(),
  runUuid: z.string().nullable(),
  status: runStatusSchema,
  title: z.string(),
  body: z.string(),
});
export type FinishedNotice = z.infer<typeof finishedNoticeSchema>;

export const gridPreviewSchema = z.object({
  /** The grid used: the one passed, else `<pipeline>.parameters.json`, else the pipeline's own values (one each). */
  grid: parameterGridSchema,
  source: z.enum(['args', 'file', 'pipeline']),
  /** The parameters file beside the pipeline (project-relative), whether it exists or not. */
  file: z.string(),
  total: z.number().int(),
  combinations: z.array(gridCombinationSchema),
  /** Grid keys that are no step of the pipeline, parameters the pipeline/step does not have: shown, not refused. */
  warnings: z.array(z.string()),
});
export type GridPreview = z.infer<typeof gridPreviewSchema>;

export const storageCategorySchema = z.enum(['snapshots', 'runs', 'logs', 'outputs', 'history', 'shared-data', 'images']);
export type StorageCategory = z.infer<typeof storageCategorySchema>;

export const storageUsageSchema = z.object({
  /** The app's data folder. */
  dataDir: z.string(),
  totalBytes: z.number(),
  categories: z.array(z.object({ category: storageCategorySchema, bytes: z.number(), items: z.number().int(), description: z.string() })),
  jobs: z.array(z.object({ uuid: z.string(), name: z.string(), projectRoot: z.string(), runs: z.number().int(), bytes: z.number() })),
  /** Images of this app (environments, the default image, images jobs pinned); null bytes when Docker is not reachable. */
  images: z.array(z.object({ id: z.string(), tags: z.array(z.string()), bytes: z.number().nullable(), usedByJobs: z.array(z.string()) })),
  /** Bytes shared between snapshots and the project (reflinks, hard links) are counted once per file here. */
  note: z.string().optional(),
});
export type StorageUsage = z.infer<typeof storageUsageSchema>;

/** What `storage.clean` removes. Nothing a running job or run uses is removed. */
export const storageCleanSchema = z.discriminatedUnion('target', [
  /** Finished runs of a job (all, or those beyond `keep` newest), with their snapshots and logs. */
  z.object({ target: z.literal('job-runs'), jobUuid: id, keep: z.number().int().min(0).default(0) }),
  /** Finished jobs of the open project (or all projects) with all their runs. */
  z.object({ target: z.literal('finished-jobs'), allProjects: z.boolean().default(false) }),
  /** Interactive run history (records and kept logs) older than the newest `keep` per pipeline. */
  z.object({ target: z.literal('interactive-history'), keep: z.number().int().min(0).default(1) }),
  /** Snapshot folders no job or run refers to (left by a crash). */
  z.object({ target: z.literal('orphans') }),
  /** The shared /data folder of interactive runs. */
  z.object({ target: z.literal('shared-data') }),
  /** A Docker image by id (refused while a job that is not finished pins it). */
  z.object({ target: z.literal('image'), id }),
]);
export type StorageCleanRequest = z.input<typeof storageCleanSchema>;

export const storageCleanResultSchema = z.object({ freedBytes: z.number(), removed: z.number().int(), usage: storageUsageSchema });

/** The contract's job, history and storage methods (spread into `methods` in contract.ts). */
export const jobMethods = {
  /** Create a job; a "now" job snapshots the project and starts at once. */
  'jobs.create': { args: z.object({ definition: jobDefinitionSchema }), result: jobSchema },
  /** Jobs of the open project, newest first. */
  'jobs.list': { args: z.object({}).strict(), result: z.array(jobSchema) },
  'jobs.get': { args: z.object({ jobUuid: id }), result: z.object({ job: jobSchema, runs: z.array(runRecordSchema) }) },
  /** No further run starts and cron does not fire until resumed; running runs go on. */
  'jobs.pause': { args: z.object({ jobUuid: id }), result: jobSchema },
  'jobs.resume': { args: z.object({ jobUuid: id }), result: jobSchema },
  /** Stop for good: running runs are cancelled, pending ones never start, cron stops. */
  'jobs.cancel': { args: z.object({ jobUuid: id }), result: jobSchema },
  /** Cancel if needed, then remove the job, its runs, snapshots and logs. */
  'jobs.delete': { args: z.object({ jobUuid: id }), result: z.object({ deleted: z.string(), freedBytes: z.number() }) },
  /** A cron (or not yet due) job's firing now, outside its schedule. */
  'jobs.runNow': { args: z.object({ jobUuid: id }), result: jobSchema },
  /** The runs a grid gives, for the form's preview (and the grid to start from). */
  'jobs.previewGrid': { args: z.object({ pipeline: relPath, parameters: parameterGridSchema.optional() }), result: gridPreviewSchema },

  /** Every run of the open project (or one pipeline / one job), newest first: job runs and interactive ones. */
  'runs.history': {
    args: z.object({
      pipeline: relPath.optional(),
      jobUuid: id.optional(),
      limit: z.number().int().min(1).max(10_000).default(500),
    }),
    result: z.array(runRecordSchema),
  },
  'runs.record': { args: z.object({ runUuid: id }), result: runRecordSchema },
  /** The tail of a step's log in a recorded run; `attempt` (1-based) picks a retry's log, default the last. */
  'runs.readRecordLog': {
    args: z.object({
      runUuid: id,
      stepId: id,
      attempt: z.number().int().min(1).optional(),
      tailBytes: z.number().int().min(1).max(256 * 1024 * 1024).default(1024 * 1024),
    }),
    result: logTailSchema,
  },
  /** Files a step of a recorded run left: its outputs and, for a notebook step of a job run, the notebook in the run's copy. */
  'runs.artifacts': {
    args: z.object({ runUuid: id, stepId: id }),
    result: z.object({
      outputs: z.array(z.object({ name: z.string(), path: z.string(), bytes: z.number() })),
      /** A notebook step's file (absolute path): in a job run's copy (the code the step ran), else in the project; null for other steps. */
      notebookPath: z.string().nullable(),
    }),
  },
  /** A step's output summaries in a recorded run (what the data view shows), from the run's own files. */
  'runs.stepOutputs': {
    args: z.object({ runUuid: id, stepId: id }),
    result: z.object({ state: outputStateSchema, message: z.string(), outputs: z.array(outputSummarySchema) }),
  },
  /** The notebook as a step of a recorded run executed it (kept beside its log), or null when it kept none. */
  'runs.stepNotebook': { args: z.object({ runUuid: id, stepId: id }), result: notebookDocumentSchema.nullable() },
  /** A thumbnail that a step's output summary in a recorded run names. */
  'runs.outputThumbnail': { args: z.object({ runUuid: id, stepId: id, file: thumbnailSchema.shape.file }), result: thumbnailResultSchema },

  'storage.usage': { args: z.object({}).strict(), result: storageUsageSchema },
  'storage.clean': { args: storageCleanSchema, result: storageCleanResultSchema },
} as const;

/** Events of jobs (spread into `events` in contract.ts). Job runs do not send `run.updated`/`run.log`: the editor shows its own runs only. */
export const jobEvents = {
  /** A job was created, changed state or was deleted (`job` null). */
  'jobs.changed': z.object({ jobUuid: z.string(), job: jobSchema.nullable() }),
  /** A recorded run changed (a job run's or an interactive run's progress). */
  'runs.recorded': runRecordSchema,
  /** Live log of a job run's step (as `run.log`; `runId` is the run's uuid). */
  'jobs.log': logChunkSchema.extend({ jobUuid: z.string(), attempt: z.number().int().min(1) }),
  /** For a desktop notification (Electron) / the browser's Notification API. */
  'notify.finished': finishedNoticeSchema,
} as const;
