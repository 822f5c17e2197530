import type * as z from 'zod';
import type { Variable, VariableSet, variableInputSchema } from '../api/variables.js';
import { CoreError } from '../core/core-error.js';
import type { ProjectService } from '../project/project-service.js';
import { projectUuid } from '../project/project-id.js';
import type { SecretCipher } from './secret-cipher.js';
import { readVariableFile, variableFilePath, writeVariableFile, type StoredMap, type StoredVariable, type VariableFile } from './variable-file.js';

export type ParsedVariableInput = z.output<typeof variableInputSchema>;

/** What a run's steps get: every value by name, and the values to mask in their logs. */
export interface RunVariables {
  env: Record<string, string>;
  secrets: string[];
}

export interface VariableScope {
  /** Pipeline definition path (project-relative); absent: the project's own variables. */
  pipeline?: string | undefined;
}

export interface VariableService {
  get(scope: VariableScope, reveal: boolean): Promise<VariableSet>;
  /** Replace the scope's variables with `variables` (a secret without value keeps its value). */
  set(scope: VariableScope, variables: ParsedVariableInput[]): Promise<VariableSet>;
  /**
   * For a run of the pipeline `pipelineUuid` in the project at `root`: the project's variables,
   * the pipeline's over them, then `overrides` (`orchest run --env`) over both. A name that is
   * secret in either scope is masked whatever value wins.
   */
  forRun(root: string, pipelineUuid: string, overrides: Record<string, string>): Promise<RunVariables>;
}

export interface VariableServiceOptions {
  configDir: string;
  project: ProjectService;
  cipher?: SecretCipher | undefined;
}

export function createVariableService(opts: VariableServiceOptions): VariableService {
  const { configDir, project, cipher } = opts;
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const fileOf = (root: string) => variableFilePath(configDir, projectUuid(root));

  async function reveal(name: string, stored: StoredVariable): Promise<string> {
    if (stored.value !== undefined) return stored.value;
    if (!cipher || cipher.id !== stored.cipher) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `The secret "${name}" was saved encrypted with ${stored.cipher ?? 'a keychain'} (the desktop app's OS keychain), which is not available here. ` +
          `Open the project in the desktop app, set the secret again here, or pass it to a run with --env ${name}=VALUE.`,
      );
    }
    try {
      return await cipher.decrypt(stored.encrypted!);
    } catch (err) {
      throw new CoreError('INVALID_ARGUMENT', `The secret "${name}" could not be decrypted (${(err as Error).message}); set it again.`);
    }
  }

  async function shown(map: StoredMap, withValues: boolean): Promise<Variable[]> {
    const out: Variable[] = [];
    for (const [name, v] of Object.entries(map)) {
      if (!v.secret) out.push({ name, secret: false, value: v.value ?? '' });
      else if (withValues) out.push({ name, secret: true, value: await reveal(name, v) });
      else out.push({ name, secret: true });
    }
    return out;
  }

  /** The pipeline's uuid (its variables' key) and its path, from the open project. */
  async function pipelineKey(rel: string): Promise<{ uuid: string; path: string }> {
    const doc = await project.readPipeline(rel);
    const uuid = doc.pipeline?.uuid ?? doc.uuid;
    if (!uuid) throw new CoreError('INVALID_FILE', `Pipeline "${rel}" has no uuid, so its variables cannot be kept; fix the file first.`);
    return { uuid, path: doc.path };
  }

  async function describe(file: string, content: VariableFile, scope: VariableScope, uuid: string | undefined, withValues: boolean): Promise<VariableSet> {
    const storage = { file, secretsEncrypted: Boolean(cipher) };
    if (uuid === undefined) return { scope: 'project', variables: await shown(content.project, withValues), storage };
    return {
      scope: 'pipeline',
      ...(scope.pipeline ? { pipeline: scope.pipeline } : {}),
      variables: await shown(content.pipelines[uuid]?.variables ?? {}, withValues),
      inherited: await shown(content.project, false),
      storage,
    };
  }

  async function toStored(input: ParsedVariableInput, previous: StoredVariable | undefined): Promise<StoredVariable> {
    let value = input.value;
    if (value === undefined) {
      if (!previous) throw new CoreError('INVALID_ARGUMENT', `The secret "${input.name}" has no value yet: give it one.`);
      // Kept as stored when its kind of storage does not change (no decrypting needed).
      if (previous.encrypted !== undefined && cipher && previous.cipher === cipher.id) return { secret: true, encrypted: previous.encrypted, cipher: previous.cipher };
      if (previous.value !== undefined && !cipher) return { secret: true, value: previous.value };
      value = await reveal(input.name, previous);
    }
    if (input.secret && cipher) return { secret: true, encrypted: await cipher.encrypt(value), cipher: cipher.id };
    return { secret: input.secret, value };
  }

  return {
    async get(scope, withValues) {
      const root = project.root();
      const key = scope.pipeline ? await pipelineKey(scope.pipeline) : undefined;
      const file = fileOf(root);
      return describe(file, await readVariableFile(file, root), scope, key?.uuid, withValues);
    },

    async set(scope, variables) {
      const root = project.root();
      const key = scope.pipeline ? await pipelineKey(scope.pipeline) : undefined;
      const file = fileOf(root);
      return serialized(async () => {
        // Re-read: another process (the CLI, a second window's core) may have written meanwhile.
        const content = await readVariableFile(file, root);
        const before = key ? (content.pipelines[key.uuid]?.variables ?? {}) : content.project;
        const next: StoredMap = {};
        for (const v of variables) next[v.name] = await toStored(v, before[v.name]);
        if (!key) content.project = next;
        else if (Object.keys(next).length) content.pipelines[key.uuid] = { ...content.pipelines[key.uuid], path: key.path, variables: next };
        else delete content.pipelines[key.uuid];
        content.project_root = root;
        await writeVariableFile(file, content);
        return describe(file, content, scope, key?.uuid, false);
      });
    },

    async forRun(root, pipelineUuid, overrides) {
      const content = await readVariableFile(fileOf(root), root);
      const scopes = [content.project, content.pipelines[pipelineUuid]?.variables ?? {}];
      const winners = new Map<string, StoredVariable>();
      const secretNames = new Set<string>();
      for (const map of scopes) {
        for (const [name, v] of Object.entries(map)) {
          winners.set(name, v);
          if (v.secret) secretNames.add(name);
        }
      }
      const env: Record<string, string> = {};
      for (const [name, v] of winners) if (!Object.hasOwn(overrides, name)) env[name] = await reveal(name, v);
      Object.assign(env, overrides);
      const secrets = [...secretNames].map((n) => env[n]).filter((v): v is string => Boolean(v));
      return { env, secrets };
    },
  };
}
