import type { Pipeline } from '../api/pipeline.js';
import type { RunKind } from '../api/runs.js';
import { ancestors, findCycle, topologicalOrder, type ParentMap } from '../common/graph.js';
import { CoreError } from '../core/core-error.js';

export interface PlannedStep {
  uuid: string;
  title: string;
  /** The steps of this run it must wait for (its nearest ancestors in the run). */
  parents: string[];
}

export interface PlanRequest {
  kind: RunKind;
  steps: readonly string[];
  inclusive: boolean;
}

export function parentMap(pipeline: Pipeline): ParentMap {
  const map: Record<string, readonly string[]> = {};
  for (const [id, step] of Object.entries(pipeline.steps)) map[id] = step.incoming_connections;
  return map;
}

/**
 * Which steps a run runs, in dependency order, and what each waits for.
 * - full: every step;
 * - selection: exactly the selected steps (they read other parents' outputs from earlier runs);
 * - incoming: the ancestors of the selection, plus the selection when `inclusive`.
 * A step waits for its nearest ancestors that are in the run, also through steps left out, so
 * "selection" keeps the pipeline's order.
 */
export function planRun(pipeline: Pipeline, req: PlanRequest): PlannedStep[] {
  const graph = parentMap(pipeline);
  const cycle = findCycle(graph);
  if (cycle) {
    const names = cycle.map((id) => `"${pipeline.steps[id]?.title || id}"`).join(' -> ');
    throw new CoreError('INVALID_ARGUMENT', `The pipeline has a cycle (${names}), so it has no order to run in.`, { cycle });
  }
  const unknown = req.steps.filter((id) => !(id in graph));
  if (unknown.length) {
    throw new CoreError('INVALID_ARGUMENT', `Unknown step id${unknown.length > 1 ? 's' : ''} in the run request: ${unknown.join(', ')}.`, { unknown });
  }
  if (req.kind !== 'full' && req.steps.length === 0) {
    throw new CoreError('INVALID_ARGUMENT', `A "${req.kind}" run needs at least one step.`);
  }

  let chosen: Set<string>;
  if (req.kind === 'full') chosen = new Set(Object.keys(graph));
  else if (req.kind === 'selection') chosen = new Set(req.steps);
  else {
    chosen = ancestors(graph, req.steps);
    if (req.inclusive) for (const id of req.steps) chosen.add(id);
    else for (const id of req.steps) chosen.delete(id);
  }

  const nearestInRun = (id: string): string[] => {
    const found = new Set<string>();
    const seen = new Set<string>();
    const stack = [...(graph[id] ?? [])];
    while (stack.length) {
      const p = stack.pop()!;
      if (seen.has(p) || !(p in graph)) continue;
      seen.add(p);
      if (chosen.has(p)) found.add(p);
      else stack.push(...graph[p]!);
    }
    return [...found];
  };

  return topologicalOrder(graph, chosen).map((uuid) => ({
    uuid,
    title: pipeline.steps[uuid]!.title,
    parents: nearestInRun(uuid),
  }));
}
