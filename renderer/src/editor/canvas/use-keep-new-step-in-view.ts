import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { useEditorStore } from '../store/editor-context.js';
import { NODE_HEIGHT, NODE_WIDTH } from './flow-mapping.js';
import { centredOn, isClearInView, screenBox } from './keep-in-view.js';

const SIZE = { width: NODE_WIDTH, height: NODE_HEIGHT };

/**
 * A step just added (New step, a dropped file) stays in view, clear of the mini map, while the
 * canvas settles: selecting it opens its log pane below (and its properties beside), which shrink
 * the canvas in whatever order and however late those layouts come. So every resize of the canvas
 * checks it again (judged on the DOM's sizes and the view as it is, no animation in flight), until
 * the user moves the view or a node, or selects something else. Returns what ends it.
 */
export function useKeepNewStepInView(canvas: RefObject<HTMLDivElement | null>): () => void {
  const flow = useReactFlow();
  const store = useEditorStore();
  const target = useRef<string | null>(null);

  const keep = useCallback(() => {
    const id = target.current;
    const el = canvas.current;
    if (!id || !el) return;
    const { selection, doc } = store.getState();
    const position = doc?.pipeline?.steps[id]?.meta_data.position;
    if (!position || selection.steps.length !== 1 || selection.steps[0] !== id) {
      target.current = null;
      return;
    }
    const rect = el.getBoundingClientRect();
    if (!rect.width || !rect.height) return;
    const view = flow.getViewport();
    const floating = [...el.querySelectorAll('.react-flow__panel')].map((p) => p.getBoundingClientRect());
    if (!isClearInView(screenBox(position, SIZE, view, rect), rect, floating)) void flow.setViewport(centredOn(position, SIZE, view.zoom, rect));
  }, [canvas, flow, store]);

  // Selected alone and not in the pipeline at the selection before: just added. (The step and its
  // selection are two updates; comparing with the previous selection's pipeline sees both.)
  useEffect(() => {
    let before = store.getState().doc?.pipeline ?? null;
    return store.subscribe((state, prev) => {
      if (state.selection.steps === prev.selection.steps) return;
      const steps = state.selection.steps;
      const only = steps.length === 1 ? steps[0]! : null;
      if (only && before && !before.steps[only]) target.current = only;
      else if (only !== target.current) target.current = null;
      before = state.doc?.pipeline ?? null;
      if (target.current) {
        keep();
        // After the commit that lays out its log pane (a resize below catches later ones).
        requestAnimationFrame(keep);
      }
    });
  }, [store, keep]);

  useEffect(() => {
    const el = canvas.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(keep);
    observer.observe(el);
    return () => observer.disconnect();
  }, [canvas, keep]);

  return useCallback(() => void (target.current = null), []);
}
