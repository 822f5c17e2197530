import type { Pipeline, Problem } from '../api/pipeline.js';
import { scanJson } from './json-scan.js';
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

const BOM = '\uFEFF';

/** Parse the text of a pipeline definition file (pipeline.json or *.orchest). Never throws. */
export function parse(text: string, opts: ValidateOptions = {}): ParseResult {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  if (body.trim() === '') {
    return { pipeline: null, raw: undefined, problems: [{ severity: 'error', message: 'The pipeline file is empty.' }] };
  }
  const scan = scanJson(body);
  if (scan.error) {
    const { message, line, column } = scan.error;
    return {
      pipeline: null,
      raw: undefined,
      problems: [{ severity: 'error', message: `Invalid JSON at line ${line}, column ${column}: ${message}.`, line, column }],
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (err) {
    // The scanner accepted what V8 rejected: should not happen, but never throw at the user.
    const reason = err instanceof Error ? err.message : String(err);
    return { pipeline: null, raw: undefined, problems: [{ severity: 'error', message: `Invalid JSON: ${reason}.` }] };
  }
  const { pipeline, problems } = checkDefinition(raw, opts);
  for (const dup of scan.duplicateKeys) {
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
