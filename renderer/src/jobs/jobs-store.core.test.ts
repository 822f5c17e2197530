/**
 * The jobs store against the real core in-process (local runner, no Docker): a job over a grid
 * made in the store's terms runs every selected combination, its runs and their logs show, and
 * an interactive run is in the same history.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pipelineFixture } from '../testing/fake-core.js';
import { startRealCore, type RealCore } from '../testing/real-core.js';
import { createJobsStore, type JobsStore } from './jobs-store.js';
import { runKey } from './parameter-grid.js';

const PATH = 'pipe/.orchest/pipeline.json';
let core: RealCore | undefined;
let jobs: JobsStore | undefined;

afterEach(async () => {
  jobs?.getState().actions.dispose();
  await core?.dispose();
  core = jobs = undefined;
});

describe('jobs store on the real core', () => {
  it('creates a job, deselects a run by its parameters, shows the runs finish and a step’s log', async () => {
    const pipeline = pipelineFixture([{ id: 'a', title: 'Echo' }]);
    pipeline.steps.a!.parameters = { n: 1 };
    core = await startRealCore({ files: { [PATH]: pipeline, 'pipe/a.py': 'import orchest\nprint("n is", orchest.get_step_param("n"))\n' }, config: { default_runner: 'local' } });
    jobs = createJobsStore(core.client, { logFlushMs: 0 });
    const actions = jobs.getState().actions;
    await actions.setProject(core.root);
    expect(jobs.getState().jobs).toEqual([]);

    const start = await actions.previewGrid(PATH);
    expect(start).toMatchObject({ ok: true, value: { grid: { a: { n: [1] } }, source: 'pipeline' } });
    const grid = { a: { n: [1, 2, 3] } };
    const preview = await actions.previewGrid(PATH, grid);
    if (!preview.ok) throw new Error(preview.message);
    const skip = preview.value.combinations.find((c) => runKey(c.parameters) === runKey({ a: { n: 2 } }))!.index;
    const created = await actions.create({ name: 'Three ns', pipeline: PATH, parameters: grid, deselected: [skip] });
    expect(created).toMatchObject({ ok: true, value: { definition: { name: 'Three ns' } } });

    await expect.poll(() => jobs!.getState().jobs?.[0]?.status, { timeout: 60_000 }).toBe('SUCCESS');
    await expect.poll(() => jobs!.getState().runs?.filter((r) => r.status === 'SUCCESS').length, { timeout: 10_000 }).toBe(2);
    const runs = jobs.getState().runs!;
    expect(runs.map((r) => r.parameters.a!.n).sort()).toEqual([1, 3]);

    const three = runs.find((r) => r.parameters.a!.n === 3)!;
    actions.openRun(three.uuid);
    actions.openLog(three.uuid, 'a');
    await expect.poll(() => jobs!.getState().log?.buffer.line(0), { timeout: 10_000 }).toBe('n is 3');
    expect(jobs.getState().records[three.uuid]?.steps[0]).toMatchObject({ status: 'SUCCESS', attempts: 1 });
  });
});
