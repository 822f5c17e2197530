import { useCallback, useRef, type KeyboardEvent, type PointerEvent } from 'react';

export interface ResizeHandleProps {
  /** The height of the panel below the handle, px. */
  height: number;
  onResize(height: number): void;
  min: number;
  /** Upper bound, computed when a drag starts (e.g. a share of the window). */
  max(): number;
  label: string;
}

/** The top edge of a bottom panel: drag it (or focus it and press ↑/↓) to change the panel's height. */
export function ResizeHandle({ height, onResize, min, max, label }: ResizeHandleProps) {
  const drag = useRef<{ startY: number; startHeight: number; max: number } | null>(null);
  const clamp = useCallback((h: number, upper: number) => Math.round(Math.min(Math.max(h, min), Math.max(min, upper))), [min]);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { startY: e.clientY, startHeight: height, max: max() };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (d) onResize(clamp(d.startHeight + d.startY - e.clientY, d.max));
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 64 : 16;
    if (e.key === 'ArrowUp') onResize(clamp(height + step, max()));
    else if (e.key === 'ArrowDown') onResize(clamp(height - step, max()));
    else return;
    e.preventDefault();
  };

  return (
    <div
      className="resize-handle"
      role="separator"
      aria-orientation="horizontal"
      aria-label={label}
      aria-valuenow={height}
      aria-valuemin={min}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
