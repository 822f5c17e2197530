/**
 * The one rule of parameter grids (pure, shared by jobs, the Argo export and the renderer): Orchest's
 * `<pipeline>.parameters.json`, `{"pipeline_parameters": {"k": [..]}, "<step uuid>": {"k": [..]}}`,
 * every value the list of values to sweep; a sweep runs every combination.
 */

/** The key of the pipeline's own parameters in a grid or a run's parameters (the rest are step uuids). */
export const PIPELINE_PARAMETERS_KEY = 'pipeline_parameters';

/** Owner ('pipeline_parameters' or a step uuid) → parameter name → values to sweep. */
export type Grid = Record<string, Record<string, readonly unknown[]>>;
/** One run's parameters: owner → parameter name → value. */
export type GridRunParameters = Record<string, Record<string, unknown>>;

export interface GridAxis {
  owner: string;
  name: string;
  values: readonly unknown[];
}

/** Every parameter of the grid in order: the pipeline's first, then the steps as listed, names in their order. */
export function gridAxes(grid: Grid): GridAxis[] {
  const owners = Object.keys(grid).sort((a, b) => Number(b === PIPELINE_PARAMETERS_KEY) - Number(a === PIPELINE_PARAMETERS_KEY));
  return owners.flatMap((owner) => Object.entries(grid[owner]!).map(([name, values]) => ({ owner, name, values })));
}

/** How many runs the grid gives (1 for an empty grid: the pipeline as it is). */
export function gridSize(grid: Grid): number {
  return gridAxes(grid).reduce((n, a) => n * a.values.length, 1);
}

/**
 * The parameters of run `index` (0 ≤ index < gridSize): the last parameter varies fastest, as
 * itertools.product and Orchest's jobs. Every owner of the grid is there (keys in the grid's
 * order), even one with no parameter; values are copies.
 */
export function gridCombination(grid: Grid, index: number): GridRunParameters {
  const axes = gridAxes(grid);
  const picked = new Map<string, unknown>();
  const key = (owner: string, name: string) => `${owner}\u0000${name}`;
  let rest = index;
  for (let i = axes.length - 1; i >= 0; i--) {
    const axis = axes[i]!;
    picked.set(key(axis.owner, axis.name), axis.values[rest % axis.values.length]);
    rest = Math.floor(rest / axis.values.length);
  }
  return Object.fromEntries(Object.entries(grid).map(([owner, params]) => [owner, Object.fromEntries(Object.keys(params).map((name) => [name, structuredClone(picked.get(key(owner, name)))]))]));
}

/** Every combination in order (callers bound the size first: see gridSize). */
export function expandGrid(grid: Grid): GridRunParameters[] {
  return Array.from({ length: gridSize(grid) }, (_, index) => gridCombination(grid, index));
}
