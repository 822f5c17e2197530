/**
 * Orchest's `services` of a pipeline (see docs/orchest-format.md): long-running containers beside
 * the steps (Streamlit, Tensorboard, a database...). Checked here with the rest of the definition;
 * fields we do not know (Orchest's `order`, `exposed`, `requires_authentication`) are kept.
 */
import * as z from 'zod';
import type { Pipeline, Problem } from '../api/pipeline.js';
import { splitShellWords } from '../common/shell-words.js';
import { isPlainObject } from './json-value.js';
import { schemaProblems } from './problems.js';

export const SERVICE_SCOPES = ['interactive', 'noninteractive'] as const;
export type ServiceScope = (typeof SERVICE_SCOPES)[number];
/** A service without `scope` runs in the interactive session only (never unasked in a headless run). */
export const DEFAULT_SERVICE_SCOPE: readonly ServiceScope[] = ['interactive'];
/** `image: "environment@<uuid>"`: the image of one of the project's environments, as in Orchest. */
export const ENVIRONMENT_IMAGE_PREFIX = 'environment@';
/** The host folders a service may mount, keyed as Orchest keys them; the value is where, inside. */
export const SERVICE_BIND_SOURCES = ['/project-dir', '/data'] as const;
/** Names become container and log file names. */
export const SERVICE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

const envValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const containerPath = z
  .string()
  .regex(/^\/[^\0:]*$/, { message: 'should be an absolute path inside the container without ":", e.g. /project-dir' })
  .refine((p) => p.replace(/\/+$/, '') !== '', { message: 'cannot be "/": mount the folder somewhere inside, e.g. /project-dir' });

/** Checks the shell quoting of command, args and entrypoint (split as Python's shlex.split does). */
const shellWords = z.string().superRefine((text, ctx) => {
  try {
    splitShellWords(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});

export const serviceDefinitionSchema = z
  .object({
    name: z.string().optional(),
    image: z.string().trim().min(1, { message: 'needs an image: a Docker image name, or environment@<uuid> for an environment of the project' }),
    /** The program to start (replaces the image's entrypoint), e.g. "bash". */
    command: shellWords.optional(),
    /** Its arguments as one string, split like a shell would, e.g. "-c 'streamlit run app.py'". */
    args: shellWords.optional(),
    /** Older Orchest files: the entrypoint, `command` then being its arguments. */
    entrypoint: shellWords.optional(),
    env_variables: z.record(z.string(), envValue).optional(),
    /** Names of project/pipeline (or run) variables the service gets too, over env_variables. */
    env_variables_inherit: z.array(z.string()).optional(),
    binds: z.partialRecord(z.enum(SERVICE_BIND_SOURCES), containerPath).optional(),
    ports: z
      .array(z.number().int().min(1).max(65535))
      .refine((ports) => new Set(ports).size === ports.length, { message: 'lists a port twice' })
      .optional(),
    scope: z.array(z.enum(SERVICE_SCOPES)).optional(),
    preserve_base_path: z.boolean().optional(),
  })
  .loose();
export type ServiceDefinitionInput = z.output<typeof serviceDefinitionSchema>;

/** A service as the session starts it: checked, defaults filled in. */
export interface ServiceDefinition {
  name: string;
  /** As written: an image name (config image_aliases apply) or environment@<uuid>. */
  image: string;
  command?: string;
  args?: string;
  entrypoint?: string;
  env: Record<string, string>;
  inherit: string[];
  /** Container paths of the project folder and the shared /data, when mounted. */
  binds: { project?: string; data?: string };
  ports: number[];
  scope: ServiceScope[];
  preserveBasePath: boolean;
}

function normalize(name: string, s: ServiceDefinitionInput): ServiceDefinition {
  return {
    name,
    image: s.image,
    ...(s.command?.trim() ? { command: s.command } : {}),
    ...(s.args?.trim() ? { args: s.args } : {}),
    ...(s.entrypoint?.trim() ? { entrypoint: s.entrypoint } : {}),
    env: s.env_variables ?? {},
    inherit: s.env_variables_inherit ?? [],
    binds: { ...(s.binds?.['/project-dir'] ? { project: s.binds['/project-dir'] } : {}), ...(s.binds?.['/data'] ? { data: s.binds['/data'] } : {}) },
    ports: s.ports ?? [],
    scope: s.scope ?? [...DEFAULT_SERVICE_SCOPE],
    preserveBasePath: s.preserve_base_path ?? false,
  };
}

export interface ServicesCheck {
  services: ServiceDefinition[];
  problems: Problem[];
}

/** Every service of a definition (its JSON value or a Pipeline), and what is wrong with each. */
export function checkServices(raw: unknown): ServicesCheck {
  const rawServices = isPlainObject(raw) ? raw.services : undefined;
  if (!isPlainObject(rawServices)) return { services: [], problems: [] }; // absent, or the schema says what it is
  const services: ServiceDefinition[] = [];
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(rawServices)) {
    const at = `services.${key}`;
    if (!SERVICE_NAME_PATTERN.test(key)) {
      problems.push({
        severity: 'error',
        field: at,
        message: `The service name "${key}" should be letters, digits, "-" and "_" (at most 63, starting with a letter or digit): it names the service's container and log file.`,
      });
      continue;
    }
    const parsed = serviceDefinitionSchema.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ ...i, path: ['services', key, ...i.path] }));
      problems.push(...schemaProblems(new z.ZodError(issues), raw).map((p) => ({ ...p, message: `Service "${key}": ${p.message}` })));
      continue;
    }
    if (parsed.data.name !== undefined && parsed.data.name !== key) {
      problems.push({ severity: 'warning', field: `${at}.name`, message: `Service "${key}" has the name "${parsed.data.name}"; the key "${key}" is what counts (Orchest keeps the two equal).` });
    }
    services.push(normalize(key, parsed.data));
  }
  return { services, problems };
}

/** The problems of a pipeline's services, for checkDefinition. */
export function serviceProblems(raw: unknown): Problem[] {
  return checkServices(raw).problems;
}

/** A pipeline's services, in the file's order. */
export function pipelineServices(pipeline: Pipeline): ServicesCheck {
  return checkServices(pipeline);
}
