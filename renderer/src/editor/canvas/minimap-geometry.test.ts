import { describe, expect, it } from 'vitest';
import { fitFrame, toFlow, toMiniMap, unionRects, visibleRect } from './minimap-geometry.js';

describe('mini map geometry', () => {
  it('maps the visible part of the flow from the view transform', () => {
    expect(visibleRect([-100, 50, 0.5], 800, 600)).toEqual({ x: 200, y: -100, width: 1600, height: 1200 });
  });

  it('fits the content, centred, and maps both ways', () => {
    const content = unionRects({ x: 0, y: 0, width: 1000, height: 200 }, { x: 500, y: 100, width: 1000, height: 300 });
    expect(content).toEqual({ x: 0, y: 0, width: 1500, height: 400 });
    const frame = fitFrame(content, { width: 160, height: 100 }, 5);
    expect(frame.scale).toBeCloseTo(150 / 1500);
    // Centred vertically: the content is 40 px tall in a 100 px map.
    expect(toMiniMap(frame, 0, 0)).toEqual([5, 30]);
    const [mx, my] = toMiniMap(frame, 1500, 400);
    expect(mx).toBeCloseTo(155);
    expect(my).toBeCloseTo(70);
    const [fx, fy] = toFlow(frame, 80, 50);
    expect(fx).toBeCloseTo(750);
    expect(fy).toBeCloseTo(200);
  });

  it('copes with empty content', () => {
    const frame = fitFrame({ x: 10, y: 10, width: 0, height: 0 }, { width: 160, height: 100 });
    expect(Number.isFinite(frame.scale)).toBe(true);
  });
});
