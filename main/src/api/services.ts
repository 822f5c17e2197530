import * as z from 'zod';

/** Why a service runs: `interactive`, started by the user beside the editor; `noninteractive`, for a run. */
export const serviceSessionSchema = z.enum(['interactive', 'noninteractive']);
export type ServiceSession = z.infer<typeof serviceSessionSchema>;

/** `starting`: its container runs, its ports do not answer yet; `exited`: its process ended (see its log). */
export const serviceStatusSchema = z.enum(['starting', 'running', 'exited']);
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;

/** One of a pipeline's `services`, running in a container beside the pipeline. */
export const serviceInfoSchema = z.object({
  /** The container's name: unique, changes with each start. */
  id: z.string(),
  name: z.string(),
  /** The pipeline (its definition path) and the project folder it belongs to. */
  pipeline: z.string(),
  projectRoot: z.string(),
  image: z.string(),
  session: serviceSessionSchema,
  /** The run it runs for (noninteractive). */
  runId: z.string().optional(),
  status: serviceStatusSchema,
  exitCode: z.number().int().nullable().optional(),
  /** Why it is not running, or what to know about it. */
  message: z.string().optional(),
  /** Each published port: the container's port and the URL on 127.0.0.1 that reaches it. */
  urls: z.array(z.object({ port: z.number().int(), url: z.string() })),
  /** Absolute path of its log file. */
  logPath: z.string(),
  startedAt: z.number(),
});
export type ServiceInfo = z.infer<typeof serviceInfoSchema>;

const relPath = z.string().min(1).max(4096);
const names = z.array(z.string().min(1).max(63)).min(1).optional();

export const servicesStartSchema = z.object({ pipeline: relPath, /** Only these (default: every service of the interactive scope). */ names }).strict();
export const servicesStopSchema = z.object({ pipeline: relPath, names }).strict();
export const servicesListSchema = z.object({ pipeline: relPath.optional() }).strict();
export const servicesReadLogSchema = z
  .object({
    pipeline: relPath,
    name: z.string().min(1).max(63),
    session: serviceSessionSchema.default('interactive'),
    tailBytes: z.number().int().min(1).max(256 * 1024 * 1024).default(1024 * 1024),
  })
  .strict();

/** Live output of a service, placed by byte offset in its log file as run logs are. */
export const serviceLogChunkSchema = z.object({
  /** The ServiceInfo id: a new id means the log file started over. */
  id: z.string(),
  pipeline: z.string(),
  name: z.string(),
  session: serviceSessionSchema,
  offset: z.number().int().min(0),
  text: z.string(),
});
export type ServiceLogChunk = z.infer<typeof serviceLogChunkSchema>;
