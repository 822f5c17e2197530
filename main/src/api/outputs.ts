import * as z from 'zod';
import { runStatusSchema } from './runs.js';

/**
 * What the SDK writes beside each step output (resources/sdk/orchest/summary.py, summary.json):
 * it comes from a container, so the core validates it with these schemas before anyone sees it.
 * Unknown fields are dropped; every list and text is bounded here too.
 */
const cellSchema = z.union([z.string().max(4096), z.number(), z.boolean(), z.null()]);
export type Cell = z.infer<typeof cellSchema>;

const columnSchema = z.object({ name: cellSchema, dtype: z.string().max(1000) });

export const thumbnailSchema = z.object({
  /** A file in the output's folder: thumbnail-<n>.png|jpg (read with outputs.thumbnail). */
  file: z.string().regex(/^thumbnail-\d{1,3}\.(png|jpg)$/),
  mime: z.enum(['image/png', 'image/jpeg']),
  bytes: z.number().int().min(0),
  width: z.number().int().min(0).optional(),
  height: z.number().int().min(0).optional(),
});
export type Thumbnail = z.infer<typeof thumbnailSchema>;

export const valueKindSchema = z.enum(['dataframe', 'series', 'array', 'scalar', 'text', 'bytes', 'image', 'mapping', 'sequence', 'object']);
export type ValueKind = z.infer<typeof valueKindSchema>;

const valueFields = {
  /** Python type, e.g. "pandas.DataFrame", "int". */
  type: z.string().max(1000),
  kind: valueKindSchema,
  /** Data frames (rows, columns) and arrays. */
  shape: z.array(z.number().int().min(0)).max(64).optional(),
  /** Arrays, series and numpy scalars. */
  dtype: z.string().max(1000).optional(),
  /** The first columns (data frames, 1-D/2-D arrays). */
  columns: z.array(columnSchema).max(1000).optional(),
  columnsTruncated: z.boolean().optional(),
  /** The first rows, each as many cells as `columns`. */
  head: z.object({ rows: z.array(z.array(cellSchema).max(1000)).max(1000), truncated: z.boolean() }).optional(),
  /** A pandas index other than 0..n-1: its first labels, one per row of `head`. */
  index: z.object({ name: cellSchema, dtype: z.string().max(1000), head: z.array(cellSchema).max(1000) }).optional(),
  /** A scalar, or a text (cut: `truncated`). */
  value: cellSchema.optional(),
  truncated: z.boolean().optional(),
  /** Characters of a text, bytes of bytes/an encoded image, entries of a collection. */
  length: z.number().int().min(0).optional(),
  /** A short repr where nothing else fits (objects, >2-D arrays, nested collections). */
  text: z.string().max(4096).optional(),
  memoryBytes: z.number().min(0).optional(),
  /** Images: the original's size in pixels, and its thumbnail when one could be made. */
  width: z.number().int().min(0).optional(),
  height: z.number().int().min(0).optional(),
  mode: z.string().max(100).optional(),
  thumbnail: thumbnailSchema.optional(),
  entriesTruncated: z.boolean().optional(),
  /** Why a part is missing (no thumbnail, previews left out). */
  note: z.string().max(1000).optional(),
  /** Why no preview could be made. */
  error: z.string().max(1000).optional(),
};

/** The entries of a dict / list / tuple output, one level deep. */
const entrySchema = z.object({ key: cellSchema, summary: z.object(valueFields) });

export const outputSummarySchema = z.object({
  ...valueFields,
  entries: z.array(entrySchema).max(1000).optional(),
  version: z.literal(1),
  /** The name given to orchest.output(..., name=); null: unnamed. */
  name: z.string().max(1000).nullable(),
  stepUuid: z.string().max(200).nullable().optional(),
  /** The run that wrote it; null: written outside a run (e.g. in JupyterLab). */
  runUuid: z.string().max(200).nullable(),
  writtenAt: z.number(),
  format: z.string().max(100).nullable(),
  /** Bytes of the stored output on disk. */
  storedBytes: z.number().min(0).optional(),
});
export type OutputSummary = z.infer<typeof outputSummarySchema>;
export type ValueSummary = z.infer<z.ZodObject<typeof valueFields>>;

/**
 * What the data view says about a step's output:
 * - ready: written by the pipeline's last run;
 * - stale: there, but from an older run than the last one (or written outside a run);
 * - none: the step ran and left no output (or it was deleted);
 * - failed: the step failed or was cancelled in the last run;
 * - running: the last run is at this step or before it;
 * - not-run: the last run did not include the step, which has no output;
 * - no-run: the pipeline has not run yet;
 * - summary-missing: an output without (a readable) summary.json.
 */
export const outputStateSchema = z.enum(['ready', 'stale', 'none', 'failed', 'running', 'not-run', 'no-run', 'summary-missing']);
export type OutputState = z.infer<typeof outputStateSchema>;

export const outputReceiverSchema = z.object({
  stepId: z.string(),
  title: z.string(),
  /** How the child's orchest.get_inputs() hands it over: 'inputs["df"]' or 'inputs["unnamed"][1]'. */
  as: z.string(),
  /** Another parent of the child outputs the same name: get_inputs() refuses to choose. */
  collision: z.string().optional(),
});
export type OutputReceiver = z.infer<typeof outputReceiverSchema>;

export const stepOutputsSchema = z.object({
  stepId: z.string(),
  title: z.string(),
  state: outputStateSchema,
  /** One sentence for the user: what the state means and what to do. */
  message: z.string(),
  /** The pipeline's last run, when there is one. */
  run: z.object({ id: z.string(), status: runStatusSchema, endedAt: z.number().optional() }).nullable(),
  /** The step's status in that run, when it was part of it. */
  stepStatus: runStatusSchema.optional(),
  /**
   * The step's outputs (the SDK keeps one per step: 0 or 1 here). With state summary-missing, the
   * name and format from meta.json, `error` saying why there is no preview.
   */
  outputs: z.array(outputSummarySchema),
  /** The child steps that receive the output, and as what. */
  receivers: z.array(outputReceiverSchema),
});
export type StepOutputs = z.infer<typeof stepOutputsSchema>;

const relPath = z.string().min(1).max(4096);

export const outputsListSchema = z.object({
  pipeline: relPath,
  /** One step; absent: every step of the pipeline. */
  stepId: z.string().min(1).max(200).optional(),
});

export const thumbnailRequestSchema = z.object({
  pipeline: relPath,
  stepId: z.string().min(1).max(200),
  file: thumbnailSchema.shape.file,
});
export const thumbnailResultSchema = z.object({ mime: thumbnailSchema.shape.mime, base64: z.string() });
