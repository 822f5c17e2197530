import * as z from 'zod';

/** `lab`: JupyterLab (`jupyter lab`); `notebook`: the classic server (`jupyter notebook`). */
export const jupyterFlavorSchema = z.enum(['lab', 'notebook']);
export type JupyterFlavor = z.infer<typeof jupyterFlavorSchema>;

/** A Jupyter server running in a container of an environment's image (one per image and project). */
export const jupyterServerSchema = z.object({
  id: z.string(),
  image: z.string(),
  /** The environment the image comes from, when it does. */
  environment: z.string().optional(),
  /** Absolute host path of the project it serves (at /project-dir). */
  projectRoot: z.string(),
  flavor: jupyterFlavorSchema,
  /** http://127.0.0.1:PORT/ */
  baseUrl: z.string(),
  token: z.string(),
  /** The server's start page, token included. */
  url: z.string(),
  startedAt: z.number(),
});
export type JupyterServer = z.infer<typeof jupyterServerSchema>;

const relPath = z.string().min(1).max(4096);

/**
 * Which notebook and which image: a step (pipeline + stepId: its file, its image as a run resolves
 * it), else a file of the project (the image of a step using it, else the project's default
 * environment, else config.default_image), optionally in an environment (uuid).
 */
export const jupyterOpenSchema = z
  .object({
    pipeline: relPath.optional(),
    stepId: z.string().min(1).optional(),
    path: relPath.optional(),
    environment: z.string().min(1).optional(),
  })
  .strict()
  .refine((a) => !a.stepId || a.pipeline, { message: 'stepId needs pipeline', path: ['pipeline'] });
export type JupyterOpenRequest = z.output<typeof jupyterOpenSchema>;

export const jupyterOpenResultSchema = z.object({
  server: jupyterServerSchema,
  /** Opens the notebook (or the file browser when no notebook was named), token included. */
  url: z.string(),
  /** The notebook, relative to the project root ('' = none). */
  path: z.string(),
  reused: z.boolean(),
});
export type JupyterOpenResult = z.infer<typeof jupyterOpenResultSchema>;
