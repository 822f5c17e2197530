import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expandGrid, gridOfPipeline, gridSize, selectedCombinations, withParameters } from './grid.js';
import type { Pipeline } from '../api/pipeline.js';

describe('expandGrid', () => {
  it('gives every combination, the last parameter fastest, pipeline parameters first', () => {
    const grid = { 'step-1': { lr: [0.1, 0.01] }, pipeline_parameters: { epochs: [1, 2] } };
    const runs = expandGrid(grid);
    expect(runs.map((r) => r.parameters)).toEqual([
      { 'step-1': { lr: 0.1 }, pipeline_parameters: { epochs: 1 } },
      { 'step-1': { lr: 0.01 }, pipeline_parameters: { epochs: 1 } },
      { 'step-1': { lr: 0.1 }, pipeline_parameters: { epochs: 2 } },
      { 'step-1': { lr: 0.01 }, pipeline_parameters: { epochs: 2 } },
    ]);
    expect(runs.map((r) => r.index)).toEqual([0, 1, 2, 3]);
  });

  it('an empty grid is one run with no parameters; list values stay lists', () => {
    expect(expandGrid({})).toEqual([{ index: 0, parameters: {} }]);
    expect(expandGrid({ s: { cols: [['a', 'b']] } })[0]!.parameters).toEqual({ s: { cols: ['a', 'b'] } });
  });

  it('refuses a grid beyond the limit, saying how many runs it gives', () => {
    const ten = Array.from({ length: 10 }, (_, i) => i);
    expect(() => expandGrid({ s: { a: ten, b: ten, c: ten, d: ten, e: ten } })).toThrow(/100000 runs/);
  });

  it('the size is the product of the list lengths; combinations are distinct and complete', () => {
    const values = fc.array(fc.oneof(fc.integer(), fc.string(), fc.boolean()), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), values, { minKeys: 1, maxKeys: 3 }), (params) => {
        const grid = { s: params };
        const runs = expandGrid(grid);
        expect(runs.length).toBe(Object.values(params).reduce((n, v) => n * v.length, 1));
        expect(runs.length).toBe(gridSize(grid));
        for (const r of runs) for (const [k, v] of Object.entries(r.parameters.s!)) expect(params[k]).toContainEqual(v);
        const distinctIdx = new Set(runs.map((r) => r.index));
        expect(distinctIdx.size).toBe(runs.length);
      }),
    );
  });
});

describe('selectedCombinations', () => {
  const grid = { pipeline_parameters: { a: [1, 2, 3] } };
  it('leaves out the deselected runs, keeping their numbers', () => {
    expect(selectedCombinations(grid, [1]).map((c) => [c.index, c.parameters.pipeline_parameters!.a])).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });
  it('refuses numbers past the grid and a selection of nothing', () => {
    expect(() => selectedCombinations(grid, [3])).toThrow(/not in the grid \(it has 3 runs/);
    expect(() => selectedCombinations(grid, [0, 1, 2])).toThrow(/select at least one/);
  });
});

describe('parameters in the pipeline file', () => {
  const pipeline = {
    uuid: 'p',
    name: 'p',
    parameters: { epochs: 3 },
    steps: { s1: { uuid: 's1', title: 'Train', parameters: { lr: 0.1 } }, s2: { uuid: 's2', title: 'Other', parameters: {} } },
  } as unknown as Pipeline;

  it('the pipeline grid wraps each value in a list', () => {
    expect(gridOfPipeline(pipeline)).toEqual({ pipeline_parameters: { epochs: [3] }, s1: { lr: [0.1] } });
  });

  it('withParameters sets the run values and keeps every other field', () => {
    const raw = { name: 'p', parameters: { epochs: 3, keep: 1 }, steps: { s1: { title: 'Train', parameters: { lr: 0.1 }, extra: true } }, unknown: [1] };
    const out = withParameters(raw, { pipeline_parameters: { epochs: 5 }, s1: { lr: 0.5 }, ghost: { x: 1 } });
    expect(out).toEqual({ name: 'p', parameters: { epochs: 5, keep: 1 }, steps: { s1: { title: 'Train', parameters: { lr: 0.5 }, extra: true } }, unknown: [1] });
    expect(raw.parameters.epochs).toBe(3);
  });

});
