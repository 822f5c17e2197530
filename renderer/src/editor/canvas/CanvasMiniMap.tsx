import { Panel, useReactFlow, useStore, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { useColorScheme } from '../../common/use-color-scheme.js';
import { NODE_HEIGHT, NODE_WIDTH, type StepNodeType } from './flow-mapping.js';
import { fitFrame, toFlow, toMiniMap, unionRects, visibleRect, type MiniMapFrame, type Rect } from './minimap-geometry.js';

const WIDTH = 168;
const HEIGHT = 104;
/**
 * Below this canvas size the mini map starts hidden: it would cover the steps being worked on
 * (a step's log pane open below the canvas leaves about 540 px on a 900 px screen).
 */
const MIN_CANVAS = { width: 640, height: 600 };
const STORAGE_KEY = 'orchest.minimap';

type Preference = 'auto' | 'shown' | 'hidden';

function readPreference(): Preference {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'shown' || v === 'hidden' ? v : 'auto';
  } catch {
    return 'auto';
  }
}

function writePreference(v: Preference): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, v);
  } catch {
    // Storage may be off: the choice then lasts until the window closes.
  }
}

const selectSmallCanvas = (s: ReactFlowState) => s.width < MIN_CANVAS.width || s.height < MIN_CANVAS.height;

/** Steps' bounds, from React Flow's internal nodes (positions as dragged, measured sizes). */
function stepsBounds(s: ReactFlowState<StepNodeType>): Rect | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of s.nodeLookup.values()) {
    if (n.hidden) continue;
    const { x, y } = n.internals.positionAbsolute;
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x + (n.measured.width ?? NODE_WIDTH));
    maxY = Math.max(maxY, y + (n.measured.height ?? NODE_HEIGHT));
  }
  return minX === Infinity ? null : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

function frameOf(s: ReactFlowState<StepNodeType>): { frame: MiniMapFrame; view: Rect } {
  const view = visibleRect(s.transform, s.width, s.height);
  const steps = stepsBounds(s);
  return { frame: fitFrame(steps ? unionRects(steps, view) : view, { width: WIDTH, height: HEIGHT }), view };
}

interface Colors {
  step: string;
  selected: string;
  mask: string;
  view: string;
}

function draw(ctx: CanvasRenderingContext2D, s: ReactFlowState<StepNodeType>, colors: Colors): void {
  const { frame, view } = frameOf(s);
  ctx.clearRect(0, 0, WIDTH, HEIGHT);
  for (const n of s.nodeLookup.values()) {
    if (n.hidden) continue;
    const { x, y } = n.internals.positionAbsolute;
    const [mx, my] = toMiniMap(frame, x, y);
    ctx.fillStyle = n.selected ? colors.selected : colors.step;
    ctx.fillRect(mx, my, Math.max(1, (n.measured.width ?? NODE_WIDTH) * frame.scale), Math.max(1, (n.measured.height ?? NODE_HEIGHT) * frame.scale));
  }
  // Dim what the canvas does not show; outline what it does.
  const [vx, vy] = toMiniMap(frame, view.x, view.y);
  const vw = view.width * frame.scale;
  const vh = view.height * frame.scale;
  ctx.fillStyle = colors.mask;
  ctx.beginPath();
  ctx.rect(0, 0, WIDTH, HEIGHT);
  ctx.rect(vx, vy, vw, vh);
  ctx.fill('evenodd');
  ctx.strokeStyle = colors.view;
  ctx.lineWidth = 1;
  ctx.strokeRect(vx + 0.5, vy + 0.5, Math.max(0, vw - 1), Math.max(0, vh - 1));
}

/**
 * The mini map, drawn on a canvas: one store subscription and one redraw per frame, where React
 * Flow's own mini map keeps an SVG rect and a store subscription per step (500 of each on a big
 * pipeline, all run on every frame of a drag). Drag in it to pan, wheel to zoom. It can be hidden,
 * and starts hidden when the canvas is small (the log pane open): it would cover the steps.
 */
export function CanvasMiniMap() {
  const store = useStoreApi<StepNodeType>();
  const flow = useReactFlow<StepNodeType>();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [preference, setPreference] = useState<Preference>(readPreference);
  const small = useStore(selectSmallCanvas);
  const shown = preference === 'shown' || (preference === 'auto' && !small);
  const scheme = useColorScheme();

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!shown || !canvas || !ctx) return;
    const ratio = globalThis.devicePixelRatio || 1;
    canvas.width = WIDTH * ratio;
    canvas.height = HEIGHT * ratio;
    ctx.scale(ratio, ratio);
    const css = getComputedStyle(canvas);
    const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    const colors: Colors = {
      step: color('--minimap-step', '#c4cad4'),
      selected: color('--accent', '#2f6fed'),
      mask: color('--minimap-mask', 'rgba(246, 247, 249, 0.7)'),
      view: color('--accent', '#2f6fed'),
    };
    let frame = 0;
    const schedule = () => {
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        draw(ctx, store.getState(), colors);
      });
    };
    schedule();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.nodes !== prev.nodes || s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height) schedule();
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [shown, store, scheme]);

  // Wheel zooms the canvas; a native listener, since React's wheel handlers cannot preventDefault.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!shown || !canvas) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const { minZoom, maxZoom } = store.getState();
      const zoom = Math.min(maxZoom, Math.max(minZoom, flow.getZoom() * Math.pow(2, -event.deltaY * 0.002)));
      void flow.zoomTo(zoom);
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [shown, store, flow]);

  /** Pan: a press outside the visible rect centres the view there; dragging moves it along. */
  const onPointerDown = useCallback(
    (event: ReactPointerEvent<HTMLCanvasElement>) => {
      if (event.button !== 0) return;
      const canvas = event.currentTarget;
      canvas.setPointerCapture(event.pointerId);
      // The frame of the press, kept for the whole drag: the map must not rescale under the pointer.
      const { frame, view } = frameOf(store.getState());
      const box = canvas.getBoundingClientRect();
      const at = (e: { clientX: number; clientY: number }) => toFlow(frame, e.clientX - box.left, e.clientY - box.top);
      const [px, py] = at(event);
      const inside = px >= view.x && px <= view.x + view.width && py >= view.y && py <= view.y + view.height;
      // Where the view's centre goes, relative to the pointer.
      const dx = inside ? view.x + view.width / 2 - px : 0;
      const dy = inside ? view.y + view.height / 2 - py : 0;
      const centreAt = (e: { clientX: number; clientY: number }) => {
        const [x, y] = at(e);
        void flow.setCenter(x + dx, y + dy, { zoom: flow.getZoom() });
      };
      if (!inside) centreAt(event);
      const move = (e: PointerEvent) => centreAt(e);
      const up = () => {
        canvas.removeEventListener('pointermove', move);
        canvas.removeEventListener('pointerup', up);
        canvas.removeEventListener('pointercancel', up);
      };
      canvas.addEventListener('pointermove', move);
      canvas.addEventListener('pointerup', up);
      canvas.addEventListener('pointercancel', up);
    },
    [flow, store],
  );

  const toggle = () => {
    const next: Preference = shown ? 'hidden' : 'shown';
    setPreference(next);
    writePreference(next);
  };

  return (
    <Panel position="bottom-right" className={shown ? 'canvas-minimap is-shown' : 'canvas-minimap'}>
      {shown ? (
        <canvas ref={canvasRef} className="canvas-minimap-map" style={{ width: WIDTH, height: HEIGHT }} role="img" aria-label="Mini map" onPointerDown={onPointerDown} />
      ) : null}
      <button
        type="button"
        className="canvas-minimap-toggle"
        aria-label={shown ? 'Hide mini map' : 'Show mini map'}
        aria-pressed={shown}
        title={shown ? 'Hide the mini map' : 'Show the mini map'}
        onClick={toggle}
      >
        {shown ? '×' : 'Map'}
      </button>
    </Panel>
  );
}
