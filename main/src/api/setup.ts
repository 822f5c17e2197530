import * as z from 'zod';
import { buildStatusSchema } from './environments.js';
import { runnerSchema } from './runs.js';

/** How the default image was (or is being) made. */
export const setupMethodSchema = z.enum([
  'present', // it was there already
  'local-base', // docker build on a base image the engine already has
  'pull', // base image pulled from a registry, then docker build
  'offline', // the offline builder from scratch (debootstrap + docker import + docker build)
]);
export type SetupMethod = z.infer<typeof setupMethodSchema>;

/** The build of the default image (`setup.buildDefaultImage`, `orchest setup`). */
export const setupStateSchema = z.object({
  /** NONE: no build asked for in this process. */
  status: buildStatusSchema,
  /** The image steps without environment or image run in (config default_image after image_aliases). */
  image: z.string(),
  method: setupMethodSchema.optional(),
  /** What it is doing now, e.g. "docker build orchest-py:latest (apt: 40 of 120 packages)". */
  phase: z.string().optional(),
  /** 0..1 when known. */
  progress: z.number().min(0).max(1).optional(),
  /** Why it failed, and what to do. */
  message: z.string().optional(),
  /** When the app cannot build it: the exact command that can. */
  command: z.string().optional(),
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
});
export type SetupState = z.infer<typeof setupStateSchema>;

export const engineProblemSchema = z.object({
  kind: z.enum(['not-installed', 'not-running', 'permission', 'unreachable']),
  /** What went wrong, with the address tried. */
  message: z.string(),
  /** What to do about it: commands to install or start Docker, or the config key. */
  hint: z.string(),
});
export type EngineProblem = z.infer<typeof engineProblemSchema>;

/** The Docker engine as the core sees it, and whether steps have an image to run in. */
export const engineStatusSchema = z.object({
  reachable: z.boolean(),
  /** Where the core looks: config docker_host, else DOCKER_HOST, else the default socket. */
  host: z.string(),
  /** The engine's version, e.g. "20.10.24". */
  version: z.string().optional(),
  os: z.string().optional(),
  arch: z.string().optional(),
  /** Set when unreachable. */
  problem: engineProblemSchema.optional(),
  defaultImage: z.object({
    name: z.string(),
    /** null: unknown (Docker not reachable). */
    present: z.boolean().nullable(),
  }),
  /** The configured runner (config default_runner). */
  runner: runnerSchema,
  setup: setupStateSchema,
});
export type EngineStatus = z.infer<typeof engineStatusSchema>;

/** Pushed as the default image builds: the state, and new log text at its byte offset in the build's log. */
export const setupEventSchema = z.object({
  state: setupStateSchema,
  text: z.string().optional(),
  /** With `text`: its byte offset in the log (0 = the build's first line), as `setup.readLog` counts. */
  offset: z.number().int().min(0).optional(),
});
export type SetupEvent = z.infer<typeof setupEventSchema>;
