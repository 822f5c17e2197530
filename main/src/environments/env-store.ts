import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import type { EnvironmentSpec } from '../api/environments.js';
import { CoreError } from '../core/core-error.js';
import { parseJsonText } from '../common/json-text.js';
import { decodeUtf8 } from '../common/utf8.js';
import { atomicWrite } from '../fs/atomic-write.js';
import { linkOutside, linkOutsideMessage } from '../fs/link-outside.js';

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

async function readBytes(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** The text of a file that must be UTF-8 (a file read otherwise and saved back would lose bytes). */
async function readText(file: string): Promise<{ text: string } | { problem: string } | null> {
  const bytes = await readBytes(file);
  if (bytes === null) return null;
  const decoded = decodeUtf8(bytes);
  return decoded.ok ? { text: decoded.text } : { problem: decoded.message };
}

/** Environment files are read and written only inside the project, whatever links say. */
async function linkProblem(root: string, file: string, where: string): Promise<string | null> {
  const outside = await linkOutside(await fs.realpath(root), file);
  return outside ? linkOutsideMessage(where, outside, 'the project folder') : null;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`).join('; ');
}

/** One environment folder; null when it holds no properties.json (not an environment). */
export async function readStored(root: string, uuid: string): Promise<StoredEnvironment | null> {
  if (!isSafeUuid(uuid)) return null; // "../x" and the like name no environment
  const dir = path.join(environmentsDir(root), uuid);
  const where = path.join('.orchest', 'environments', uuid, PROPERTIES_FILE);
  const scriptWhere = path.join('.orchest', 'environments', uuid, SETUP_SCRIPT_FILE);
  const linked = (await linkProblem(root, path.join(dir, PROPERTIES_FILE), where)) ?? (await linkProblem(root, path.join(dir, SETUP_SCRIPT_FILE), scriptWhere));
  if (linked) return { ok: false, uuid, dir, problem: linked };
  const bytes = await readBytes(path.join(dir, PROPERTIES_FILE));
  if (bytes === null) return null;
  const read = parseJsonText(bytes);
  if (!read.ok) {
    const reason = read.kind === 'encoding' ? `cannot be read: ${read.message}` : `is not valid JSON (${read.message.replace(/^Invalid JSON /, '')})`;
    return { ok: false, uuid, dir, problem: `${where} ${reason}. It is left untouched: fix it in an editor.` };
  }
  const json = read.value;
  const dup = read.duplicateKeys[0];
  if (dup) {
    // A save writes each key once: which of the two values the user meant would be a guess.
    const key = String(dup.path[dup.path.length - 1]);
    return { ok: false, uuid, dir, problem: `${where} has the key "${key}" twice (line ${dup.line}). It is left untouched: remove one of them in an editor.` };
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
  const script = (await readText(path.join(dir, SETUP_SCRIPT_FILE))) ?? { text: '' };
  if ('problem' in script) return { ok: false, uuid, dir, name: parsed.data.name, problem: `${scriptWhere} ${script.problem}. It is left untouched.` };
  const p = parsed.data;
  return {
    ok: true,
    uuid,
    dir,
    raw: json as Record<string, unknown>,
    spec: { uuid, name: p.name, language: p.language, base_image: p.base_image, gpu_support: p.gpu_support, setup_script: script.text },
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
  const scriptFile = path.join(dir, SETUP_SCRIPT_FILE);
  for (const file of [path.join(dir, PROPERTIES_FILE), scriptFile]) {
    const linked = await linkProblem(root, file, path.relative(root, file));
    if (linked) throw new CoreError('INVALID_FILE', linked);
  }
  await fs.mkdir(dir, { recursive: true });
  const current = await readText(scriptFile);
  if (!current || !('text' in current) || current.text !== spec.setup_script) await atomicWrite(scriptFile, spec.setup_script);
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
  const where = path.join('.orchest', 'project.json');
  const linked = await linkProblem(root, file, where);
  if (linked) return { settings: {}, problem: linked };
  const bytes = await readBytes(file);
  if (bytes === null) return { settings: {} };
  const read = parseJsonText(bytes);
  const parsed = read.ok ? projectSettingsSchema.safeParse(read.value) : null;
  if (parsed?.success) return { settings: parsed.data, defaultEnvironment: parsed.data.default_environment };
  const reason = !read.ok ? read.message : describeIssues(parsed!.error!);
  return { settings: {}, problem: `${where} does not parse (${reason}); it is left untouched.` };
}

export async function writeDefaultEnvironment(root: string, uuid: string): Promise<void> {
  const current = await readProjectSettings(root);
  if (current.problem) throw new CoreError('INVALID_FILE', `Cannot set the default environment: ${current.problem}`);
  await fs.mkdir(path.dirname(projectSettingsFile(root)), { recursive: true });
  await atomicWrite(projectSettingsFile(root), `${JSON.stringify({ ...current.settings, default_environment: uuid }, null, 2)}\n`);
}
