import {
  Background,
  Controls,
  ReactFlow,
  applyNodeChanges,
  useReactFlow,
  useStoreApi,
  type Connection,
  type Edge,
  type NodeChange,
  type OnNodeDrag,
} from '@xyflow/react';
import { useCallback, useMemo, useRef, useState, type DragEvent } from 'react';
import type { Pipeline } from '../../../../main/src/api/pipeline.js';
import type { Position } from '../editing/pipeline-edits.js';
import { useEditor, useEditorActions, useEditorStore } from '../store/editor-context.js';
import { selectDocPath, selectPipeline, selectReadOnly, selectSelectedEdges, selectSelectedSteps } from '../store/selectors.js';
import { CanvasMiniMap } from './CanvasMiniMap.js';
import { EdgeLayer } from './EdgeLayer.js';
import { useCanvasElement } from './canvas-element.js';
import { FILE_DRAG_TYPE } from './file-drag.js';
import { NODE_HEIGHT, NODE_WIDTH, buildEdges, syncNodes, type EdgeCache, type StepNodeType } from './flow-mapping.js';
import { nodeTypes } from './node-types.js';
import { useKeepNewStepInView } from './use-keep-new-step-in-view.js';

const multiSelectKeys = ['Meta', 'Control'];
// Never zoom past 100% when fitting: a pipeline of one or two steps would fill the screen.
const fitViewOptions = { padding: 0.15, maxZoom: 1 };
const proOptions = { hideAttribution: true };
// Connections are drawn by EdgeLayer, not React Flow (see there why).
const noEdges: Edge[] = [];

/** Apply React Flow's select changes to the store's selection (the properties panel follows it). */
function selectionAfter(current: readonly string[], changes: ReadonlyArray<{ id: string; selected: boolean }>): string[] {
  const next = new Set(current);
  for (const c of changes) {
    if (c.selected) next.add(c.id);
    else next.delete(c.id);
  }
  return [...next];
}

function FlowView({ pipeline, readOnly }: { pipeline: Pipeline | null; readOnly: boolean }) {
  const store = useEditorStore();
  const actions = useEditorActions();
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  const selectedSteps = useEditor(selectSelectedSteps);
  const selectedEdges = useEditor(selectSelectedEdges);
  const stopKeepingInView = useKeepNewStepInView(useCanvasElement());
  // The user moving the view (an event; the view's own moves have none) or a node ends it.
  const onMoveStart = useCallback((event: unknown) => event && stopKeepingInView(), [stopKeepingInView]);

  // Nodes live here during a drag (React Flow moves them); the pipeline only learns the final
  // positions on drag stop. A new pipeline or selection re-syncs them, reusing unchanged nodes.
  const [nodes, setNodes] = useState<StepNodeType[]>(() => syncNodes([], pipeline, new Set(selectedSteps)));
  const [synced, setSynced] = useState({ pipeline, selectedSteps });
  if (synced.pipeline !== pipeline || synced.selectedSteps !== selectedSteps) {
    setSynced({ pipeline, selectedSteps });
    setNodes((prev) => syncNodes(prev, pipeline, new Set(selectedSteps)));
  }

  const activeSteps = useMemo(() => new Set(selectedSteps), [selectedSteps]);
  const edgeCache = useRef<EdgeCache>(new WeakMap());
  const edges = useMemo(() => buildEdges(pipeline, new Set(selectedEdges), edgeCache.current), [pipeline, selectedEdges]);

  const onNodesChange = useCallback(
    (changes: NodeChange<StepNodeType>[]) => {
      setNodes((nds) => applyNodeChanges(changes, nds));
      const selects = changes.filter((c) => c.type === 'select');
      if (selects.length) {
        const steps = selectionAfter(store.getState().selection.steps, selects);
        // Selecting a step alone (no Ctrl/Cmd) ends a connection's selection, as clicking one ends the steps'.
        const alone = selects.some((c) => c.selected) && !flowStore.getState().multiSelectionActive;
        actions.setSelection(alone ? { steps, edges: [] } : { steps });
      }
      // Final positions only (end of a drag, arrow keys on a focused node): one undo entry each.
      const settled: Record<string, Position> = {};
      for (const c of changes) {
        if (c.type === 'position' && c.dragging === false && c.position) settled[c.id] = [c.position.x, c.position.y];
      }
      if (Object.keys(settled).length) actions.moveSteps(settled);
    },
    [actions, store, flowStore],
  );

  const onSelectEdge = useCallback(
    (id: string, additive: boolean) => {
      if (!additive) actions.setSelection({ steps: [], edges: [id] });
      else actions.setSelection({ edges: selectionAfter(store.getState().selection.edges, [{ id, selected: true }]) });
    },
    [actions, store],
  );
  const onDeselectEdge = useCallback(
    (id: string) => actions.setSelection({ edges: selectionAfter(store.getState().selection.edges, [{ id, selected: false }]) }),
    [actions, store],
  );
  const onPaneClick = useCallback(() => actions.setSelection({ edges: [] }), [actions]);

  // Usually a no-op (the final position change above already committed); kept in case a drag
  // ends without one.
  const onNodeDragStop: OnNodeDrag<StepNodeType> = useCallback(
    (_event, _node, dragged) => {
      const positions: Record<string, Position> = {};
      for (const n of dragged) positions[n.id] = [n.position.x, n.position.y];
      actions.moveSteps(positions);
    },
    [actions],
  );

  const onConnect = useCallback((c: Connection) => void actions.connect(c.source, c.target), [actions]);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(FILE_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const file = event.dataTransfer.getData(FILE_DRAG_TYPE);
      if (!file) return;
      event.preventDefault();
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      actions.addStep({ position: [at.x - NODE_WIDTH / 2, at.y - NODE_HEIGHT / 2], projectFile: file });
    },
    [actions, flow],
  );

  return (
    <ReactFlow<StepNodeType>
      colorMode="system"
      nodes={nodes}
      edges={noEdges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onPaneClick={onPaneClick}
      onNodeDragStart={stopKeepingInView}
      onNodeDragStop={onNodeDragStop}
      onMoveStart={onMoveStart}
      onConnect={onConnect}
      onDragOver={onDragOver}
      onDrop={onDrop}
      // Deleting goes through the store (one undo entry, not while typing): see keyboard shortcuts.
      deleteKeyCode={null}
      multiSelectionKeyCode={multiSelectKeys}
      selectionKeyCode="Shift"
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      fitView
      fitViewOptions={fitViewOptions}
      minZoom={0.05}
      maxZoom={2}
      proOptions={proOptions}
      aria-label="Pipeline canvas"
    >
      <EdgeLayer edges={edges} activeSteps={activeSteps} onSelect={onSelectEdge} onDeselect={onDeselectEdge} />
      <Background gap={20} />
      <CanvasMiniMap />
      {/* Fit view is in the toolbar; a second "Fit View" button here would make the name ambiguous. */}
      <Controls showInteractive={false} showFitView={false} />
    </ReactFlow>
  );
}

function EmptyState() {
  const project = useEditor((s) => s.project);
  const readOnly = useEditor(selectReadOnly);
  const path = useEditor(selectDocPath);
  const empty = useEditor((s) => s.doc?.pipeline != null && Object.keys(s.doc.pipeline.steps).length === 0);
  if (empty) {
    return (
      <div className="canvas-empty">
        <p>This pipeline has no steps yet.</p>
        <p>Drag a script or notebook from Files onto the canvas, or click “New step”.</p>
      </div>
    );
  }
  if (readOnly) {
    return (
      <div className="canvas-empty">
        <p>This pipeline file can't be shown: it is invalid (see Problems below).</p>
        <p>It is left untouched. Fix it in your editor and it will reload here.</p>
      </div>
    );
  }
  if (path) return null;
  return (
    <div className="canvas-empty">
      {project ? <p>Choose a pipeline in the sidebar, or create one with “New pipeline”.</p> : <p>Open a folder to start.</p>}
    </div>
  );
}

/** The centre of the editor. Remounted per pipeline, so each opens fitted to the view. */
export function PipelineCanvas() {
  const pipeline = useEditor(selectPipeline);
  const path = useEditor(selectDocPath);
  const readOnly = useEditor(selectReadOnly);
  const ref = useCanvasElement();
  return (
    <div className="canvas" ref={ref} data-testid="pipeline-canvas">
      {path && !readOnly ? <FlowView key={path} pipeline={pipeline} readOnly={readOnly} /> : null}
      <EmptyState />
    </div>
  );
}
