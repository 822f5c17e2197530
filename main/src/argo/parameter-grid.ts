import type { ParameterGrid } from '../api/argo.js';
import type { Pipeline } from '../api/pipeline.js';
import { expandGrid as expandParameterGrid, gridSize, PIPELINE_PARAMETERS_KEY } from '../common/parameter-grid.js';

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
  const runs = gridSize(grid);
  if (runs > MAX_GRID_RUNS) return `The parameter grid makes ${runs} runs; at most ${MAX_GRID_RUNS} can be exported. Sweep fewer values.`;
  return null;
}

/** Every combination of the grid's values (the common rule), as Orchest's jobs ran them. */
export function expandGrid(grid: ParameterGrid): GridRun[] {
  return expandParameterGrid(grid).map((run) => {
    const { [PIPELINE_PARAMETERS_KEY]: pipeline = {}, ...steps } = run;
    const label = Object.values(run).flatMap((params) => Object.entries(params).map(([name, value]) => `${name}=${JSON.stringify(value)}`)).join(', ');
    return { pipeline, steps, label };
  });
}

/** The pipeline definition one run reads its parameters from (the SDK reads them from the definition file). */
export function withRunParameters(pipeline: Pipeline, run: GridRun | undefined): Pipeline {
  if (!run) return pipeline;
  const steps = Object.fromEntries(
    Object.entries(pipeline.steps).map(([id, step]) => [id, run.steps[id] ? { ...step, parameters: { ...step.parameters, ...run.steps[id] } } : step]),
  );
  return { ...pipeline, parameters: { ...pipeline.parameters, ...run.pipeline }, steps };
}
