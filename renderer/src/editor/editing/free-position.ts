import type { Pipeline } from '../../../../main/src/api/pipeline.js';
import type { Position } from './pipeline-edits.js';

/**
 * The first spot at or below `desired` where a node of `size` does not overlap a step, so
 * repeated "New step" clicks don't stack steps on top of each other.
 */
export function freePosition(pipeline: Pipeline, desired: Position, size: { width: number; height: number }, gap = 24): Position {
  const boxes = Object.values(pipeline.steps)
    .map((s) => s.meta_data.position)
    .filter((p): p is [number, number] => p !== undefined);
  const overlaps = ([x, y]: Position) =>
    boxes.some(([bx, by]) => x < bx + size.width + gap && bx < x + size.width + gap && y < by + size.height + gap && by < y + size.height + gap);
  let candidate: Position = desired;
  for (let i = 0; i < 200 && overlaps(candidate); i++) candidate = [desired[0], desired[1] + (i + 1) * (size.height + gap)];
  return candidate;
}
