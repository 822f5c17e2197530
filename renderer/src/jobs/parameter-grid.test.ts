import { describe, expect, it } from 'vitest';
import { pipelineFixture } from '../testing/fake-core.js';
import { expandGrid, gridAxes, gridFromPipeline, gridSize, mergeGrid, parseGrid, PIPELINE_SCOPE, runKey, scopeLabel, selectedRuns } from './parameter-grid.js';

const pipeline = () => {
  const p = pipelineFixture([{ id: 'train', title: 'Train' }, { id: 'plot' }]);
  p.parameters = { dataset: 'iris' };
  p.steps.train!.parameters = { lr: 0.1, epochs: 3 };
  return p;
};

describe('parameter grid', () => {
  it('starts from the pipeline’s own values, one run', () => {
    const grid = gridFromPipeline(pipeline());
    expect(grid).toEqual({ [PIPELINE_SCOPE]: { dataset: ['iris'] }, train: { lr: [0.1], epochs: [3] } });
    expect(gridSize(grid)).toBe(1);
  });

  it('takes the file’s lists over the pipeline’s values and keeps what only the file has', () => {
    const grid = mergeGrid(gridFromPipeline(pipeline()), { train: { lr: [0.1, 0.01] }, other: { x: [1] } });
    expect(grid).toEqual({ [PIPELINE_SCOPE]: { dataset: ['iris'] }, train: { lr: [0.1, 0.01], epochs: [3] }, other: { x: [1] } });
  });

  it('expands a 2×2 grid into four runs, the last parameter varying fastest', () => {
    const runs = expandGrid({ train: { lr: [0.1, 0.01] }, [PIPELINE_SCOPE]: { dataset: ['iris', 'wine'] } });
    expect(runs).toEqual([
      { [PIPELINE_SCOPE]: { dataset: 'iris' }, train: { lr: 0.1 } },
      { [PIPELINE_SCOPE]: { dataset: 'iris' }, train: { lr: 0.01 } },
      { [PIPELINE_SCOPE]: { dataset: 'wine' }, train: { lr: 0.1 } },
      { [PIPELINE_SCOPE]: { dataset: 'wine' }, train: { lr: 0.01 } },
    ]);
    expect(gridAxes({ train: { lr: [1] }, [PIPELINE_SCOPE]: { d: [1] } }).map((a) => a.scope)).toEqual([PIPELINE_SCOPE, 'train']);
  });

  it('an empty grid is one run without parameters', () => {
    expect(expandGrid({})).toEqual([{}]);
  });

  it('leaves out deselected runs by a key that ignores key order', () => {
    const grid = { [PIPELINE_SCOPE]: { a: [1, 2], b: ['x'] } };
    const key = runKey({ [PIPELINE_SCOPE]: { b: 'x', a: 2 } });
    expect(selectedRuns(grid, new Set([key]))).toEqual([{ [PIPELINE_SCOPE]: { a: 1, b: 'x' } }]);
  });

  it('refuses what is not the Orchest format, saying what to write', () => {
    expect(parseGrid('{"pipeline_parameters": {"a": 1}}')).toEqual({ ok: false, message: expect.stringContaining('must be a list of values, like [1]') });
    expect(parseGrid('{"s": {"a": []}}')).toEqual({ ok: false, message: expect.stringContaining('give it at least one') });
    expect(parseGrid('[1]')).toEqual({ ok: false, message: expect.stringContaining('JSON object') });
    expect(parseGrid('{"s": 3}')).toEqual({ ok: false, message: expect.stringContaining('"s" must be an object') });
    expect(parseGrid('{oops')).toEqual({ ok: false, message: expect.stringMatching(/^Invalid JSON/) });
    expect(parseGrid('{"s": {"a": [1, "x"]}}')).toEqual({ ok: true, value: { s: { a: [1, 'x'] } } });
  });

  it('names scopes by step title', () => {
    expect(scopeLabel(PIPELINE_SCOPE, pipeline())).toBe('Pipeline');
    expect(scopeLabel('train', pipeline())).toBe('Train');
    expect(scopeLabel('0123456789ab', null)).toBe('Step 01234567');
  });
});
