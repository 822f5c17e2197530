/**
 * Jobs end to end with the local runner (steps as host processes with the real step runner and
 * SDK): the grid, snapshots, retries, retention, persistence, the webhook. The Docker engine's
 * own runs are in jobs.docker.test.ts.
 */
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobSummary } from '../api/jobs.js';
import { createProject, type FixtureStep } from '../runs/testing/project-fixture.js';
import { jobCore } from './testing/job-core.js';
import { ManualClock } from './timing.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

// Writes what get_params gives it into the run's copy of the project.
const WRITE_PARAMS = `import json, orchest
step, pipe = orchest.get_params()
json.dump({"step": step, "pipeline": pipe}, open("params.json", "w"))
print("params", json.dumps(step), json.dumps(pipe))
`;

async function setup(steps: FixtureStep[] = [{ uuid: 's1', title: 'Write', file: 'write.py', source: WRITE_PARAMS, parameters: { lr: 0.1 } }]) {
  const fx = await createProject({ parameters: { epochs: 1 }, steps });
  const jc = await jobCore(fx.root);
  cleanups.push(async () => {
    await jc.dispose();
    await fx.cleanup();
  });
  return { fx, jc };
}

async function readJson(p: string): Promise<unknown> {
  return JSON.parse(await fs.readFile(p, 'utf8'));
}

describe('jobs (local runner)', () => {
  it('a 2x2 grid gives four runs, each with its parameters, on its own copy of the project', async () => {
    const { fx, jc } = await setup();
    const preview = await jc.call('jobs.previewGrid', { pipeline: fx.pipelinePath, parameters: { pipeline_parameters: { epochs: [1, 2] }, s1: { lr: [0.1, 0.5] } } });
    expect(preview.total).toBe(4);
    const job = await jc.call('jobs.create', { definition: { name: 'sweep', pipeline: fx.pipelinePath, parameters: preview.grid, runner: 'local', parallelRuns: 2 } });
    const { job: done, runs } = await jc.waitJob(job.uuid);
    expect(done.status).toBe('SUCCESS');
    expect(done.counts).toMatchObject({ total: 4, succeeded: 4 });
    const seen = [];
    for (const r of runs) {
      expect(r.snapshotPath).toBeTruthy();
      const written = (await readJson(path.join(r.snapshotPath!, 'pipe', 'params.json'))) as { step: { lr: number }; pipeline: { epochs: number } };
      expect(written).toEqual({ step: { lr: r.parameters.s1!.lr }, pipeline: { epochs: r.parameters.pipeline_parameters!.epochs } });
      seen.push(`${written.pipeline.epochs}/${written.step.lr}`);
      expect(r.steps[0]).toMatchObject({ status: 'SUCCESS', attempts: 1 });
    }
    expect(seen.sort()).toEqual(['1/0.1', '1/0.5', '2/0.1', '2/0.5']);
    // Nothing was written into the user's project.
    await expect(fs.stat(path.join(fx.pipelineDir, 'params.json'))).rejects.toThrow();
    const history = await jc.call('runs.history', { pipeline: fx.pipelinePath });
    expect(history.filter((r) => r.jobUuid === job.uuid)).toHaveLength(4);
  });

  it("the job's environment variables go over the pipeline's, which go over the project's", async () => {
    const { fx, jc } = await setup([{ uuid: 's1', title: 'Env', file: 'env.py', source: 'import os\nprint("vars", os.environ["MODE"], os.environ["FROM_PROJECT"], os.environ["FROM_PIPELINE"])\n' }]);
    await jc.call('vars.set', { variables: [{ name: 'MODE', value: 'project' }, { name: 'FROM_PROJECT', value: 'p' }] });
    await jc.call('vars.set', { pipeline: fx.pipelinePath, variables: [{ name: 'MODE', value: 'pipeline' }, { name: 'FROM_PIPELINE', value: 'q' }] });
    const job = await jc.call('jobs.create', { definition: { name: 'env', pipeline: fx.pipelinePath, env: { MODE: 'job' }, runner: 'local' } });
    const { runs } = await jc.waitJob(job.uuid);
    expect(await fs.readFile(runs[0]!.steps[0]!.logPath, 'utf8')).toContain('vars job p q');
  });

  it('runs deselected before the start do not run; the others keep their numbers', async () => {
    const { fx, jc } = await setup();
    const job = await jc.call('jobs.create', { definition: { name: 'some', pipeline: fx.pipelinePath, parameters: { s1: { lr: [1, 2, 3] } }, deselected: [1], runner: 'local' } });
    const { runs } = await jc.waitJob(job.uuid);
    expect(runs.map((r) => [r.index, r.parameters.s1!.lr, r.status])).toEqual([
      [0, 1, 'SUCCESS'],
      [2, 3, 'SUCCESS'],
    ]);
    await expect(jc.call('jobs.create', { definition: { name: 'none', pipeline: fx.pipelinePath, parameters: { s1: { lr: [1] } }, deselected: [0], runner: 'local' } })).rejects.toThrow(/select at least one/);
  });

  it('disk usage shows what jobs, runs, logs and the history take; its clean-up actions free it', async () => {
    const { fx, jc } = await setup();
    const job = await jc.call('jobs.create', { definition: { name: 'three', pipeline: fx.pipelinePath, parameters: { s1: { lr: [1, 2, 3] } }, runner: 'local' } });
    await jc.waitJob(job.uuid);
    for (let i = 0; i < 2; i++) {
      const run = await jc.call('runs.start', { pipeline: fx.pipelinePath, runner: 'local' });
      await jc.waitFor('the interactive run to be recorded', async () => (await jc.call('runs.history', { pipeline: fx.pipelinePath })).find((r) => r.uuid === run.id && r.status === 'SUCCESS'));
    }
    const usage = await jc.call('storage.usage', {});
    const bytes = (c: string) => usage.categories.find((x) => x.category === c)!.bytes;
    expect(bytes('snapshots')).toBeGreaterThan(0);
    expect(bytes('logs')).toBeGreaterThan(0);
    expect(bytes('history')).toBeGreaterThan(0);
    expect(usage.jobs).toMatchObject([{ uuid: job.uuid, name: 'three', runs: 3 }]);

    // The job's finished runs but the newest one (this process runs the job: its records go too).
    const trimmed = await jc.call('storage.clean', { target: 'job-runs', jobUuid: job.uuid, keep: 1 });
    expect(trimmed.removed).toBe(2);
    expect(trimmed.freedBytes).toBeGreaterThan(0);
    expect((await jc.call('jobs.get', { jobUuid: job.uuid })).runs).toHaveLength(1);
    expect(await fs.readdir(path.join(jc.dataDir, 'jobs', job.uuid, 'runs'))).toHaveLength(1);

    // The interactive history but the last run of each pipeline.
    expect((await jc.call('storage.clean', { target: 'interactive-history', keep: 1 })).removed).toBe(1);
    expect((await jc.call('runs.history', { pipeline: fx.pipelinePath })).filter((r) => r.kind === 'interactive')).toHaveLength(1);

    // A run folder a crash left without its record.
    const orphan = path.join(jc.dataDir, 'jobs', job.uuid, 'runs', 'left-by-a-crash');
    await fs.mkdir(path.join(orphan, 'project'), { recursive: true });
    await fs.writeFile(path.join(orphan, 'project', 'big.bin'), Buffer.alloc(4096));
    expect(await jc.call('storage.clean', { target: 'orphans' })).toMatchObject({ removed: 1, freedBytes: 4096 });
    await expect(fs.stat(orphan)).rejects.toThrow();

    // Finished jobs of the project, with everything they hold.
    const gone = await jc.call('storage.clean', { target: 'finished-jobs' });
    expect(gone.removed).toBe(1);
    expect(gone.usage.jobs).toEqual([]);
    expect(await jc.call('jobs.list', {})).toEqual([]);
    await expect(fs.stat(path.join(jc.dataDir, 'jobs', job.uuid))).rejects.toThrow();
  });

  it('without a grid file previewGrid starts from the pipeline; a parameters file beside the pipeline is read and checked', async () => {
    const { fx, jc } = await setup();
    const fromPipeline = await jc.call('jobs.previewGrid', { pipeline: fx.pipelinePath });
    expect(fromPipeline).toMatchObject({ source: 'pipeline', total: 1, grid: { pipeline_parameters: { epochs: [1] }, s1: { lr: [0.1] } } });
    const file = path.join(fx.root, fromPipeline.file);
    await fs.writeFile(file, JSON.stringify({ s1: { lr: [1, 2, 3] } }));
    expect(await jc.call('jobs.previewGrid', { pipeline: fx.pipelinePath })).toMatchObject({ source: 'file', total: 3 });
    await fs.writeFile(file, JSON.stringify({ s1: { lr: 1 } }));
    await expect(jc.call('jobs.previewGrid', { pipeline: fx.pipelinePath })).rejects.toThrow(/holds a list of values/);
  });

  it('a flaky step succeeds on its second attempt; both logs are kept', async () => {
    const flaky = `import os\nmarker = "/tmp/" + os.environ["ORCHEST_RUN_UUID"]\nif not os.path.exists(marker):\n    open(marker, "w").close()\n    print("first attempt fails")\n    raise SystemExit(3)\nos.remove(marker)\nprint("second attempt works")\n`;
    const { fx, jc } = await setup([{ uuid: 'f', title: 'Flaky', file: 'flaky.py', source: flaky, parameters: {} }]);
    const job = await jc.call('jobs.create', { definition: { name: 'retry', pipeline: fx.pipelinePath, runner: 'local', retries: 2 } });
    const { runs } = await jc.waitJob(job.uuid);
    const step = runs[0]!.steps[0]!;
    expect(step).toMatchObject({ status: 'SUCCESS', attempts: 2 });
    expect(step.attemptLog.map((a) => a.status)).toEqual(['FAILURE', 'SUCCESS']);
    expect(await fs.readFile(step.attemptLog[0]!.logPath, 'utf8')).toContain('first attempt fails');
    expect(await fs.readFile(step.attemptLog[1]!.logPath, 'utf8')).toContain('second attempt works');
    const first = await jc.call('runs.readRecordLog', { runUuid: runs[0]!.uuid, stepId: 'f', attempt: 1 });
    expect(first.text).toContain('first attempt fails');
  });

  it('retention keeps the newest runs and deletes the others with their snapshots', async () => {
    const { fx, jc } = await setup();
    const job = await jc.call('jobs.create', { definition: { name: 'keep2', pipeline: fx.pipelinePath, parameters: { s1: { lr: [1, 2, 3, 4] } }, runner: 'local', maxRunsToKeep: 2 } });
    const all: string[] = [];
    jc.core.subscribe((event, payload) => {
      const r = payload as { jobUuid?: string; snapshotPath?: string | null };
      if (event === 'runs.recorded' && r.jobUuid === job.uuid && r.snapshotPath && !all.includes(r.snapshotPath)) all.push(r.snapshotPath);
    });
    const { runs } = await jc.waitJob(job.uuid);
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => r.parameters.s1!.lr).sort()).toEqual([3, 4]);
    expect(all).toHaveLength(4);
    const kept = new Set(runs.map((r) => r.snapshotPath));
    for (const p of all) {
      const exists = await fs.stat(p).then(() => true, () => false);
      expect(exists).toBe(kept.has(p));
    }
  });

  it('posts a JSON summary to the webhook when the job ends; jobs and runs survive a restart', async () => {
    const got: JobSummary[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        got.push(JSON.parse(body) as JobSummary);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const { fx, jc } = await setup();
    const job = await jc.call('jobs.create', { definition: { name: 'hooked', pipeline: fx.pipelinePath, parameters: { s1: { lr: [1, 2] } }, runner: 'local', webhookUrl: url } });
    await jc.waitJob(job.uuid);
    await jc.waitFor('the webhook', async () => got.length > 0);
    expect(got[0]).toMatchObject({ job: { uuid: job.uuid, name: 'hooked', status: 'SUCCESS' }, status: 'SUCCESS', counts: { total: 2, succeeded: 2 } });
    expect(got[0]!.runs.map((r) => r.parameters.s1!.lr).sort()).toEqual([1, 2]);
    expect(jc.events.some((e) => e.event === 'notify.finished' && (e.payload as { jobUuid: string }).jobUuid === job.uuid)).toBe(true);

    await jc.core.dispose(); // as the app quitting: everything is on disk
    const again = await jobCore(fx.root, { dataDir: jc.dataDir });
    cleanups.push(() => again.dispose());
    const listed = await again.call('jobs.list', {});
    expect(listed.map((j) => [j.uuid, j.status])).toEqual([[job.uuid, 'SUCCESS']]);
    expect((await again.call('jobs.get', { jobUuid: job.uuid })).runs).toHaveLength(2);
  });

  it('a corrupt job file is reported and left as it is', async () => {
    const { fx, jc } = await setup();
    const job = await jc.call('jobs.create', { definition: { name: 'one', pipeline: fx.pipelinePath, runner: 'local' } });
    await jc.waitJob(job.uuid);
    await jc.core.dispose();
    const file = path.join(jc.dataDir, 'jobs', job.uuid, 'job.json');
    await fs.writeFile(file, '{"version": 1, "job": ');
    const again = await jobCore(fx.root, { dataDir: jc.dataDir });
    cleanups.push(() => again.dispose());
    expect(await again.call('jobs.list', {})).toEqual([]);
    const usage = await again.call('storage.usage', {});
    expect(usage.note).toContain(`${file} cannot be read`);
    expect(await fs.readFile(file, 'utf8')).toBe('{"version": 1, "job": ');
  });

  it('interactive runs are in the history too, each with its own kept log', async () => {
    const TELL_RUN = 'import os\nprint("params; run", os.environ["ORCHEST_RUN_UUID"])\n';
    const { fx, jc } = await setup([{ uuid: 's1', title: 'Write', file: 'write.py', source: TELL_RUN, parameters: { lr: 0.1 } }]);
    for (let i = 0; i < 2; i++) {
      const run = await jc.call('runs.start', { pipeline: fx.pipelinePath, runner: 'local' });
      await jc.waitFor('the run', async () => ((await jc.call('runs.last', { pipeline: fx.pipelinePath }))?.id === run.id && (await jc.call('runs.last', { pipeline: fx.pipelinePath }))?.status === 'SUCCESS') || null);
    }
    const history = await jc.waitFor('two recorded runs', async () => {
      const h = await jc.call('runs.history', { pipeline: fx.pipelinePath });
      return h.length === 2 && h.every((r) => r.status === 'SUCCESS') ? h : null;
    });
    expect(history.map((r) => r.kind)).toEqual(['interactive', 'interactive']);
    expect(history[0]!.parameters).toEqual({ pipeline_parameters: { epochs: 1 }, s1: { lr: 0.1 } });
    const [a, b] = history.map((r) => r.steps[0]!.logPath);
    expect(a).not.toBe(b);
    // Each run's own log, the first one's too after the second run wrote the pipeline's log anew.
    for (const r of history) expect(await fs.readFile(r.steps[0]!.logPath, 'utf8')).toContain(`params; run ${r.uuid}`);
  });

  it('a cron firing missed while the app was closed runs once when it starts again (unless the job says not to)', async () => {
    const fx = await createProject({ steps: [{ uuid: 's1', title: 'Tick', file: 'tick.py', source: 'print("tick")\n' }] });
    cleanups.push(() => fx.cleanup());
    const first = await jobCore(fx.root, { clock: new ManualClock(Date.parse('2026-06-01T09:00:00Z')) });
    cleanups.push(() => first.dispose());
    const cron = (runMissed: boolean) => ({ type: 'cron' as const, cron: '0 10 * * *', timeZone: 'UTC', runMissed });
    const missed = await first.call('jobs.create', { definition: { name: 'catch up', pipeline: fx.pipelinePath, runner: 'local', schedule: cron(true) } });
    const skipped = await first.call('jobs.create', { definition: { name: 'skip', pipeline: fx.pipelinePath, runner: 'local', schedule: cron(false) } });
    await first.core.dispose();

    // Started again at 12:00, after the 10:00 firing.
    const again = await jobCore(fx.root, { dataDir: first.dataDir, clock: new ManualClock(Date.parse('2026-06-01T12:00:00Z')) });
    cleanups.push(() => again.dispose());
    const { job, runs } = await again.waitFor('the missed firing', async () => {
      const got = await again.call('jobs.get', { jobUuid: missed.uuid });
      return got.runs.length === 1 && got.runs[0]!.status === 'SUCCESS' && got.job.status === 'SCHEDULED' ? got : null;
    });
    expect(job.firings).toBe(1);
    expect(runs).toHaveLength(1);
    expect(new Date(job.nextRunAt!).toISOString()).toBe('2026-06-02T10:00:00.000Z');
    const other = await again.call('jobs.get', { jobUuid: skipped.uuid });
    expect(other.runs).toHaveLength(0);
    expect(new Date(other.job.nextRunAt!).toISOString()).toBe('2026-06-02T10:00:00.000Z');
  });
});
