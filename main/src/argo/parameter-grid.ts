import type { ParameterGrid } from '../api/argo.js';
import type { Pipeline } from '../api/pipeline.js';

/** The key of the pipeline's own parameters in `<pipeline>.parameters.json` (the rest are step uuids). */
export const PIPELINE_PARAMETERS_KEY = 'pipeline_parameters';
/** More runs than this is a typo rather than a sweep. */
export const MAX_GRID_RUNS = 1000;

/** The parameters one run of a grid sets, over the pipeline's own. */
export interface GridRun {
  pipeline: Record<string, unknown>;
  steps: Record<string, Record<string, unknown>>;
  /** "lr=0.1, epochs=3" for people. */
  label: string;
}

/** Why a grid cannot be used with this pipeline, or null. */
export function gridProblem(grid: ParameterGrid, pipeline: Pipeline): string | null {
  const unknown = Object.keys(grid).filter((k) => k !== PIPELINE_PARAMETERS_KEY && !pipeline.steps[k]);
  if (unknown.length) return `The parameter grid names ${unknown.map((k) => `"${k}"`).join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} neither "${PIPELINE_PARAMETERS_KEY}" nor a step uuid of the pipeline.`;
  const runs = Object.values(grid).reduce((n, params) => Object.values(params).reduce((m, values) => m * values.length, n), 1);
  if (runs > MAX_GRID_RUNS) return `The parameter grid makes ${runs} runs; at most ${MAX_GRID_RUNS} can be exported. Sweep fewer values.`;
  return null;
}

/** Every combination of the grid's values (a cartesian product, in the grid's key order), as Orchest's jobs ran them. */
export function expandGrid(grid: ParameterGrid): GridRun[] {
  const axes: Array<{ scope: string; name: string; values: unknown[] }> = [];
  for (const [scope, params] of Object.entries(grid)) for (const [name, values] of Object.entries(params)) axes.push({ scope, name, values });
  let runs: GridRun[] = [{ pipeline: {}, steps: {}, label: '' }];
  for (const axis of axes) {
    runs = runs.flatMap((run) =>
      axis.values.map((value) => {
        const next: GridRun = { pipeline: { ...run.pipeline }, steps: { ...run.steps }, label: [run.label, `${axis.name}=${JSON.stringify(value)}`].filter(Boolean).join(', ') };
        if (axis.scope === PIPELINE_PARAMETERS_KEY) next.pipeline[axis.name] = value;
        else next.steps[axis.scope] = { ...next.steps[axis.scope], [axis.name]: value };
        return next;
      }),
    );
  }
  return runs;
}

/** The pipeline definition one run reads its parameters from (the SDK reads them from the definition file). */
export function withRunParameters(pipeline: Pipeline, run: GridRun | undefined): Pipeline {
  if (!run) return pipeline;
  const steps = Object.fromEntries(
    Object.entries(pipeline.steps).map(([id, step]) => [id, run.steps[id] ? { ...step, parameters: { ...step.parameters, ...run.steps[id] } } : step]),
  );
  return { ...pipeline, parameters: { ...pipeline.parameters, ...run.pipeline }, steps };
}
