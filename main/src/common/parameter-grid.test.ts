import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandGrid, gridAxes, gridCombination, gridSize, PIPELINE_PARAMETERS_KEY } from './parameter-grid.js';

describe('the parameter grid rule (jobs, the Argo export and the New job form)', () => {
  it('gives every combination, the last parameter fastest, pipeline parameters first, keys in the grid order', () => {
    const grid = { 'step-1': { lr: [0.1, 0.01] }, [PIPELINE_PARAMETERS_KEY]: { epochs: [1, 2] } };
    const runs = expandGrid(grid);
    expect(runs).toEqual([
      { 'step-1': { lr: 0.1 }, pipeline_parameters: { epochs: 1 } },
      { 'step-1': { lr: 0.01 }, pipeline_parameters: { epochs: 1 } },
      { 'step-1': { lr: 0.1 }, pipeline_parameters: { epochs: 2 } },
      { 'step-1': { lr: 0.01 }, pipeline_parameters: { epochs: 2 } },
    ]);
    expect(runs.map((r) => Object.keys(r))).toEqual(Array(4).fill(['step-1', PIPELINE_PARAMETERS_KEY]));
    expect(gridAxes(grid).map((a) => a.owner)).toEqual([PIPELINE_PARAMETERS_KEY, 'step-1']);
    expect(gridCombination(grid, 2)).toEqual(runs[2]);
  });

  it('an empty grid is one run with no parameters; an owner without parameters is kept; list values stay lists, copied', () => {
    expect(expandGrid({})).toEqual([{}]);
    expect(expandGrid({ s: {}, t: { a: [1] } })).toEqual([{ s: {}, t: { a: 1 } }]);
    const cols = ['a', 'b'];
    const [run] = expandGrid({ s: { cols: [cols] } });
    expect(run).toEqual({ s: { cols: ['a', 'b'] } });
    expect(run!.s!.cols).not.toBe(cols);
  });

  it('the size is the product of the list lengths; combinations are distinct and complete', () => {
    const values = fc.uniqueArray(fc.oneof(fc.integer(), fc.string(), fc.boolean()), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), values, { minKeys: 1, maxKeys: 3 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), values, { maxKeys: 2 }), (step, pipe) => {
        const grid = { s: step, [PIPELINE_PARAMETERS_KEY]: pipe };
        const runs = expandGrid(grid);
        expect(runs.length).toBe(gridSize(grid));
        expect(runs.length).toBe([...Object.values(step), ...Object.values(pipe)].reduce((n, v) => n * v.length, 1));
        for (const r of runs) for (const [k, v] of Object.entries(r.s!)) expect(step[k]).toContainEqual(v);
        expect(new Set(runs.map((r) => JSON.stringify(r))).size).toBe(runs.length);
      }),
    );
  });
});
