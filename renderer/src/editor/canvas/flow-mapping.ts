/**
 * Pipeline -> React Flow nodes, and the edges EdgeLayer draws. Runs on every pipeline change, so it
 * reuses the previous objects for untouched steps: only what changed re-renders, which keeps a
 * 500-step pipeline responsive.
 */
import type { Edge, Node } from '@xyflow/react';
import type { Pipeline, Step } from '../../../../main/src/api/pipeline.js';
import { edgeId } from '../editing/edge-id.js';

export type StepNodeData = { step: Step };
export type StepNodeType = Node<StepNodeData, 'step'>;

/** Size used before React Flow has measured a node (auto layout, drops). */
export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 84;

// Not a fresh literal, so the test id passes React Flow's domAttributes type (no data-* there).
const stepNodeDom = { 'data-testid': 'step-node', 'aria-roledescription': 'pipeline step' };

/** Where a step without meta_data.position goes: a grid in file order. */
export function fallbackPosition(index: number): { x: number; y: number } {
  return { x: (index % 6) * (NODE_WIDTH + 80), y: Math.floor(index / 6) * (NODE_HEIGHT + 80) };
}

export function stepAriaLabel(step: Step): string {
  return `Step ${step.title || step.uuid}`;
}

export function syncNodes(prev: readonly StepNodeType[], pipeline: Pipeline | null, selected: ReadonlySet<string>): StepNodeType[] {
  if (!pipeline) return [];
  const prevById = new Map(prev.map((n) => [n.id, n]));
  return Object.entries(pipeline.steps).map(([id, step], index) => {
    const old = prevById.get(id);
    const isSelected = selected.has(id);
    if (old && old.data.step === step && (old.selected ?? false) === isSelected) return old;
    const p = step.meta_data.position;
    return {
      id,
      type: 'step',
      position: p ? { x: p[0], y: p[1] } : fallbackPosition(index),
      data: { step },
      selected: isSelected,
      ariaLabel: stepAriaLabel(step),
      domAttributes: stepNodeDom,
      // Carried over: React Flow does not re-measure a node whose object was replaced.
      ...(old?.measured ? { measured: old.measured } : {}),
    };
  });
}

function makeEdge(pipeline: Pipeline, source: string, target: string, index: number, total: number, selected: boolean): Edge {
  const from = pipeline.steps[source]?.title || source;
  const to = pipeline.steps[target]?.title || target;
  return {
    id: edgeId(source, target),
    source,
    target,
    selected,
    // The order matters (it is the order of unnamed inputs): show it when there is a choice.
    ...(total > 1 ? { label: String(index + 1) } : {}),
    ariaLabel: `Connection ${from} → ${to}`,
  };
}

export type EdgeCache = WeakMap<Step, { titles: string; edges: Edge[] }>;

/**
 * Edges in `incoming_connections` order. `cache` holds each step's unselected edges by step object
 * (and source titles), so unchanged steps give the same Edge objects.
 */
export function buildEdges(
  pipeline: Pipeline | null,
  selected: ReadonlySet<string>,
  cache: EdgeCache,
): Edge[] {
  if (!pipeline) return [];
  const out: Edge[] = [];
  for (const [id, step] of Object.entries(pipeline.steps)) {
    const parents = step.incoming_connections.filter((p) => p in pipeline.steps);
    // Edge labels name the parents, so a renamed parent must refresh its children's edges.
    const titles = parents.map((p) => pipeline.steps[p]!.title).join('\u0000') + '\u0000' + step.title;
    let entry = cache.get(step);
    if (!entry || entry.titles !== titles) {
      entry = { titles, edges: parents.map((p, i) => makeEdge(pipeline, p, id, i, parents.length, false)) };
      cache.set(step, entry);
    }
    for (const edge of entry.edges) {
      out.push(selected.has(edge.id) ? { ...edge, selected: true } : edge);
    }
  }
  return out;
}
