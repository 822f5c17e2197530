import { describe, expect, it } from 'vitest';
import { pipelineFixture } from '../testing/fake-core.js';
import { PIPELINE_PARAMETERS_KEY } from '../../../main/src/common/parameter-grid.js';
import { parseGrid, runKey, scopeLabel, selectedRuns } from './parameter-grid.js';

const pipeline = () => {
  const p = pipelineFixture([{ id: 'train', title: 'Train' }, { id: 'plot' }]);
  p.parameters = { dataset: 'iris' };
  p.steps.train!.parameters = { lr: 0.1, epochs: 3 };
  return p;
};

describe('parameter grid', () => {
  it('leaves out deselected runs by a key that ignores key order', () => {
    const grid = { [PIPELINE_PARAMETERS_KEY]: { a: [1, 2], b: ['x'] } };
    const key = runKey({ [PIPELINE_PARAMETERS_KEY]: { b: 'x', a: 2 } });
    expect(selectedRuns(grid, new Set([key]))).toEqual([{ [PIPELINE_PARAMETERS_KEY]: { a: 1, b: 'x' } }]);
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
    expect(scopeLabel(PIPELINE_PARAMETERS_KEY, pipeline())).toBe('Pipeline');
    expect(scopeLabel('train', pipeline())).toBe('Train');
    expect(scopeLabel('0123456789ab', null)).toBe('Step 01234567');
  });
});
