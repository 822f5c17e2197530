import * as z from 'zod';

/** A relative, '/'-separated path inside the open project. Handlers also check it stays inside. */
export const projectPathSchema = z.string().min(1).max(4096);

/** A step whose file is a given file, or inside a given folder. */
export const stepFileRefSchema = z.object({
  /** The pipeline definition (PipelineSummary.path). */
  pipeline: z.string(),
  pipelineName: z.string(),
  uuid: z.string(),
  title: z.string(),
  /** The step's file_path as it is (before a move: the old one). */
  filePath: z.string(),
});
export type StepFileRef = z.infer<typeof stepFileRefSchema>;

export const fileMoveResultSchema = z.object({
  from: z.string(),
  /** The new project-relative path. */
  path: z.string(),
  /** Steps whose file_path now names the new place, with that new file_path. */
  updated: z.array(stepFileRefSchema.extend({ newFilePath: z.string() })),
  /** Pipelines that could not be checked or updated (e.g. invalid files), and why. */
  notUpdated: z.array(z.object({ pipeline: z.string(), reason: z.string() })),
});
export type FileMoveResult = z.infer<typeof fileMoveResultSchema>;

export const fileMethods = {
  /** Open a project file in the user's editor (config `editor`), else the system's default application. */
  'files.openInEditor': {
    args: z.object({ path: projectPathSchema, line: z.number().int().min(1).max(100_000_000).optional() }),
    result: z.object({ command: z.string() }),
  },
  'files.createFolder': { args: z.object({ path: projectPathSchema }), result: z.object({ path: z.string() }) },
  /** Rename or move a file or folder; steps naming it (or files inside it) follow it. Never overwrites. */
  'files.move': { args: z.object({ from: projectPathSchema, to: projectPathSchema }), result: fileMoveResultSchema },
  /** Delete a file or folder (with what it holds). Steps naming it keep their file_path and show it missing. */
  'files.delete': {
    args: z.object({ path: projectPathSchema }),
    result: z.object({ deleted: z.string(), missing: z.array(stepFileRefSchema) }),
  },
  /** The steps whose file is this file or inside this folder (what a delete would leave missing). */
  'files.usage': { args: z.object({ path: projectPathSchema }), result: z.array(stepFileRefSchema) },
} as const;
