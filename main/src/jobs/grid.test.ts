import { describe, expect, it } from 'vitest';
import { gridCombinations, gridOfPipeline, selectedCombinations, withParameters } from './grid.js';
import type { Pipeline } from '../api/pipeline.js';

describe('gridCombinations', () => {
  it('numbers the combinations of the common rule', () => {
    const runs = gridCombinations({ 'step-1': { lr: [0.1, 0.01] }, pipeline_parameters: { epochs: [1, 2] } });
    expect(runs.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect(runs[1]!.parameters).toEqual({ 'step-1': { lr: 0.01 }, pipeline_parameters: { epochs: 1 } });
  });

  it('refuses a grid beyond the limit, saying how many runs it gives', () => {
    const ten = Array.from({ length: 10 }, (_, i) => i);
    expect(() => gridCombinations({ s: { a: ten, b: ten, c: ten, d: ten, e: ten } })).toThrow(/100000 runs/);
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
