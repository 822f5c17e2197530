import * as z from 'zod';

export const environmentSpecSchema = z.object({
  uuid: z.string().min(1),
  name: z.string().min(1),
  language: z.string().default('python'),
  base_image: z.string().min(1),
  gpu_support: z.boolean().default(false),
  setup_script: z.string().default(''),
});
export type EnvironmentSpec = z.infer<typeof environmentSpecSchema>;

export const buildStatusSchema = z.enum(['NONE', 'PENDING', 'BUILDING', 'SUCCESS', 'FAILURE', 'ABORTED']);
export type BuildStatus = z.infer<typeof buildStatusSchema>;

export const environmentInfoSchema = environmentSpecSchema.extend({
  /** The tag this recipe builds to (project + environment + recipe hash). */
  image: z.string(),
  /** The project's default environment for new steps (`env.setDefault`). */
  isDefault: z.boolean().optional(),
  build: z.object({
    status: buildStatusSchema,
    builtAt: z.number().optional(),
    sizeBytes: z.number().optional(),
    message: z.string().optional(),
    /**
     * An image of an earlier recipe exists but the recipe changed since (its setup script,
     * base image, or project files the script uses): runs rebuild it first.
     */
    outdated: z.boolean().optional(),
    /** Which of the project files the build used changed since (when known). */
    changedFiles: z.array(z.string()).optional(),
  }),
});
export type EnvironmentInfo = z.infer<typeof environmentInfoSchema>;

export const buildEventSchema = z.object({
  uuid: z.string(),
  status: buildStatusSchema,
  /** 0..1 when known (pull bytes / build steps). */
  progress: z.number().min(0).max(1).optional(),
  /** A chunk of build log text. */
  text: z.string().optional(),
  /** With `text`: its byte offset in the build's log file (0 = the build's first line). */
  offset: z.number().int().min(0).optional(),
});
export type BuildEvent = z.infer<typeof buildEventSchema>;
