import type { ParentMap } from '../../../../main/src/common/graph.js';
import type { Pipeline } from '../../../../main/src/api/pipeline.js';

/** The step graph in the shape graph.ts works on: step id -> ordered parents. */
export function parentMap(pipeline: Pipeline): ParentMap {
  const map: Record<string, readonly string[]> = {};
  for (const [id, step] of Object.entries(pipeline.steps)) map[id] = step.incoming_connections;
  return map;
}

/** A step's name as the user knows it, for messages. */
export function stepLabel(pipeline: Pipeline, id: string): string {
  const title = pipeline.steps[id]?.title.trim();
  return title ? title : id;
}
