/**
 * What a pipeline service's container runs and gets, from its definition: Orchest's rules, pure.
 *
 * - `command` is the program (it replaces the image's entrypoint), `args` its arguments, each split
 *   as a shell would (shlex.split in Orchest). Older files have `entrypoint` instead, `command`
 *   then being its arguments. Neither: the image's own entrypoint and command.
 * - `$BASE_PATH_PREFIX` in command, args, entrypoint and variable values becomes
 *   `[pbp-]service-<name>-<session>`, as in Orchest. With `preserve_base_path` the app is expected to
 *   serve under `/<prefix>_<port>/` (e.g. streamlit --server.baseUrlPath), and its link points
 *   there; without it the app serves at `/` of its port.
 * - Variables: `env_variables`, then the project/pipeline (or run) variables it names in
 *   `env_variables_inherit` over them, then the ORCHEST_* ones Orchest gave a service.
 */
import path from 'node:path';
import type { ServiceSession } from '../api/services.js';
import { splitShellWords } from '../common/shell-words.js';
import type { ServiceDefinition } from '../pipeline/services.js';

export interface ServiceProcessInput {
  def: ServiceDefinition;
  /** Short id of this start of the session (shared by its services). */
  sessionId: string;
  session: ServiceSession;
  projectUuid: string;
  pipelineUuid: string;
  /** The definition file, relative to the project root. */
  pipelinePath: string;
  /** The user's variables for this pipeline (project < pipeline < run overrides). */
  variables: Record<string, string>;
}

export interface ServiceProcess {
  entrypoint?: string[];
  cmd?: string[];
  env: Record<string, string>;
}

export const BASE_PATH_VARIABLE = '$BASE_PATH_PREFIX';

export function basePathPrefix(def: ServiceDefinition, sessionId: string): string {
  return `${def.preserveBasePath ? 'pbp-' : ''}service-${def.name}-${sessionId}`;
}

/** The path of the app behind `port` on its published port: '/' unless the base path is preserved. */
export function servicePath(def: ServiceDefinition, sessionId: string, port: number): string {
  return def.preserveBasePath ? `/${basePathPrefix(def, sessionId)}_${port}/` : '/';
}

export function serviceProcess(input: ServiceProcessInput): ServiceProcess {
  const { def } = input;
  const prefix = basePathPrefix(def, input.sessionId);
  const sub = (text: string) => text.split(BASE_PATH_VARIABLE).join(prefix);
  const words = (text: string | undefined) => (text === undefined ? [] : splitShellWords(sub(text)));

  let entrypoint: string[] | undefined;
  let cmd: string[] | undefined;
  if (def.entrypoint !== undefined) {
    entrypoint = words(def.entrypoint);
    const rest = [...words(def.command), ...words(def.args)];
    cmd = rest; // an entrypoint of ours never takes the image's command
  } else if (def.command !== undefined) {
    entrypoint = words(def.command);
    cmd = words(def.args);
  } else if (def.args !== undefined) {
    cmd = words(def.args);
  }

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(def.env)) env[k] = sub(v);
  for (const name of def.inherit) if (input.variables[name] !== undefined) env[name] = input.variables[name];
  Object.assign(env, {
    ORCHEST_PROJECT_UUID: input.projectUuid,
    ORCHEST_PIPELINE_UUID: input.pipelineUuid,
    ORCHEST_SESSION_UUID: input.sessionId,
    ORCHEST_SESSION_TYPE: input.session,
    ...(def.binds.project
      ? { ORCHEST_PROJECT_DIR: def.binds.project, ORCHEST_PIPELINE_PATH: path.posix.join(def.binds.project, input.pipelinePath) }
      : {}),
  });
  // The project owner's uid may have no home in the image; output unbuffered so the log is live.
  env.HOME ??= '/tmp';
  env.PYTHONUNBUFFERED ??= '1';
  return { ...(entrypoint ? { entrypoint } : {}), ...(cmd ? { cmd } : {}), env };
}
