import * as z from 'zod';

/**
 * The pipeline definition as Orchest writes it (see docs/orchest-format.md).
 * Every object is `.passthrough()` / loose so fields we do not know survive a round trip.
 */
export const positionSchema = z.tuple([z.number(), z.number()]);

export const stepResourcesSchema = z.object({ cpus: z.number().optional(), memory: z.union([z.string(), z.number()]).optional() }).loose();
export type StepResources = z.infer<typeof stepResourcesSchema>;

export const stepSchema = z
  .object({
    uuid: z.string().min(1),
    title: z.string(),
    file_path: z.string(),
    incoming_connections: z.array(z.string()).default([]),
    environment: z.string().optional(),
    /** Old files name a Docker image instead of an environment. */
    image: z.string().optional(),
    kernel: z.object({ name: z.string(), display_name: z.string().optional() }).loose().optional(),
    parameters: z.record(z.string(), z.unknown()).default({}),
    meta_data: z
      .object({ hidden: z.boolean().optional(), position: positionSchema.optional() })
      .loose()
      .default({}),
    /**
     * Orchest Desktop's limits of the step's container (Orchest's schema allows the extra field and
     * ignores it). `memory` like "2g" or "512MiB" (binary units, as in Docker) or bytes; see common/step-limits.ts.
     */
    resources: stepResourcesSchema.optional(),
  })
  .loose();
export type Step = z.infer<typeof stepSchema>;

export const pipelineSettingsSchema = z
  .object({
    auto_eviction: z.boolean().optional(),
    data_passing_memory_size: z.string().optional(),
    max_steps_parallelism: z.number().int().min(0).optional(),
  })
  .loose();

export const pipelineSchema = z
  .object({
    name: z.string(),
    uuid: z.string().min(1),
    version: z.string().optional(),
    settings: pipelineSettingsSchema.default({}),
    parameters: z.record(z.string(), z.unknown()).default({}),
    services: z.record(z.string(), z.unknown()).optional(),
    steps: z.record(z.string(), stepSchema).default({}),
  })
  .loose();
export type Pipeline = z.infer<typeof pipelineSchema>;

/** One problem found in a pipeline file; `stepId`/`field` name where, line/column for JSON syntax. */
export const problemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  stepId: z.string().optional(),
  field: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/** `folder`: <dir>/.orchest/pipeline.json ; `project`: <dir>/<name>.orchest */
export const pipelineLayoutSchema = z.enum(['folder', 'project']);
export type PipelineLayout = z.infer<typeof pipelineLayoutSchema>;

export const pipelineSummarySchema = z.object({
  /** Definition file, relative to the project root, '/'-separated. The pipeline's id in the API. */
  path: z.string(),
  layout: pipelineLayoutSchema,
  /** Folder that holds the pipeline's step files ('' = project root). */
  dir: z.string(),
  name: z.string(),
  uuid: z.string().optional(),
  stepCount: z.number().int(),
  errorCount: z.number().int(),
});
export type PipelineSummary = z.infer<typeof pipelineSummarySchema>;

export const pipelineDocumentSchema = pipelineSummarySchema.extend({
  /** sha256 of the file's bytes: pass it back to `pipeline.save` to detect outside edits. */
  hash: z.string(),
  /** null when the file does not parse or validate; `problems` then says why. */
  pipeline: pipelineSchema.nullable(),
  problems: z.array(problemSchema),
});
export type PipelineDocument = z.infer<typeof pipelineDocumentSchema>;
