import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { Pipeline } from '../../../../main/src/api/pipeline.js';
import type { Position } from '../editing/pipeline-edits.js';

export type NodeSizes = Readonly<Record<string, { width: number; height: number }>>;

const elk = new ELK();

/** Layered, left to right (parents before children), like the way data flows through the steps. */
export async function layeredPositions(
  pipeline: Pipeline,
  sizes: NodeSizes,
  fallback: { width: number; height: number },
): Promise<Record<string, Position>> {
  const ids = Object.keys(pipeline.steps);
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.spacing.nodeNode': '40',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.separateConnectedComponents': 'true',
    },
    children: ids.map((id) => ({ id, width: sizes[id]?.width ?? fallback.width, height: sizes[id]?.height ?? fallback.height })),
    edges: ids.flatMap((id) =>
      pipeline.steps[id]!.incoming_connections
        .filter((parent) => parent in pipeline.steps)
        .map((parent) => ({ id: `${parent}->${id}`, sources: [parent], targets: [id] })),
    ),
  };
  const laid = await elk.layout(graph);
  const positions: Record<string, Position> = {};
  for (const child of laid.children ?? []) positions[child.id] = [child.x ?? 0, child.y ?? 0];
  return positions;
}
