import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { configSchema, type Config, type ConfigNotice } from '../api/config.js';
import { CoreError } from '../core/core-error.js';
import { atomicWrite } from '../fs/atomic-write.js';
import { backUpFile, readConfigFile } from './config-file.js';

/** The global config, as the other services see it. */
export interface ConfigService {
  readonly path: string;
  /** Messages for the user about the config file (e.g. a corrupt file set aside). */
  readonly notices: ConfigNotice[];
  get(): Config;
  update(patch: Record<string, unknown>): Promise<Config>;
  addRecentProject(path: string): Promise<void>;
}

export interface ConfigServiceOptions {
  /** Folder of config.json, e.g. ~/.config/orchest (see core/paths.ts). */
  configDir: string;
}

export const MAX_RECENT_PROJECTS = 10;

type Patch = Record<string, unknown>;

/**
 * The global config. A missing file means defaults and is not written until a setting changes.
 * A corrupt file is copied aside first (`config.json.corrupt-<time>`), a notice says so, and
 * the app starts from what could be kept; the original stays until the first save replaces it.
 * Every save re-reads the file so hand edits made meanwhile are kept, and refuses to replace a
 * file that has become unreadable since.
 */
export async function createConfigService(opts: ConfigServiceOptions): Promise<ConfigService> {
  const file = path.join(opts.configDir, 'config.json');
  const notices: ConfigNotice[] = [];
  /** What the file holds (or will): the user's keys only, so defaults can change in later versions. */
  let data: Record<string, unknown> = {};
  /** Text of a corrupt file we copied aside: the first save may replace exactly that. */
  let setAside: string | null = null;

  const state = await readConfigFile(file);
  if (state.kind === 'valid') {
    data = state.data;
  } else if (state.kind === 'invalid') {
    data = state.salvaged;
    const kept = Object.keys(state.salvaged).length > 0;
    const what = kept
      ? `${state.resetKeys.map((k) => `"${k}"`).join(', ')} ${state.resetKeys.length === 1 ? 'is' : 'are'} reset to the default; your other settings are kept.`
      : 'Default settings are used.';
    try {
      const backupPath = await backUpFile(file);
      setAside = state.text;
      notices.push({
        message: `Your config file ${file} could not be used: ${state.reason}. A copy of it was saved as ${backupPath}. ${what} The file is replaced the next time a setting changes.`,
        backupPath,
      });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      notices.push({
        message: `Your config file ${file} could not be used: ${state.reason}. It could not be copied aside (${reason}), so it will not be changed. ${what}`,
      });
    }
  } else if (state.kind === 'unreadable') {
    notices.push({ message: `Your config file ${file} could not be read (${state.reason}). Default settings are used and the file is not changed.` });
  }
  let current: Config = configSchema.parse(data);

  // One change at a time: two concurrent updates must not lose each other's keys.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  /** Re-read the file, build a patch from what it holds now, validate, and write atomically. */
  async function apply(makePatch: (onDisk: Config) => Patch | null): Promise<Config> {
    const now = await readConfigFile(file);
    let base: Record<string, unknown>;
    if (now.kind === 'missing') base = {};
    else if (now.kind === 'valid') base = now.data;
    else if (now.kind === 'invalid' && setAside !== null && now.text === setAside) base = data;
    else if (now.kind === 'invalid') {
      throw new CoreError('INVALID_FILE', `The config file ${file} is not valid: ${now.reason}. Fix or delete it; nothing was changed.`);
    } else {
      throw new CoreError('INVALID_FILE', `The config file ${file} cannot be read (${now.reason}); nothing was changed.`);
    }
    const onDisk = configSchema.parse(base);
    const patch = makePatch(onDisk);
    if (patch === null) {
      data = base;
      current = onDisk;
      return structuredClone(current);
    }
    const next = { ...base };
    // null resets a setting to its default (JSON has no undefined).
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete next[key];
      else next[key] = value;
    }
    const parsed = configSchema.safeParse(next);
    if (!parsed.success) {
      throw new CoreError('INVALID_ARGUMENT', `Invalid config: ${z.prettifyError(parsed.error)}`, parsed.error.issues);
    }
    await fs.mkdir(opts.configDir, { recursive: true });
    await atomicWrite(file, `${JSON.stringify(next, null, 2)}\n`);
    data = next;
    current = parsed.data;
    setAside = null;
    return structuredClone(current);
  }

  return {
    path: file,
    notices,
    get: () => structuredClone(current),
    update: (patch) => serialized(() => apply(() => patch)),
    async addRecentProject(projectPath) {
      await serialized(() =>
        apply((onDisk) => {
          const list = [projectPath, ...onDisk.recent_projects.filter((p) => p !== projectPath)].slice(0, MAX_RECENT_PROJECTS);
          const same = list.length === onDisk.recent_projects.length && list.every((p, i) => p === onDisk.recent_projects[i]);
          return same ? null : { recent_projects: list };
        }),
      );
    },
  };
}
