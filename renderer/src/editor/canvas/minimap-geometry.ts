/** Where things go on the mini map: pure geometry, flow coordinates <-> mini map pixels. */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MiniMapFrame {
  /** Mini map pixels per flow unit. */
  scale: number;
  /** Flow point shown at the mini map's top-left corner. */
  originX: number;
  originY: number;
}

export function unionRects(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** The part of the flow the canvas shows, from React Flow's [x, y, zoom] transform. */
export function visibleRect(transform: readonly [number, number, number], width: number, height: number): Rect {
  const [tx, ty, zoom] = transform;
  return { x: -tx / zoom, y: -ty / zoom, width: width / zoom, height: height / zoom };
}

/** Fit `content` (the steps and the visible rect) into a mini map of `size`, centred, with a margin. */
export function fitFrame(content: Rect, size: { width: number; height: number }, margin = 6): MiniMapFrame {
  const w = Math.max(1, size.width - 2 * margin);
  const h = Math.max(1, size.height - 2 * margin);
  const scale = Math.min(w / Math.max(content.width, 1), h / Math.max(content.height, 1));
  return {
    scale,
    originX: content.x - (size.width / scale - content.width) / 2,
    originY: content.y - (size.height / scale - content.height) / 2,
  };
}

export function toMiniMap(frame: MiniMapFrame, x: number, y: number): [number, number] {
  return [(x - frame.originX) * frame.scale, (y - frame.originY) * frame.scale];
}

export function toFlow(frame: MiniMapFrame, mx: number, my: number): [number, number] {
  return [mx / frame.scale + frame.originX, my / frame.scale + frame.originY];
}
