import type { Pipeline, Problem } from '../api/pipeline.js';
import { parseJsonText } from '../common/json-text.js';
import { fieldPath } from './problems.js';
import { checkDefinition, type ValidateOptions } from './validate.js';

export interface ParseResult {
  /**
   * The definition, or null when the file is not JSON or fails the schema. A pipeline whose
   * graph is wrong (cycle, unknown parent, escaping file path) is still returned so the editor
   * can show it; `problems` then holds errors and saving it back is refused until fixed.
   */
  pipeline: Pipeline | null;
  /** Every problem found, errors and warnings, each naming its step and field where it has one. */
  problems: Problem[];
  /** The file's JSON value as read (undefined if it is not JSON): a save merges onto it. */
  raw: unknown;
}

/**
 * Parse a pipeline definition file (pipeline.json or *.orchest): its bytes, which must be UTF-8,
 * or its text. Never throws: a file that cannot be read as a pipeline comes back as problems.
 */
export function parse(input: string | Uint8Array, opts: ValidateOptions = {}): ParseResult {
  const json = parseJsonText(input);
  if (!json.ok) {
    const message = json.kind === 'encoding' ? `The pipeline file cannot be read: ${json.message}.` : `${json.message}.`;
    const at = json.line !== undefined ? { line: json.line, column: json.column } : {};
    const empty = json.kind === 'syntax' && isBlank(input);
    return { pipeline: null, raw: undefined, problems: [{ severity: 'error', message: empty ? 'The pipeline file is empty.' : message, ...(empty ? {} : at) }] };
  }
  const raw = json.value;
  const { pipeline, problems } = checkDefinition(raw, opts);
  for (const dup of json.duplicateKeys) {
    const stepId = dup.path[0] === 'steps' && typeof dup.path[1] === 'string' ? dup.path[1] : undefined;
    const key = String(dup.path[dup.path.length - 1]);
    problems.push({
      severity: 'warning',
      message: `The key "${key}" appears twice in ${fieldPath(dup.path.slice(0, -1)) || 'the top level'} (line ${dup.line}); only the last one is used, and saving keeps only that one.`,
      field: fieldPath(dup.path),
      line: dup.line,
      column: dup.column,
      ...(stepId !== undefined && dup.path.length >= 2 ? { stepId } : {}),
    });
  }
  return { pipeline, problems, raw };
}

/** Only whitespace (and a byte-order mark): the file is empty rather than broken. */
function isBlank(input: string | Uint8Array): boolean {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  return text.replace(/^\uFEFF/, '').trim() === '';
}
