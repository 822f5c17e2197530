/** Whether a step is in view on the canvas, and the view that centres it: pure geometry, screen pixels. */

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Where a step at flow `position` of `size` is on screen, under `viewport`, in a canvas at `canvas`. */
export function screenBox(position: readonly [number, number], size: { width: number; height: number }, viewport: Viewport, canvas: Box): Box {
  const left = canvas.left + viewport.x + position[0] * viewport.zoom;
  const top = canvas.top + viewport.y + position[1] * viewport.zoom;
  return { left, top, right: left + size.width * viewport.zoom, bottom: top + size.height * viewport.zoom };
}

/** Inside the canvas and clear of what floats over it (the mini map, the zoom buttons). */
export function isClearInView(box: Box, canvas: Box, floating: readonly Box[]): boolean {
  if (box.left < canvas.left || box.top < canvas.top || box.right > canvas.right || box.bottom > canvas.bottom) return false;
  return !floating.some((f) => overlaps(box, f));
}

/** The view (same zoom) with the step's centre at the canvas' centre. */
export function centredOn(position: readonly [number, number], size: { width: number; height: number }, zoom: number, canvas: Box): Viewport {
  const cx = position[0] + size.width / 2;
  const cy = position[1] + size.height / 2;
  return { x: (canvas.right - canvas.left) / 2 - cx * zoom, y: (canvas.bottom - canvas.top) / 2 - cy * zoom, zoom };
}
