/**
 * A job's parameter grid in Orchest's `<pipeline>.parameters.json` format (pure, no React):
 * `{"pipeline_parameters": {"k": [..]}, "<step uuid>": {"k": [..]}}`, every value a list of the
 * values to sweep. A job runs every combination (main/src/common/parameter-grid.ts), minus the ones the user
 * deselects.
 */
import type { Pipeline } from '../../../main/src/api/pipeline.js';
import { expandGrid, PIPELINE_PARAMETERS_KEY, type GridRunParameters as RunParameters } from '../../../main/src/common/parameter-grid.js';

/** Scope ('pipeline_parameters' or a step uuid) → parameter name → values to sweep (the form edits the lists). */
export type Grid = Record<string, Record<string, unknown[]>>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Check a parsed `parameters.json`: an object of objects of non-empty lists. */
export function validateGrid(value: unknown): Parsed<Grid> {
  if (!isObject(value)) return { ok: false, message: 'The grid must be a JSON object, like {"pipeline_parameters": {"alpha": [0.1, 0.5]}}.' };
  for (const [scope, params] of Object.entries(value)) {
    if (!isObject(params)) return { ok: false, message: `"${scope}" must be an object of parameter names to lists of values.` };
    for (const [name, values] of Object.entries(params)) {
      if (!Array.isArray(values)) return { ok: false, message: `"${scope}" → "${name}" must be a list of values, like [${JSON.stringify(values)}].` };
      if (values.length === 0) return { ok: false, message: `"${scope}" → "${name}" has no values: give it at least one.` };
    }
  }
  return { ok: true, value: value as Grid };
}

export function parseGrid(text: string): Parsed<Grid> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `Invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  return validateGrid(value);
}

/** A stable key of one run's parameters (deselection survives edits of other values). */
export function runKey(run: RunParameters): string {
  const sorted = (v: unknown): unknown =>
    isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : Array.isArray(v) ? v.map(sorted) : v;
  return JSON.stringify(sorted(run));
}

/** The runs to start: every combination but the deselected ones. */
export function selectedRuns(grid: Grid, deselected: ReadonlySet<string>): RunParameters[] {
  return expandGrid(grid).filter((run) => !deselected.has(runKey(run)));
}

/** "Pipeline" or the step's title, for headings and table columns. */
export function scopeLabel(scope: string, pipeline: Pipeline | null): string {
  if (scope === PIPELINE_PARAMETERS_KEY) return 'Pipeline';
  return pipeline?.steps[scope]?.title || `Step ${scope.slice(0, 8)}`;
}
