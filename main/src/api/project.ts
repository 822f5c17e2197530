import * as z from 'zod';
import { pipelineSummarySchema } from './pipeline.js';
import { STEP_FILE_TEMPLATES } from '../common/step-file-types.js';

export const projectStateSchema = z.object({
  /** Absolute path of the open folder. */
  root: z.string(),
  name: z.string(),
  pipelines: z.array(pipelineSummarySchema),
  /** Every file in the project (relative, '/'-separated), skipping .git, node_modules and run artefacts. */
  files: z.array(z.string()),
});
export type ProjectState = z.infer<typeof projectStateSchema>;

export const fileTemplateSchema = z.enum(STEP_FILE_TEMPLATES);
export type FileTemplate = z.infer<typeof fileTemplateSchema>;
