import { describe, expect, it } from 'vitest';
import { pipelineFixture } from '../../testing/fake-core.js';
import {
  addStep,
  connect,
  deleteSteps,
  disconnect,
  moveIncoming,
  moveSteps,
  setPipelineName,
  setPipelineParameters,
  setPipelineSettings,
  updateStep,
} from './pipeline-edits.js';

// a -> b -> c, and d on its own
const base = () => pipelineFixture([{ id: 'a' }, { id: 'b', parents: ['a'] }, { id: 'c', parents: ['b'] }, { id: 'd' }]);

describe('addStep', () => {
  it('adds a step for a file with its title, kernel and position, leaving the others untouched', () => {
    const p = base();
    const next = addStep(p, { uuid: 'n', position: [10.4, 20.6], file_path: 'analysis/fit_model.R' });
    expect(next.steps.n).toMatchObject({
      uuid: 'n',
      title: 'fit_model',
      file_path: 'analysis/fit_model.R',
      incoming_connections: [],
      kernel: { name: 'r' },
      parameters: {},
      meta_data: { position: [10, 21] },
    });
    expect(next.steps.a).toBe(p.steps.a);
    expect(p.steps.n).toBeUndefined();
  });

  it('gives a step without a file a fresh title and the environment the other steps use', () => {
    const p = base();
    p.steps.a = { ...p.steps.a!, environment: 'env-1' };
    p.steps.b = { ...p.steps.b!, environment: 'env-1' };
    p.steps.c = { ...p.steps.c!, title: 'Step' };
    const next = addStep(p, { uuid: 'n', position: [0, 0] });
    expect(next.steps.n!.title).toBe('Step 2');
    expect(next.steps.n!.environment).toBe('env-1');
    expect(next.steps.n!.file_path).toBe('');
  });
});

describe('connect', () => {
  it('appends the source to the target’s incoming connections', () => {
    const out = connect(base(), 'd', 'c');
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.pipeline.steps.c!.incoming_connections).toEqual(['b', 'd']);
  });

  it('refuses a cycle with a message naming both steps', () => {
    const p = base();
    const out = connect(p, 'c', 'a');
    expect(out).toEqual({ ok: false, message: 'Connecting C → A would create a cycle' });
    expect(connect(p, 'a', 'a')).toEqual({ ok: false, message: 'Connecting A → A would create a cycle' });
  });

  it('refuses a duplicate connection and unknown steps', () => {
    expect(connect(base(), 'a', 'b').ok).toBe(false);
    expect(connect(base(), 'zz', 'b').ok).toBe(false);
  });
});

describe('disconnect / deleteSteps', () => {
  it('removes one connection', () => {
    const next = disconnect(base(), 'a', 'b');
    expect(next.steps.b!.incoming_connections).toEqual([]);
    const p = base();
    expect(disconnect(p, 'd', 'b')).toBe(p);
  });

  it('deletes steps and every connection to them, keeping unrelated steps as they were', () => {
    const p = base();
    const next = deleteSteps(p, ['b']);
    expect(Object.keys(next.steps)).toEqual(['a', 'c', 'd']);
    expect(next.steps.c!.incoming_connections).toEqual([]);
    expect(next.steps.a).toBe(p.steps.a);
    expect(next.steps.d).toBe(p.steps.d);
    expect(deleteSteps(p, ['nope'])).toBe(p);
  });
});

describe('moveSteps', () => {
  it('stores rounded positions in meta_data, keeping other meta_data fields', () => {
    const p = base();
    p.steps.a = { ...p.steps.a!, meta_data: { hidden: false, position: [0, 0], color: 'red' } };
    const next = moveSteps(p, { a: [5.5, 6.2], b: [100, 0] });
    expect(next.steps.a!.meta_data).toEqual({ hidden: false, position: [6, 6], color: 'red' });
    // b did not move (already at [100, 0]): same object
    expect(next.steps.b).toBe(p.steps.b);
    expect(moveSteps(p, { b: [100, 0] })).toBe(p);
  });
});

describe('updateStep', () => {
  it('changes fields, removes undefined ones, keeps unknown fields', () => {
    const p = base();
    p.steps.a = { ...p.steps.a!, image: 'orchest/base-kernel-py', custom: 42 };
    const next = updateStep(p, 'a', { title: 'Load', image: undefined, parameters: { n: 1 } });
    expect(next.steps.a).toMatchObject({ title: 'Load', parameters: { n: 1 }, custom: 42 });
    expect('image' in next.steps.a!).toBe(false);
    expect(updateStep(next, 'a', { title: 'Load' })).toBe(next);
  });
});

describe('moveIncoming', () => {
  it('reorders a step’s inputs', () => {
    const p = pipelineFixture([{ id: 'x' }, { id: 'y' }, { id: 'z' }, { id: 't', parents: ['x', 'y', 'z'] }]);
    const down = moveIncoming(p, 't', 'x', 1);
    expect(down.steps.t!.incoming_connections).toEqual(['y', 'x', 'z']);
    const up = moveIncoming(down, 't', 'z', -1);
    expect(up.steps.t!.incoming_connections).toEqual(['y', 'z', 'x']);
    expect(moveIncoming(p, 't', 'x', -1)).toBe(p);
    expect(moveIncoming(p, 't', 'z', 1)).toBe(p);
  });
});

describe('pipeline fields', () => {
  it('sets name, parameters and settings, keeping other settings', () => {
    const p = { ...base(), settings: { auto_eviction: true } };
    expect(setPipelineName(p, 'New').name).toBe('New');
    expect(setPipelineName(p, p.name)).toBe(p);
    expect(setPipelineParameters(p, { a: [1, 2] }).parameters).toEqual({ a: [1, 2] });
    expect(setPipelineSettings(p, { max_steps_parallelism: 2 }).settings).toEqual({ auto_eviction: true, max_steps_parallelism: 2 });
  });
});

describe('freePosition', () => {
  it('moves down past steps that would overlap', async () => {
    const { freePosition } = await import('./free-position.js');
    const p = pipelineFixture([{ id: 'a' }, { id: 'b' }]); // at [0,0] and [100,0]
    const size = { width: 200, height: 60 };
    expect(freePosition(p, [500, 0], size)).toEqual([500, 0]);
    expect(freePosition(p, [50, 10], size)).toEqual([50, 94]);
  });
});
