import { EdgeLabelRenderer, getBezierPath, Position, useStore, useStoreApi, type Edge, type InternalNode, type ReactFlowState } from '@xyflow/react';
import { memo, useCallback, useRef, type KeyboardEvent, type MouseEvent, type ReactElement } from 'react';
import type { StepNodeType } from './flow-mapping.js';

/** Arrowhead: the look of React Flow's closed arrow marker at 18 px. */
const ARROW_LENGTH = 5;
const ARROW_HALF_WIDTH = 4;
/** Width of the invisible stroke that takes clicks, as React Flow's edges have. */
const INTERACTION_WIDTH = 20;

type StepInternalNode = InternalNode<StepNodeType>;

/** Where a connection leaves a step (its output handle's outer side) or enters one (its input's). */
function endpoint(node: StepInternalNode, side: 'source' | 'target'): { x: number; y: number } {
  const { x, y } = node.internals.positionAbsolute;
  const handle = node.internals.handleBounds?.[side]?.[0];
  const width = node.measured.width ?? 0;
  const height = node.measured.height ?? 0;
  if (!handle) return side === 'source' ? { x: x + width, y: y + height / 2 } : { x, y: y + height / 2 };
  return side === 'source'
    ? { x: x + handle.x + handle.width, y: y + handle.y + handle.height / 2 }
    : { x: x + handle.x, y: y + handle.y + handle.height / 2 };
}

interface EdgeViewProps {
  edge: Edge;
  source: StepInternalNode;
  target: StepInternalNode;
}

/**
 * One connection. Memoized on its edge object and its two steps' internal nodes, which React
 * Flow replaces only when a step moves or is measured: dragging a step redraws its connections alone.
 */
const EdgeView = memo(function EdgeView({ edge, source, target }: EdgeViewProps) {
  const s = endpoint(source, 'source');
  const t = endpoint(target, 'target');
  const [path, labelX, labelY] = getBezierPath({
    sourceX: s.x,
    sourceY: s.y,
    sourcePosition: Position.Right,
    targetX: t.x,
    targetY: t.y,
    targetPosition: Position.Left,
  });
  // Inputs are on the left of a step, so the curve always arrives going right.
  const arrow = `M${t.x - ARROW_LENGTH},${t.y - ARROW_HALF_WIDTH}L${t.x},${t.y}L${t.x - ARROW_LENGTH},${t.y + ARROW_HALF_WIDTH}Z`;
  const label = typeof edge.label === 'string' ? edge.label : null;
  return (
    <g
      className={edge.selected ? 'react-flow__edge step-edge selectable nopan selected' : 'react-flow__edge step-edge selectable nopan'}
      data-edge-id={edge.id}
      data-testid={`rf__edge-${edge.id}`}
      role="group"
      aria-roledescription="connection"
      aria-label={edge.ariaLabel}
      tabIndex={0}
    >
      <path className="react-flow__edge-path" d={path} />
      <path className="react-flow__edge-interaction" d={path} fill="none" strokeOpacity={0} strokeWidth={INTERACTION_WIDTH} />
      <path className="step-edge-arrow" d={arrow} />
      {label ? (
        <>
          <rect className="step-edge-label-bg" x={labelX - 4 - label.length * 3.5} y={labelY - 7} width={8 + label.length * 7} height={14} rx={3} />
          <text className="step-edge-label" x={labelX} y={labelY} textAnchor="middle" dominantBaseline="central">
            {label}
          </text>
        </>
      ) : null}
    </g>
  );
});

/** A group of connections; memoized on the array, which EdgeLayer keeps while none of them changed. */
const EdgeGroup = memo(function EdgeGroup({ views, label, onClick, onKeyDown }: { views: ReactElement[]; label: string; onClick(e: MouseEvent): void; onKeyDown(e: KeyboardEvent): void }) {
  return (
    <svg className="step-edges" role="group" aria-label={label} onClick={onClick} onKeyDown={onKeyDown}>
      {views}
    </svg>
  );
});

interface Cached {
  edge: Edge;
  source: StepInternalNode;
  target: StepInternalNode;
  view: ReactElement;
}

/** `next`, or `prev` when it holds the same elements (so the group's memo holds). */
function sameOr(prev: ReactElement[], next: ReactElement[]): ReactElement[] {
  return prev.length === next.length && prev.every((v, i) => v === next[i]) ? prev : next;
}

const selectNodes = (s: ReactFlowState) => s.nodes;

/** The connection an event happened in (clicks and keys are handled once, on the group). */
const edgeIdOf = (target: EventTarget) => (target instanceof Element ? target.closest('[data-edge-id]')?.getAttribute('data-edge-id') : null) ?? null;

export interface EdgeLayerProps {
  edges: readonly Edge[];
  /** Selected steps: their connections are drawn apart (see below). */
  activeSteps: ReadonlySet<string>;
  /** Select a connection; `additive`: keep the rest of the selection (Ctrl/Cmd). */
  onSelect(id: string, additive: boolean): void;
  onDeselect(id: string): void;
}

/**
 * The pipeline's connections, drawn by the editor rather than React Flow: one SVG and one store
 * subscription for all of them. React Flow gives every edge its own SVG element (a paint layer
 * each) and its own store subscription, all of which ran on every frame of a drag: with 700
 * connections that was four tenths of the work of moving a step. Nodes, handles and the line
 * drawn while connecting remain React Flow's.
 */
export function EdgeLayer({ edges, activeSteps, onSelect, onDeselect }: EdgeLayerProps) {
  const store = useStoreApi<StepNodeType>();
  // Re-render when steps move or are measured (React Flow then replaces its nodes array).
  useStore(selectNodes);
  const { nodeLookup } = store.getState();

  const onClick = useCallback(
    (event: MouseEvent) => {
      const id = edgeIdOf(event.target);
      if (!id) return;
      const additive = event.ctrlKey || event.metaKey;
      const selected = (event.target as Element).closest('.selected') !== null;
      if (additive && selected) onDeselect(id);
      else onSelect(id, additive);
    },
    [onSelect, onDeselect],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      const id = edgeIdOf(event.target);
      if (!id) return;
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onSelect(id, false);
      }
    },
    [onSelect],
  );

  // Connections of selected steps (the ones a drag moves) go in an SVG of their own: the browser
  // then repaints that small one on each frame, not all 700.
  // The same element for an unchanged connection: React skips it without comparing props, and
  // a frame of a drag costs a map lookup per connection.
  const cache = useRef(new Map<string, Cached>());
  const groups = useRef<{ still: ReactElement[]; active: ReactElement[] }>({ still: [], active: [] });
  const nextCache = new Map<string, Cached>();
  const still: ReactElement[] = [];
  const active: ReactElement[] = [];
  for (const edge of edges) {
    const source = nodeLookup.get(edge.source);
    const target = nodeLookup.get(edge.target);
    // Drawn once both steps are measured, as React Flow does.
    if (!source?.measured.width || !target?.measured.width) continue;
    let entry = cache.current.get(edge.id);
    if (!entry || entry.edge !== edge || entry.source !== source || entry.target !== target) {
      entry = { edge, source, target, view: <EdgeView key={edge.id} edge={edge} source={source} target={target} /> };
    }
    nextCache.set(edge.id, entry);
    if (activeSteps.has(edge.source) || activeSteps.has(edge.target)) active.push(entry.view);
    else still.push(entry.view);
  }
  cache.current = nextCache;
  groups.current = { still: sameOr(groups.current.still, still), active: sameOr(groups.current.active, active) };

  return (
    <EdgeLabelRenderer>
      <EdgeGroup views={groups.current.still} label="Connections" onClick={onClick} onKeyDown={onKeyDown} />
      <EdgeGroup views={groups.current.active} label="Connections of the selected steps" onClick={onClick} onKeyDown={onKeyDown} />
    </EdgeLabelRenderer>
  );
}
