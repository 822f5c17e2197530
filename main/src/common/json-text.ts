/**
 * A JSON file's bytes as a value, refusing what would be lost or would crash later: bytes that are
 * not UTF-8 and nesting deeper than MAX_JSON_DEPTH. Every failure names its line and column.
 * Used for pipeline definitions, environment properties, project settings and the config.
 */
import { scanJson, type DuplicateKey } from './json-scan.js';
import { decodeUtf8 } from './utf8.js';

export type JsonText =
  | { ok: true; value: unknown; text: string; duplicateKeys: DuplicateKey[] }
  | { ok: false; kind: 'encoding' | 'syntax'; message: string; line?: number; column?: number };

const BOM = '\uFEFF';

export function parseJsonText(input: string | Uint8Array): JsonText {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    const decoded = decodeUtf8(input);
    if (!decoded.ok) return { ok: false, kind: 'encoding', message: decoded.message, line: decoded.line, column: decoded.column };
    text = decoded.text;
  }
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const scan = scanJson(body);
  if (scan.error) {
    const { message, line, column } = scan.error;
    return { ok: false, kind: 'syntax', message: `Invalid JSON at line ${line}, column ${column}: ${message}`, line, column };
  }
  try {
    return { ok: true, value: JSON.parse(body), text, duplicateKeys: scan.duplicateKeys };
  } catch (err) {
    // The scanner accepted what V8 rejected: should not happen, but never throw at the user.
    return { ok: false, kind: 'syntax', message: `Invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}
