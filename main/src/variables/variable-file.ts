import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { parseJsonText } from '../common/json-text.js';
import { CoreError } from '../core/core-error.js';
import { atomicWrite } from '../fs/atomic-write.js';

/**
 * One project's variables, kept outside the project so they never land in git:
 *   <configDir>/variables/<project uuid>.json   (folder 0700, file 0600, written atomically)
 * A secret is stored either as `value` (no cipher) or as `encrypted` + the `cipher` that made it.
 */
export const storedVariableSchema = z
  .object({
    secret: z.boolean().default(false),
    value: z.string().optional(),
    encrypted: z.string().optional(),
    cipher: z.string().optional(),
  })
  .refine((v) => v.value !== undefined || (v.encrypted !== undefined && v.cipher !== undefined), 'a variable needs "value", or "encrypted" and "cipher"');
export type StoredVariable = z.infer<typeof storedVariableSchema>;

const storedMapSchema = z.record(z.string(), storedVariableSchema);
export type StoredMap = z.infer<typeof storedMapSchema>;

export const variableFileSchema = z
  .object({
    version: z.literal(1),
    /** For people reading the folder: which project this was (the uuid derives from it). */
    project_root: z.string(),
    project: storedMapSchema.default({}),
    /** By pipeline uuid; `path` only says which file it was when last written. */
    pipelines: z.record(z.string(), z.object({ path: z.string().optional(), variables: storedMapSchema.default({}) }).loose()).default({}),
  })
  .loose();
export type VariableFile = z.infer<typeof variableFileSchema>;

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export function variablesDir(configDir: string): string {
  return path.join(configDir, 'variables');
}

export function variableFilePath(configDir: string, projectUuid: string): string {
  return path.join(variablesDir(configDir), `${projectUuid}.json`);
}

const emptyFile = (projectRoot: string): VariableFile => ({ version: 1, project_root: projectRoot, project: {}, pipelines: {} });

/** The file's content; an empty set when there is none. A file we cannot parse is an error, never replaced. */
export async function readVariableFile(file: string, projectRoot: string): Promise<VariableFile> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyFile(projectRoot);
    throw new CoreError('INVALID_FILE', `The variables file ${file} cannot be read (${(err as Error).message}).`);
  }
  // As every JSON file of the app: UTF-8 only (a lossy read saved back would lose bytes), bounded nesting.
  const read = parseJsonText(bytes);
  if (!read.ok) {
    const what = read.kind === 'encoding' ? read.message : `is not valid JSON (${read.message})`;
    throw new CoreError('INVALID_FILE', `The variables file ${file} ${read.kind === 'encoding' ? `cannot be read: ${what}` : what}; it is left untouched. Fix or delete it, then set the variables again.`);
  }
  const parsed = variableFileSchema.safeParse(read.value);
  if (!parsed.success) {
    throw new CoreError('INVALID_FILE', `The variables file ${file} is not valid (${z.prettifyError(parsed.error)}); it is left untouched. Fix or delete it, then set the variables again.`);
  }
  return parsed.data;
}

/** Write atomically, readable only by the user (a looser file or folder is tightened first). */
export async function writeVariableFile(file: string, content: VariableFile): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
  await tighten(dir, DIR_MODE);
  await tighten(file, FILE_MODE);
  await atomicWrite(file, `${JSON.stringify(content, null, 2)}\n`, { mode: FILE_MODE });
}

async function tighten(p: string, mode: number): Promise<void> {
  if (process.platform === 'win32') return; // modes mean nothing there; the profile folder is the user's
  const st = await fs.stat(p).catch(() => null);
  if (st && (st.mode & 0o777) !== mode) await fs.chmod(p, mode);
}
