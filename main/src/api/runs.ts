import * as z from 'zod';
import { activeEngineSchema, engineRefSchema } from './engines.js';
import { variableMapSchema } from './variables.js';

export const runKindSchema = z.enum(['full', 'selection', 'incoming']);
export type RunKind = z.infer<typeof runKindSchema>;
export const runStatusSchema = z.enum(['PENDING', 'STARTED', 'SUCCESS', 'FAILURE', 'ABORTED']);
export type RunStatus = z.infer<typeof runStatusSchema>;
export const runnerSchema = z.enum(['docker', 'local']);
export type RunnerKind = z.infer<typeof runnerSchema>;

export const runRequestSchema = z.object({
  /** Pipeline definition path relative to the project root (PipelineSummary.path). */
  pipeline: z.string().min(1),
  kind: runKindSchema.default('full'),
  /** Step uuids: the selection (kind 'selection') or whose ancestors to run (kind 'incoming'). */
  steps: z.array(z.string().min(1)).default([]),
  inclusive: z.boolean().default(false),
  parallelism: z.number().int().min(1).max(256).optional(),
  /** Run-wide image override. */
  image: z.string().min(1).optional(),
  runner: runnerSchema.optional(),
  /** The Docker engine for this run only (`orchest run --engine`): `local`, a configured name, `context:NAME` or an address. */
  engine: engineRefSchema.optional(),
  /** Environment variables for this run only (`orchest run --env`), over the pipeline's and project's. */
  env: variableMapSchema.default({}),
  /**
   * Run the pipeline's services of the noninteractive scope for the run's duration, as an Orchest
   * job does (`orchest run` and jobs ask for it; a run from the editor does not: there the user
   * starts the interactive services with services.start).
   */
  withServices: z.boolean().default(false),
});
export type RunRequest = z.input<typeof runRequestSchema>;
/** A run request as the run service sees it: validated, defaults filled in. */
export type ParsedRunRequest = z.output<typeof runRequestSchema>;

export const stepRunStateSchema = z.object({
  uuid: z.string(),
  title: z.string(),
  status: runStatusSchema,
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
  exitCode: z.number().int().nullable().optional(),
  message: z.string().optional(),
  /** Absolute path of the step's log file. */
  logPath: z.string(),
});
export type StepRunState = z.infer<typeof stepRunStateSchema>;

export const runStateSchema = z.object({
  id: z.string(),
  pipeline: z.string(),
  kind: runKindSchema,
  runner: runnerSchema,
  /** The Docker engine the run uses (docker runner). */
  engine: activeEngineSchema.optional(),
  status: runStatusSchema,
  startedAt: z.number(),
  endedAt: z.number().optional(),
  message: z.string().optional(),
  /** In planned (dependency) order. */
  steps: z.array(stepRunStateSchema),
});
export type RunState = z.infer<typeof runStateSchema>;

export const logChunkSchema = z.object({
  runId: z.string(),
  pipeline: z.string(),
  stepId: z.string(),
  /**
   * Byte offset of `text` in the step's log file (0 = a run's first output). Chunks come in order
   * but may skip bytes (a flood is not all sent live): a client that sees a gap reads the file.
   */
  offset: z.number().int().min(0),
  text: z.string(),
});
export type LogChunk = z.infer<typeof logChunkSchema>;

/** The end of a log file; its text starts at byte `size - bytes(text)`, where live offsets count. */
export const logTailSchema = z.object({
  text: z.string(),
  /** The file's size when read: the offset just past `text`. */
  size: z.number().int().min(0),
  /** The file held more than `text`. */
  truncated: z.boolean(),
});
export type LogTail = z.infer<typeof logTailSchema>;
