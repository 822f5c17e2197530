import { promises as fs } from 'node:fs';
import { configSchema } from '../api/config.js';

/** What is in config.json, as far as we could read it. */
export type ConfigFileState =
  | { kind: 'missing' }
  | { kind: 'valid'; text: string; data: Record<string, unknown> }
  /** Bad JSON or fails the schema. `salvaged`: the keys that were fine (none for bad JSON). */
  | { kind: 'invalid'; text: string; reason: string; salvaged: Record<string, unknown>; resetKeys: string[] }
  | { kind: 'unreadable'; reason: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parse the text of config.json. A schema failure keeps the keys that passed, so one bad value
 * (e.g. default_parallelism: 0) does not cost the user their recent projects.
 */
export function parseConfigText(text: string): Exclude<ConfigFileState, { kind: 'missing' } | { kind: 'unreadable' }> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const reason = `it is not valid JSON (${err instanceof Error ? err.message : String(err)})`;
    return { kind: 'invalid', text, reason, salvaged: {}, resetKeys: [] };
  }
  if (!isObject(raw)) {
    return { kind: 'invalid', text, reason: 'it does not hold a JSON object', salvaged: {}, resetKeys: [] };
  }
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return { kind: 'valid', text, data: raw };
  const resetKeys = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))].filter(Boolean);
  const salvaged = Object.fromEntries(Object.entries(raw).filter(([k]) => !resetKeys.includes(k)));
  const reason = `some settings are invalid (${parsed.error.issues.map((i) => `"${i.path.join('.')}": ${i.message}`).join('; ')})`;
  return configSchema.safeParse(salvaged).success
    ? { kind: 'invalid', text, reason, salvaged, resetKeys }
    : { kind: 'invalid', text, reason, salvaged: {}, resetKeys: Object.keys(raw) };
}

export async function readConfigFile(file: string): Promise<ConfigFileState> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: err instanceof Error ? err.message : String(err) };
  }
  return parseConfigText(text);
}

/** Copy a file aside as `<file>.corrupt-<timestamp>` without ever replacing an older copy. */
export async function backUpFile(file: string, now = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (let n = 0; ; n++) {
    const backup = `${file}.corrupt-${stamp}${n ? `-${n}` : ''}`;
    try {
      await fs.copyFile(file, backup, fs.constants.COPYFILE_EXCL);
      return backup;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n > 100) throw err;
    }
  }
}
