import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { useEditorActions, useEditorStore } from '../store/editor-context.js';
import { errorMessage } from '../../client/client-error.js';
import { freePosition } from '../editing/free-position.js';
import type { Position } from '../editing/pipeline-edits.js';
import { NODE_HEIGHT, NODE_WIDTH } from './flow-mapping.js';
import { useCanvasElement } from './canvas-element.js';

type Box = { left: number; top: number; right: number; bottom: number };

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Is `box` (screen pixels) inside the canvas and clear of what floats over it (mini map, zoom buttons)? */
function isInView(box: Box, canvas: HTMLElement): boolean {
  const view = canvas.getBoundingClientRect();
  if (box.left < view.left || box.top < view.top || box.right > view.right || box.bottom > view.bottom) return false;
  return ![...canvas.querySelectorAll('.react-flow__panel')].some((panel) => overlaps(box, panel.getBoundingClientRect()));
}

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
    const [x, y] = freePosition(pipeline, desired, { width: NODE_WIDTH, height: NODE_HEIGHT });
    if (!actions.addStep({ position: [x, y] })) return;
    // The free spot may lie outside the visible area, or the canvas may shrink now: the new step
    // is selected, which opens its log pane below. So judge once that layout has settled (the
    // commit, then React Flow's resize observer: two frames), and bring the step into view.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const el = canvas.current;
        if (!el) return;
        const box = flow.flowToScreenPosition({ x, y });
        const zoom = flow.getZoom();
        const step = { left: box.x, top: box.y, right: box.x + NODE_WIDTH * zoom, bottom: box.y + NODE_HEIGHT * zoom };
        if (!isInView(step, el)) void flow.setCenter(x + NODE_WIDTH / 2, y + NODE_HEIGHT / 2, { zoom, duration: 150 });
      }),
    );
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
