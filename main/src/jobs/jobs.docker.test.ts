/**
 * Jobs against the real Docker engine: parameters reach the steps through the SDK, snapshots
 * freeze the code, cron fires on an injected clock, retries, pause/resume/cancel, retention.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProject, notebook, type FixtureStep } from '../runs/testing/project-fixture.js';
import { requireDockerAndImage, TEST_IMAGE } from '../runs/testing/docker-env.js';
import { jobCore } from './testing/job-core.js';
import { ManualClock } from './timing.js';

beforeAll(async () => {
  await requireDockerAndImage();
});

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(steps: FixtureStep[], opts: { clock?: ManualClock } = {}) {
  const fx = await createProject({ parameters: { epochs: 1 }, steps });
  const jc = await jobCore(fx.root, { config: { default_image: TEST_IMAGE, default_runner: 'docker' }, ...opts });
  cleanups.push(async () => {
    await jc.dispose();
    await fx.cleanup();
  });
  return { fx, jc };
}

const WRITE_PARAMS = `import json, orchest
step, pipe = orchest.get_params()
with open("params.json", "w") as f:
    json.dump({"step": step, "pipeline": pipe}, f)
print("lr", step["lr"], "epochs", pipe["epochs"])
`;

describe('jobs on Docker', () => {
  it('a 2x2 grid gives four runs; each step reads its own parameters with get_params; images are pinned by id', async () => {
    const { fx, jc } = await setup([{ uuid: 'train', title: 'Train', file: 'train.py', source: WRITE_PARAMS, parameters: { lr: 0.1 } }]);
    const job = await jc.call('jobs.create', {
      definition: { name: 'sweep', pipeline: fx.pipelinePath, parameters: { pipeline_parameters: { epochs: [1, 2] }, train: { lr: [0.1, 0.01] } }, parallelRuns: 2 },
    });
    const { job: done, runs } = await jc.waitJob(job.uuid);
    expect(done.status).toBe('SUCCESS');
    expect(done.images.train!.id).toMatch(/^sha256:/);
    expect(runs).toHaveLength(4);
    const got = [];
    for (const r of runs) {
      const written = JSON.parse(await fs.readFile(path.join(r.snapshotPath!, 'pipe', 'params.json'), 'utf8')) as { step: { lr: number }; pipeline: { epochs: number } };
      expect(written.step.lr).toBe(r.parameters.train!.lr);
      expect(written.pipeline.epochs).toBe(r.parameters.pipeline_parameters!.epochs);
      got.push([written.pipeline.epochs, written.step.lr]);
      expect(await fs.readFile(r.steps[0]!.logPath, 'utf8')).toContain(`lr ${written.step.lr} epochs ${written.pipeline.epochs}`);
      expect(r.images.train!.id).toBe(done.images.train!.id);
    }
    expect(got.sort()).toEqual([
      [1, 0.01],
      [1, 0.1],
      [2, 0.01],
      [2, 0.1],
    ]);
  });

  it("a run keeps each step's executed notebook and its outputs' summaries, read-only, job runs and interactive ones", async () => {
    const cell = (say: string) => `import orchest, pandas as pd\nstep, _ = orchest.get_params()\nprint("${say}", step["n"])\norchest.output(pd.DataFrame({"x": list(range(step["n"]))}), name="frame")\n`;
    const { fx, jc } = await setup([{ uuid: 'nb', title: 'Frame', file: 'frame.ipynb', source: notebook([cell('rows')]), parameters: { n: 1 } }]);
    const job = await jc.call('jobs.create', { definition: { name: 'frames', pipeline: fx.pipelinePath, parameters: { nb: { n: [2, 3] } } } });
    const { runs } = await jc.waitJob(job.uuid);
    expect(runs.map((r) => r.status)).toEqual(['SUCCESS', 'SUCCESS']);
    for (const r of runs) {
      const n = r.parameters.nb!.n as number;
      const executed = (await jc.call('runs.stepNotebook', { runUuid: r.uuid, stepId: 'nb' }))!;
      expect(executed.path).toBe('pipe/frame.ipynb');
      expect(JSON.stringify(executed.notebook.cells[0]!.outputs)).toContain(`rows ${n}`);
      const out = await jc.call('runs.stepOutputs', { runUuid: r.uuid, stepId: 'nb' });
      expect(out.state).toBe('ready');
      expect(out.outputs[0]).toMatchObject({ name: 'frame', kind: 'dataframe', shape: [n, 1], runUuid: r.uuid });
      expect(out.outputs[0]!.head!.rows).toEqual(Array.from({ length: n }, (_, i) => [i]));
    }

    // An interactive run keeps its own copies: the next run of the pipeline does not change what it shows.
    const runOnce = async () => {
      const started = await jc.call('runs.start', { pipeline: fx.pipelinePath });
      return jc.waitFor('the interactive run to be recorded', async () => {
        const h = await jc.call('runs.history', { pipeline: fx.pipelinePath });
        const rec = h.find((x) => x.uuid === started.id);
        return rec?.status === 'SUCCESS' ? rec : null;
      });
    };
    const first = await runOnce();
    await fx.writeStep('frame.ipynb', notebook([cell('second')]));
    const second = await runOnce();
    const kept = (await jc.call('runs.stepNotebook', { runUuid: first.uuid, stepId: 'nb' }))!;
    expect(JSON.stringify(kept.notebook.cells[0]!.outputs)).toContain('rows 1');
    expect((await jc.call('runs.stepOutputs', { runUuid: first.uuid, stepId: 'nb' })).outputs[0]).toMatchObject({ shape: [1, 1], runUuid: first.uuid });
    // The project's output files are the second run's now: listed for it, not for the first.
    expect((await jc.call('runs.artifacts', { runUuid: first.uuid, stepId: 'nb' })).outputs).toEqual([]);
    expect((await jc.call('runs.artifacts', { runUuid: second.uuid, stepId: 'nb' })).outputs.map((o) => o.name)).toContain('summary.json');
  }, 180_000);

  it('editing a step file while the job runs does not change the run', async () => {
    const { fx, jc } = await setup([
      { uuid: 'wait', title: 'Wait', file: 'wait.py', source: 'import time\ntime.sleep(3)\n' },
      { uuid: 'say', title: 'Say', file: 'say.py', source: 'print("version 1")\n', parents: ['wait'] },
    ]);
    const job = await jc.call('jobs.create', { definition: { name: 'frozen', pipeline: fx.pipelinePath } });
    await jc.waitFor('the first step to start', async () => (await jc.call('jobs.get', { jobUuid: job.uuid })).runs[0]?.steps[0]?.status === 'STARTED');
    await fx.writeStep('say.py', 'print("version 2")\n');
    const { runs } = await jc.waitJob(job.uuid);
    expect(runs[0]!.status).toBe('SUCCESS');
    const log = await fs.readFile(runs[0]!.steps[1]!.logPath, 'utf8');
    expect(log).toContain('version 1');
    expect(log).not.toContain('version 2');
    expect(await fs.readFile(path.join(fx.pipelineDir, 'say.py'), 'utf8')).toContain('version 2');
  });

  it('cron fires when the injected clock reaches its time, in the job time zone', async () => {
    const clock = new ManualClock(Date.parse('2026-06-01T09:58:00Z'));
    const { fx, jc } = await setup([{ uuid: 'tick', title: 'Tick', file: 'tick.py', source: 'print("tick")\n' }], { clock });
    // 12:00 in Amsterdam (summer time, UTC+2) is 10:00Z.
    const job = await jc.call('jobs.create', { definition: { name: 'noon', pipeline: fx.pipelinePath, schedule: { type: 'cron', cron: '0 12 * * *', timeZone: 'Europe/Amsterdam' } } });
    expect(new Date(job.nextRunAt!).toISOString()).toBe('2026-06-01T10:00:00.000Z');
    clock.advance(60_000);
    expect((await jc.call('jobs.get', { jobUuid: job.uuid })).runs).toHaveLength(0);
    clock.advance(60_000);
    const { job: after, runs } = await jc.waitJob(job.uuid, ['SCHEDULED']);
    expect(runs.map((r) => r.status)).toEqual(['SUCCESS']);
    expect(after.firings).toBe(1);
    expect(new Date(after.nextRunAt!).toISOString()).toBe('2026-06-02T10:00:00.000Z');
    expect(await fs.readFile(runs[0]!.steps[0]!.logPath, 'utf8')).toContain('tick');
  });

  it('a flaky step succeeds on its second attempt, both logs kept', async () => {
    const flaky = `import os\nmarker = "/data/flaky-marker"\nif not os.path.exists(marker):\n    open(marker, "w").close()\n    print("attempt one fails")\n    raise SystemExit(3)\nprint("attempt two works")\n`;
    const { fx, jc } = await setup([{ uuid: 'flaky', title: 'Flaky', file: 'flaky.py', source: flaky }]);
    const job = await jc.call('jobs.create', { definition: { name: 'retry', pipeline: fx.pipelinePath, retries: 1 } });
    const { job: done, runs } = await jc.waitJob(job.uuid);
    expect(done.status, JSON.stringify(runs[0], null, 1)).toBe('SUCCESS');
    const step = runs[0]!.steps[0]!;
    expect(step).toMatchObject({ status: 'SUCCESS', attempts: 2 });
    expect(step.attemptLog.map((a) => [a.attempt, a.status, a.exitCode])).toEqual([
      [1, 'FAILURE', 3],
      [2, 'SUCCESS', 0],
    ]);
    expect(await fs.readFile(step.attemptLog[0]!.logPath, 'utf8')).toContain('attempt one fails');
    expect(await fs.readFile(step.attemptLog[1]!.logPath, 'utf8')).toContain('attempt two works');
  });

  it('pause holds the next runs, resume starts them, cancel stops the running one and drops the rest', async () => {
    const { fx, jc } = await setup([{ uuid: 'nap', title: 'Nap', file: 'nap.py', source: 'import time, orchest\nstep, _ = orchest.get_params()\ntime.sleep(step["s"])\n', parameters: { s: 1 } }]);
    const job = await jc.call('jobs.create', { definition: { name: 'controls', pipeline: fx.pipelinePath, parameters: { nap: { s: [2, 30, 1] } } } });
    await jc.waitFor('the first run to start', async () => (await jc.call('jobs.get', { jobUuid: job.uuid })).runs.some((r) => r.status === 'STARTED'));
    expect((await jc.call('jobs.pause', { jobUuid: job.uuid })).status).toBe('PAUSED');
    await jc.waitFor('the first run to end', async () => (await jc.call('jobs.get', { jobUuid: job.uuid })).job.counts.succeeded === 1);
    const paused = await jc.call('jobs.get', { jobUuid: job.uuid });
    expect(paused.job.status).toBe('PAUSED');
    expect(paused.job.counts).toMatchObject({ succeeded: 1, pending: 2, running: 0 });

    await jc.call('jobs.resume', { jobUuid: job.uuid });
    await jc.waitFor('the second run to be in its step', async () => (await jc.call('jobs.get', { jobUuid: job.uuid })).runs.find((r) => r.index === 1)?.steps[0]?.status === 'STARTED');
    const cancelled = await jc.call('jobs.cancel', { jobUuid: job.uuid });
    expect(cancelled.nextRunAt).toBeNull();
    const { job: end, runs } = await jc.waitJob(job.uuid);
    expect(end.status).toBe('ABORTED');
    const byIndex = Object.fromEntries(runs.map((r) => [r.index, r]));
    expect(byIndex[0]!.status).toBe('SUCCESS');
    expect(byIndex[1]!.status).toBe('ABORTED');
    expect(byIndex[2]).toMatchObject({ status: 'ABORTED', message: 'Cancelled before it started.' });
  });

  it('retention deletes the oldest runs and their snapshots', async () => {
    const { fx, jc } = await setup([{ uuid: 'one', title: 'One', file: 'one.py', source: 'print(1)\n', parameters: { k: 0 } }]);
    const snapshots = new Set<string>();
    jc.core.subscribe((event, payload) => {
      const p = payload as { snapshotPath?: string | null };
      if (event === 'runs.recorded' && p.snapshotPath) snapshots.add(p.snapshotPath);
    });
    const job = await jc.call('jobs.create', { definition: { name: 'keep', pipeline: fx.pipelinePath, parameters: { one: { k: [1, 2, 3] } }, maxRunsToKeep: 1 } });
    const { runs } = await jc.waitJob(job.uuid);
    expect(runs.map((r) => r.parameters.one!.k)).toEqual([3]);
    expect(snapshots.size).toBe(3);
    for (const p of snapshots) expect(await fs.stat(p).then(() => p === runs[0]!.snapshotPath, () => false)).toBe(p === runs[0]!.snapshotPath);
    const usage = await jc.call('storage.usage', {});
    expect(usage.jobs.find((j) => j.uuid === job.uuid)?.runs).toBe(1);
    expect((await jc.call('jobs.delete', { jobUuid: job.uuid })).freedBytes).toBeGreaterThan(0);
    await expect(fs.stat(runs[0]!.snapshotPath!)).rejects.toThrow();
  });
});
