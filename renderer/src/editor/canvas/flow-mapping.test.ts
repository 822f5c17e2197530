import { describe, expect, it } from 'vitest';
import { moveSteps, updateStep } from '../editing/pipeline-edits.js';
import { pipelineFixture } from '../../testing/fake-core.js';
import { buildEdges, syncNodes, type EdgeCache } from './flow-mapping.js';

describe('pipeline -> React Flow', () => {
  it('reuses nodes of unchanged steps and keeps measured sizes of changed ones', () => {
    const p = pipelineFixture([{ id: 'a' }, { id: 'b', parents: ['a'] }]);
    const first = syncNodes([], p, new Set());
    expect(first.map((n) => [n.id, n.position, n.ariaLabel])).toEqual([
      ['a', { x: 0, y: 0 }, 'Step A'],
      ['b', { x: 100, y: 0 }, 'Step B'],
    ]);
    const measured = first.map((n) => ({ ...n, measured: { width: 200, height: 60 } }));
    const moved = moveSteps(p, { b: [300, 40] });
    const second = syncNodes(measured, moved, new Set(['a']));
    expect(second[0]).not.toBe(measured[0]); // selection changed
    expect(second[0]!.selected).toBe(true);
    expect(second[1]!.position).toEqual({ x: 300, y: 40 });
    expect(second[1]!.measured).toEqual({ width: 200, height: 60 });
    const third = syncNodes(second, moved, new Set(['a']));
    expect(third[0]).toBe(second[0]);
    expect(third[1]).toBe(second[1]);
  });

  it('draws edges in incoming order, numbered when a step has several inputs, reusing them', () => {
    const p = pipelineFixture([{ id: 'a' }, { id: 'b' }, { id: 'c', parents: ['b', 'a', 'gone'] }]);
    const cache: EdgeCache = new WeakMap();
    const edges = buildEdges(p, new Set(), cache);
    expect(edges.map((e) => [e.id, e.label])).toEqual([
      ['b->c', '1'],
      ['a->c', '2'],
    ]);
    const again = buildEdges(p, new Set(['a->c']), cache);
    expect(again[0]).toBe(edges[0]);
    expect(again[1]!.selected).toBe(true);
    const renamed = updateStep(p, 'a', { title: 'Alpha' });
    expect(buildEdges(renamed, new Set(), cache)[1]!.ariaLabel).toBe('Connection Alpha → C');
  });
});
