import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { EnvironmentSpec } from '../api/environments.js';
import { CoreError } from '../core/core-error.js';
import { atomicWrite } from '../fs/atomic-write.js';

/**
 * Environments on disk, as Orchest keeps them:
 * <project>/.orchest/environments/<uuid>/properties.json + setup_script.sh.
 * Files are written atomically; a properties.json that does not parse is reported, never rewritten.
 */

export const PROPERTIES_FILE = 'properties.json';
export const SETUP_SCRIPT_FILE = 'setup_script.sh';

/** Known fields of properties.json; anything else is kept as is. */
export const propertiesSchema = z
  .object({
    name: z.string().min(1),
    uuid: z.string().optional(),
    language: z.string().default('python'),
    base_image: z.string().min(1),
    gpu_support: z.boolean().default(false),
  })
  .loose();

export type StoredEnvironment =
  | { ok: true; uuid: string; dir: string; raw: Record<string, unknown>; spec: EnvironmentSpec }
  | { ok: false; uuid: string; dir: string; problem: string; name?: string };

export function environmentsDir(root: string): string {
  return path.join(root, '.orchest', 'environments');
}

/** Folder names we create and accept: no separators, no dot-dot, no hidden names. */
export function isSafeUuid(uuid: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(uuid) && !uuid.includes('..');
}

async function readText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`).join('; ');
}

/** One environment folder; null when it holds no properties.json (not an environment). */
export async function readStored(root: string, uuid: string): Promise<StoredEnvironment | null> {
  if (!isSafeUuid(uuid)) return null; // "../x" and the like name no environment
  const dir = path.join(environmentsDir(root), uuid);
  const text = await readText(path.join(dir, PROPERTIES_FILE));
  if (text === null) return null;
  const where = path.join('.orchest', 'environments', uuid, PROPERTIES_FILE);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, uuid, dir, problem: `${where} is not valid JSON (${reason}). It is left untouched: fix it in an editor.` };
  }
  const parsed = propertiesSchema.safeParse(json);
  if (!parsed.success) {
    const name = typeof json === 'object' && json !== null && typeof (json as { name?: unknown }).name === 'string' ? (json as { name: string }).name : undefined;
    return {
      ok: false,
      uuid,
      dir,
      name,
      problem: `${where} is not a valid environment (${describeIssues(parsed.error)}). It is left untouched: fix it in an editor.`,
    };
  }
  const script = (await readText(path.join(dir, SETUP_SCRIPT_FILE))) ?? '';
  const p = parsed.data;
  return {
    ok: true,
    uuid,
    dir,
    raw: json as Record<string, unknown>,
    spec: { uuid, name: p.name, language: p.language, base_image: p.base_image, gpu_support: p.gpu_support, setup_script: script },
  };
}

export async function listStored(root: string): Promise<StoredEnvironment[]> {
  let names: string[];
  try {
    const entries = await fs.readdir(environmentsDir(root), { withFileTypes: true });
    names = entries.filter((e) => e.isDirectory() && isSafeUuid(e.name)).map((e) => e.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const found = await Promise.all(names.map((uuid) => readStored(root, uuid)));
  return found.filter((e): e is StoredEnvironment => e !== null);
}

/**
 * Write an environment: known fields over `previous` (its unknown fields and key order kept).
 * The script is written first so a crash never leaves new properties with an old script.
 */
export async function writeEnvironment(root: string, spec: EnvironmentSpec, previous: Record<string, unknown> = {}): Promise<void> {
  if (!isSafeUuid(spec.uuid)) throw new CoreError('INVALID_ARGUMENT', `"${spec.uuid}" is not a usable environment uuid (letters, digits, '-', '_', '.').`);
  const dir = path.join(environmentsDir(root), spec.uuid);
  await fs.mkdir(dir, { recursive: true });
  const scriptFile = path.join(dir, SETUP_SCRIPT_FILE);
  if ((await readText(scriptFile)) !== spec.setup_script) await atomicWrite(scriptFile, spec.setup_script);
  const properties = {
    ...previous,
    name: spec.name,
    uuid: spec.uuid,
    language: spec.language,
    base_image: spec.base_image,
    gpu_support: spec.gpu_support,
  };
  await atomicWrite(path.join(dir, PROPERTIES_FILE), `${JSON.stringify(properties, null, 4)}\n`);
}

export async function removeEnvironmentFolder(root: string, uuid: string): Promise<void> {
  if (!isSafeUuid(uuid)) throw new CoreError('INVALID_ARGUMENT', `"${uuid}" is not an environment uuid.`);
  await fs.rm(path.join(environmentsDir(root), uuid), { recursive: true, force: true });
}

/** <project>/.orchest/project.json: project settings of Orchest Desktop (unknown keys kept). */
export function projectSettingsFile(root: string): string {
  return path.join(root, '.orchest', 'project.json');
}

const projectSettingsSchema = z.object({ default_environment: z.string().optional() }).loose();

/** The settings, or a `problem` when the file exists but does not parse (then it is never rewritten). */
export async function readProjectSettings(root: string): Promise<{ settings: Record<string, unknown>; defaultEnvironment?: string; problem?: string }> {
  const file = projectSettingsFile(root);
  const text = await readText(file);
  if (text === null) return { settings: {} };
  try {
    const parsed = projectSettingsSchema.parse(JSON.parse(text));
    return { settings: parsed, defaultEnvironment: parsed.default_environment };
  } catch (err) {
    const reason = err instanceof z.ZodError ? describeIssues(err) : err instanceof Error ? err.message : String(err);
    return { settings: {}, problem: `${path.join('.orchest', 'project.json')} does not parse (${reason}); it is left untouched.` };
  }
}

export async function writeDefaultEnvironment(root: string, uuid: string): Promise<void> {
  const current = await readProjectSettings(root);
  if (current.problem) throw new CoreError('INVALID_FILE', `Cannot set the default environment: ${current.problem}`);
  await fs.mkdir(path.dirname(projectSettingsFile(root)), { recursive: true });
  await atomicWrite(projectSettingsFile(root), `${JSON.stringify({ ...current.settings, default_environment: uuid }, null, 2)}\n`);
}
