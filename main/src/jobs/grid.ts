import { parseJsonText } from '../common/json-text.js';
import { expandGrid, gridSize, PIPELINE_PARAMETERS_KEY } from '../common/parameter-grid.js';
import { MAX_GRID_RUNS, parameterGridSchema, type GridCombination, type ParameterGrid, type RunParameters } from '../api/jobs.js';
import type { Pipeline } from '../api/pipeline.js';
import { CoreError } from '../core/core-error.js';
import { isPlainObject } from '../pipeline/json-value.js';

/**
 * Parameter grids as in Orchest's `<pipeline>.parameters.json` (pure, no I/O). A grid maps
 * "pipeline_parameters" or a step uuid to name -> list of values; a job runs every combination.
 */

/**
 * Every combination, numbered (the common rule: the last parameter varies fastest); refused past
 * what a job may hold.
 */
export function gridCombinations(grid: ParameterGrid): GridCombination[] {
  const total = gridSize(grid);
  if (total > MAX_GRID_RUNS) {
    throw new CoreError('INVALID_ARGUMENT', `The parameter grid gives ${total} runs; a job can hold at most ${MAX_GRID_RUNS}. Use fewer values, or split it into several jobs.`);
  }
  return expandGrid(grid).map((parameters, index) => ({ index, parameters }));
}

/** The combinations a job runs: all but the deselected ones (indexes past the grid are refused). */
export function selectedCombinations(grid: ParameterGrid, deselected: readonly number[]): GridCombination[] {
  const all = gridCombinations(grid);
  const bad = deselected.filter((i) => i >= all.length);
  if (bad.length) throw new CoreError('INVALID_ARGUMENT', `Deselected run${bad.length > 1 ? 's' : ''} ${bad.join(', ')} ${bad.length > 1 ? 'are' : 'is'} not in the grid (it has ${all.length} runs, numbered from 0).`);
  const skip = new Set(deselected);
  const chosen = all.filter((c) => !skip.has(c.index));
  if (!chosen.length) throw new CoreError('INVALID_ARGUMENT', 'Every run of the grid is deselected: select at least one.');
  return chosen;
}

/** The grid of a pipeline's own parameter values, one each: a job over it runs the pipeline as it is. */
export function gridOfPipeline(pipeline: Pipeline): ParameterGrid {
  const grid: ParameterGrid = {};
  const wrap = (params: Record<string, unknown>) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, [v]]));
  if (Object.keys(pipeline.parameters).length) grid[PIPELINE_PARAMETERS_KEY] = wrap(pipeline.parameters);
  for (const step of Object.values(pipeline.steps)) if (Object.keys(step.parameters).length) grid[step.uuid] = wrap(step.parameters);
  return grid;
}

/** What in a grid the pipeline does not know: said to the user, not refused (Orchest allows new parameters). */
export function gridWarnings(grid: ParameterGrid, pipeline: Pipeline): string[] {
  const warnings: string[] = [];
  for (const [owner, params] of Object.entries(grid)) {
    if (owner === PIPELINE_PARAMETERS_KEY) continue;
    const step = pipeline.steps[owner];
    if (!step) {
      warnings.push(`"${owner}" is no step of the pipeline: its parameters are not used.`);
      continue;
    }
    for (const name of Object.keys(params)) {
      if (!(name in step.parameters)) warnings.push(`Step "${step.title || owner}" has no parameter "${name}"; it is added for the runs.`);
    }
  }
  for (const name of Object.keys(grid[PIPELINE_PARAMETERS_KEY] ?? {})) {
    if (!(name in pipeline.parameters)) warnings.push(`The pipeline has no parameter "${name}"; it is added for the runs.`);
  }
  return warnings;
}

/**
 * A pipeline file's JSON with one run's parameters in place (pipeline `parameters`, each step's
 * `parameters`), everything else as it was: what the SDK's get_params reads in that run.
 */
export function withParameters(raw: unknown, params: RunParameters): Record<string, unknown> {
  if (!isPlainObject(raw)) throw new CoreError('INVALID_FILE', 'The pipeline file is not a JSON object.');
  const out = structuredClone(raw);
  for (const [owner, values] of Object.entries(params)) {
    if (owner === PIPELINE_PARAMETERS_KEY) {
      out.parameters = { ...(isPlainObject(out.parameters) ? out.parameters : {}), ...values };
      continue;
    }
    const steps = isPlainObject(out.steps) ? out.steps : undefined;
    const step = steps?.[owner];
    if (!isPlainObject(step)) continue; // gridWarnings said so
    step.parameters = { ...(isPlainObject(step.parameters) ? step.parameters : {}), ...values };
  }
  return out;
}

/** A `<pipeline>.parameters.json`, checked: each value a list. */
export function parseGridFile(text: string, file: string): ParameterGrid {
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new CoreError('INVALID_FILE', `${file} is not valid JSON: ${parsed.message}. Fix it, or remove it to start from the pipeline's own parameters.`);
  const grid = parameterGridSchema.safeParse(parsed.value);
  if (!grid.success) {
    const issue = grid.error.issues[0]!;
    throw new CoreError('INVALID_FILE', `${file}: ${issue.path.join('.') || '(top)'}: ${issue.message}. Every parameter holds a list of values, e.g. {"pipeline_parameters": {"epochs": [1, 2]}}.`);
  }
  return grid.data;
}
