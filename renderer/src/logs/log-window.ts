/**
 * Which lines a virtualized log view renders, and where. Past `maxContentHeight` (browsers cap an
 * element's height at ~17-33 million px), the scroll range is scaled: the scrollbar maps onto all
 * lines while rows keep their height.
 */
export interface WindowInput {
  lineCount: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
  overscan?: number;
  maxContentHeight?: number;
}

export interface LineWindow {
  /** First line rendered (inclusive) and end (exclusive). */
  start: number;
  end: number;
  /** Top of line `start` inside the scrolled content, px. */
  offsetTop: number;
  /** Height of the scrolled content, px. */
  contentHeight: number;
}

export const MAX_CONTENT_HEIGHT = 8_000_000;

export function visibleWindow(input: WindowInput): LineWindow {
  const { lineCount, rowHeight, viewportHeight } = input;
  const overscan = input.overscan ?? 8;
  const maxHeight = input.maxContentHeight ?? MAX_CONTENT_HEIGHT;
  const realHeight = lineCount * rowHeight;
  const contentHeight = Math.min(realHeight, maxHeight);
  const maxScroll = Math.max(0, contentHeight - viewportHeight);
  const scrollTop = Math.min(Math.max(0, input.scrollTop), maxScroll);
  // Where the viewport's top is in "real" (unscaled) pixels.
  const realTop = realHeight > maxHeight && maxScroll > 0 ? (scrollTop / maxScroll) * (realHeight - viewportHeight) : scrollTop;
  const first = Math.min(lineCount, Math.floor(realTop / rowHeight));
  const start = Math.max(0, first - overscan);
  const end = Math.min(lineCount, first + Math.ceil(viewportHeight / rowHeight) + 1 + overscan);
  // Line `first` sits at (first * rowHeight - realTop) below the viewport's top.
  const offsetTop = scrollTop + (first * rowHeight - realTop) - (first - start) * rowHeight;
  return { start, end, offsetTop, contentHeight };
}

/** scrollTop that shows the last line at the bottom. */
export function bottomScrollTop(lineCount: number, rowHeight: number, viewportHeight: number, maxContentHeight = MAX_CONTENT_HEIGHT): number {
  return Math.max(0, Math.min(lineCount * rowHeight, maxContentHeight) - viewportHeight);
}
