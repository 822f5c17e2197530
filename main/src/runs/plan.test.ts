import { describe, expect, it } from 'vitest';
import { pipelineSchema, type Pipeline } from '../api/pipeline.js';
import { CoreError } from '../core/core-error.js';
import { planRun } from './plan.js';

// load -> clean -> train -> report ; load -> stats ; other (alone)
function pipeline(): Pipeline {
  const step = (uuid: string, ...parents: string[]) => ({ uuid, title: `T ${uuid}`, file_path: `${uuid}.py`, incoming_connections: parents });
  return pipelineSchema.parse({
    name: 'p',
    uuid: 'p1',
    steps: {
      report: step('report', 'train'),
      train: step('train', 'clean'),
      clean: step('clean', 'load'),
      load: step('load'),
      stats: step('stats', 'load'),
      other: step('other'),
    },
  });
}

const ids = (plan: { uuid: string }[]) => plan.map((s) => s.uuid);

describe('planRun', () => {
  it('full: every step, parents first', () => {
    const plan = planRun(pipeline(), { kind: 'full', steps: [], inclusive: false });
    expect(ids(plan).sort()).toEqual(['clean', 'load', 'other', 'report', 'stats', 'train']);
    const at = (id: string) => ids(plan).indexOf(id);
    expect(at('load')).toBeLessThan(at('clean'));
    expect(at('clean')).toBeLessThan(at('train'));
    expect(at('train')).toBeLessThan(at('report'));
    expect(plan.find((s) => s.uuid === 'train')).toEqual({ uuid: 'train', title: 'T train', parents: ['clean'] });
  });

  it('selection: exactly the selected steps, in dependency order, waiting on each other through left-out steps', () => {
    const plan = planRun(pipeline(), { kind: 'selection', steps: ['report', 'load'], inclusive: false });
    expect(ids(plan)).toEqual(['load', 'report']);
    expect(plan[1]!.parents).toEqual(['load']); // via clean and train, which do not run
    const single = planRun(pipeline(), { kind: 'selection', steps: ['train'], inclusive: false });
    expect(single).toEqual([{ uuid: 'train', title: 'T train', parents: [] }]);
  });

  it('incoming: the ancestors without the selection, or with it when inclusive', () => {
    expect(ids(planRun(pipeline(), { kind: 'incoming', steps: ['train'], inclusive: false }))).toEqual(['load', 'clean']);
    expect(ids(planRun(pipeline(), { kind: 'incoming', steps: ['train'], inclusive: true }))).toEqual(['load', 'clean', 'train']);
    expect(ids(planRun(pipeline(), { kind: 'incoming', steps: ['load'], inclusive: false }))).toEqual([]);
    // a selected step that is an ancestor of another selected one is left out too (not inclusive)
    expect(ids(planRun(pipeline(), { kind: 'incoming', steps: ['train', 'clean'], inclusive: false }))).toEqual(['load']);
  });

  it('refuses unknown step ids, naming them', () => {
    try {
      planRun(pipeline(), { kind: 'selection', steps: ['train', 'nope', 'gone'], inclusive: false });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CoreError);
      expect((err as CoreError).code).toBe('INVALID_ARGUMENT');
      expect((err as CoreError).message).toContain('nope, gone');
    }
  });

  it('refuses an empty selection and a cycle', () => {
    expect(() => planRun(pipeline(), { kind: 'selection', steps: [], inclusive: false })).toThrow(/at least one step/);
    const p = pipeline();
    p.steps.load!.incoming_connections = ['report'];
    expect(() => planRun(p, { kind: 'full', steps: [], inclusive: false })).toThrow(/cycle/);
  });
});
