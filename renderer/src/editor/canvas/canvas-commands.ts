import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { useEditorActions, useEditorStore } from '../store/editor-context.js';
import { errorMessage } from '../../client/client-error.js';
import { freePosition } from '../editing/free-position.js';
import type { Position } from '../editing/pipeline-edits.js';
import { NODE_HEIGHT, NODE_WIDTH } from './flow-mapping.js';
import { useCanvasElement } from './canvas-element.js';

/** Commands that need both the store and React Flow's view: shared by toolbar and shortcuts. */
export function useCanvasCommands() {
  const flow = useReactFlow();
  const store = useEditorStore();
  const actions = useEditorActions();
  const canvas = useCanvasElement();

  const addStepAtCenter = useCallback(() => {
    const rect = canvas.current?.getBoundingClientRect();
    const center = rect
      ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 })
      : { x: 0, y: 0 };
    const pipeline = store.getState().doc?.pipeline;
    if (!pipeline) return;
    const desired: Position = [center.x - NODE_WIDTH / 2, center.y - NODE_HEIGHT / 2];
    // Selected, it opens its log pane below: the canvas keeps it in view (useKeepNewStepInView).
    actions.addStep({ position: freePosition(pipeline, desired, { width: NODE_WIDTH, height: NODE_HEIGHT }) });
  }, [actions, canvas, flow, store]);

  const fitView = useCallback(() => {
    void flow.fitView({ padding: 0.15, maxZoom: 1, duration: 200 });
  }, [flow]);

  const autoLayout = useCallback(async () => {
    const pipeline = store.getState().doc?.pipeline;
    if (!pipeline) return;
    const sizes: Record<string, { width: number; height: number }> = {};
    for (const node of flow.getNodes()) {
      if (node.measured?.width && node.measured.height) sizes[node.id] = { width: node.measured.width, height: node.measured.height };
    }
    try {
      // elkjs is large: loaded on first use, not with the app.
      const { layeredPositions } = await import('../layout/auto-layout.js');
      const positions = await layeredPositions(pipeline, sizes, { width: NODE_WIDTH, height: NODE_HEIGHT });
      // The pipeline may have changed while elk ran; moveSteps ignores steps that are gone.
      actions.moveSteps(positions);
      requestAnimationFrame(() => void flow.fitView({ padding: 0.15, maxZoom: 1, duration: 200 }));
    } catch (err) {
      actions.notify(`Auto layout failed: ${errorMessage(err)}`, 'error');
    }
  }, [actions, flow, store]);

  return { addStepAtCenter, fitView, autoLayout };
}
