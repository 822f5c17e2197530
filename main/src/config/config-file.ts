import { promises as fs } from 'node:fs';
import { configSchema } from '../api/config.js';
import { parseJsonText } from '../common/json-text.js';

/** What is in config.json, as far as we could read it. */
export type ConfigFileState =
  | { kind: 'missing' }
  | { kind: 'valid'; text: string; data: Record<string, unknown> }
  /**
   * Not UTF-8, bad JSON, or fails the schema. `salvaged`: the keys that were fine (none for bad
   * JSON). `text`: the content (byte for byte, as Latin-1, when it is not UTF-8), to recognise it.
   */
  | { kind: 'invalid'; text: string; reason: string; salvaged: Record<string, unknown>; resetKeys: string[] }
  | { kind: 'unreadable'; reason: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parse the text of config.json. A schema failure keeps the keys that passed, so one bad value
 * (e.g. default_parallelism: 0) does not cost the user their recent projects.
 */
export function parseConfigText(input: string | Uint8Array): Exclude<ConfigFileState, { kind: 'missing' } | { kind: 'unreadable' }> {
  const read = parseJsonText(input);
  if (!read.ok) {
    const text = typeof input === 'string' ? input : Buffer.from(input).toString(read.kind === 'encoding' ? 'latin1' : 'utf8');
    const reason = read.kind === 'encoding' ? read.message : `it is not valid JSON (${read.message.replace(/^Invalid JSON /, '')})`;
    return { kind: 'invalid', text, reason, salvaged: {}, resetKeys: [] };
  }
  const { text, value: raw } = read;
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
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: err instanceof Error ? err.message : String(err) };
  }
  return parseConfigText(bytes);
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
