import { describe, expect, it } from 'vitest';
import { centredOn, isClearInView, screenBox } from './keep-in-view.js';

const canvas = { left: 200, top: 50, right: 800, bottom: 450 };
const size = { width: 200, height: 60 };

describe('keeping a step in view', () => {
  it('places a step on screen from the view transform', () => {
    expect(screenBox([100, 40], size, { x: 10, y: 20, zoom: 0.5 }, canvas)).toEqual({ left: 260, top: 90, right: 360, bottom: 120 });
  });

  it('is out of view past an edge or under a floating panel', () => {
    expect(isClearInView({ left: 300, top: 100, right: 500, bottom: 160 }, canvas, [])).toBe(true);
    expect(isClearInView({ left: 300, top: 420, right: 500, bottom: 480 }, canvas, [])).toBe(false);
    const minimap = { left: 600, top: 300, right: 790, bottom: 440 };
    expect(isClearInView({ left: 500, top: 350, right: 700, bottom: 410 }, canvas, [minimap])).toBe(false);
  });

  it('centres a step, whatever the canvas size, and the centred step is in view', () => {
    for (const c of [canvas, { ...canvas, bottom: 250 }]) {
      const view = centredOn([1000, 2000], size, 0.8, c);
      const box = screenBox([1000, 2000], size, view, c);
      expect((box.left + box.right) / 2).toBeCloseTo((c.left + c.right) / 2);
      expect((box.top + box.bottom) / 2).toBeCloseTo((c.top + c.bottom) / 2);
      expect(isClearInView(box, c, [])).toBe(true);
    }
  });
});
