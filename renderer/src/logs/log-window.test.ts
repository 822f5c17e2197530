import { describe, expect, it } from 'vitest';
import { bottomScrollTop, visibleWindow } from './log-window.js';

describe('visibleWindow', () => {
  it('renders the lines in view plus overscan, placed at their offset', () => {
    const w = visibleWindow({ lineCount: 1000, rowHeight: 20, scrollTop: 2000, viewportHeight: 200, overscan: 5 });
    expect(w).toEqual({ start: 95, end: 116, offsetTop: 1900, contentHeight: 20_000 });
  });

  it('clamps at both ends', () => {
    expect(visibleWindow({ lineCount: 3, rowHeight: 20, scrollTop: 0, viewportHeight: 200 })).toMatchObject({ start: 0, end: 3, offsetTop: 0, contentHeight: 60 });
    const end = visibleWindow({ lineCount: 1000, rowHeight: 20, scrollTop: 99_999, viewportHeight: 200, overscan: 0 });
    expect(end.end).toBe(1000);
    expect(end.start).toBe(990);
  });

  it('scales past the maximum content height: the scrollbar still reaches the first and last line', () => {
    const n = 10_000_000;
    const max = 1_000_000;
    const top = visibleWindow({ lineCount: n, rowHeight: 18, scrollTop: 0, viewportHeight: 360, maxContentHeight: max, overscan: 0 });
    expect(top.contentHeight).toBe(max);
    expect(top.start).toBe(0);
    const bottom = visibleWindow({ lineCount: n, rowHeight: 18, scrollTop: bottomScrollTop(n, 18, 360, max), viewportHeight: 360, maxContentHeight: max, overscan: 0 });
    expect(bottom.end).toBe(n);
    // The last line's bottom meets the viewport's bottom.
    expect(bottom.offsetTop + (n - bottom.start) * 18).toBeCloseTo(max, 5);
    const middle = visibleWindow({ lineCount: n, rowHeight: 18, scrollTop: (max - 360) / 2, viewportHeight: 360, maxContentHeight: max, overscan: 0 });
    expect(Math.abs(middle.start - n / 2)).toBeLessThan(20);
  });
});
