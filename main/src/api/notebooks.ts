import * as z from 'zod';
import { projectPathSchema } from './files.js';

/** nbformat's multi-line strings: one string, or a list of lines to join. */
const multiline = z.union([z.string(), z.array(z.string())]);

export const notebookOutputSchema = z
  .object({
    output_type: z.string(),
    /** stream: stdout or stderr. */
    name: z.string().optional(),
    text: multiline.optional(),
    /** execute_result / display_data: MIME type -> content (text as `multiline`, images base64). */
    data: z.record(z.string(), z.unknown()).optional(),
    ename: z.string().optional(),
    evalue: z.string().optional(),
    traceback: z.array(z.string()).optional(),
    execution_count: z.number().nullable().optional(),
  })
  .loose();
export type NotebookOutput = z.infer<typeof notebookOutputSchema>;

export const notebookCellSchema = z
  .object({
    cell_type: z.string(),
    id: z.string().optional(),
    source: multiline.default(''),
    metadata: z.record(z.string(), z.unknown()).default({}),
    outputs: z.array(notebookOutputSchema).optional(),
    execution_count: z.number().nullable().optional(),
  })
  .loose();
export type NotebookCell = z.infer<typeof notebookCellSchema>;

export const notebookSchema = z
  .object({
    cells: z.array(notebookCellSchema),
    metadata: z.record(z.string(), z.unknown()).default({}),
    nbformat: z.number().optional(),
    nbformat_minor: z.number().optional(),
  })
  .loose();
export type Notebook = z.infer<typeof notebookSchema>;

export const notebookDocumentSchema = z.object({
  /** Project-relative path of the notebook (for an executed one: of the step's source notebook). */
  path: z.string(),
  /** sha256 of the file's bytes: `notebook.setSkip` refuses to edit a file that changed since. */
  hash: z.string(),
  notebook: notebookSchema,
  /** When the file was last written (ms since the epoch). */
  modifiedAt: z.number(),
});
export type NotebookDocument = z.infer<typeof notebookDocumentSchema>;

export const notebookMethods = {
  'notebook.read': { args: z.object({ path: projectPathSchema }), result: notebookDocumentSchema },
  /** The notebook as the step's last run executed it (kept beside its log), or null when there is none. */
  'notebook.readExecuted': {
    args: z.object({ pipeline: projectPathSchema, stepId: z.string().min(1) }),
    result: notebookDocumentSchema.nullable(),
  },
  /** Add or remove the `skip` tag of one cell, changing the file only there. */
  'notebook.setSkip': {
    args: z.object({
      path: projectPathSchema,
      /** 0-based index of the cell. */
      cell: z.number().int().min(0),
      /** The cell's id, when it has one: refuses when the file's cell at `cell` is another one. */
      cellId: z.string().optional(),
      skip: z.boolean(),
      /** Hash from the last read; a different file on disk answers CONFLICT. */
      baseHash: z.string().optional(),
    }),
    result: notebookDocumentSchema,
  },
} as const;

export const notebookEvents = {
  /** A notebook of the project changed on disk (any writer, this app included). */
  'notebook.changed': z.object({ path: z.string() }),
} as const;
