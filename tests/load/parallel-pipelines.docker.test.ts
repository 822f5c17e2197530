/**
 * Load: ten pipelines of twenty steps each started at once on `orchest serve` against the real
 * engine, and a job of fifty runs beside them, a client listening: every step's final state and
 * every log line arrive over the WebSocket (counted), and the server's RSS stays under 300 MB.
 * Each pipeline runs two steps at a time and the job four runs (24 containers at once: Debian's
 * dockerd 20.10 can deadlock with many more starting and stopping together).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, RunRecord } from '../../main/src/api/jobs.js';
import type { LogChunk, RunState } from '../../main/src/api/runs.js';
import { isRunFinished } from '../../main/src/common/statuses.js';
import { connectWs } from '../../main/src/bridge/testing/ws-client.js';
import { tempDir } from '../../main/src/pipeline/testing/fixtures.js';
import { requireDockerAndImage, TEST_IMAGE } from '../../main/src/runs/testing/docker-env.js';
import { serve, type Served } from '../../e2e/support/serve.js';
import { sampleRss } from '../support/process-memory.js';

const PIPELINES = 10;
const STEPS = 20;
const LINES = 50;
const JOB_RUNS = 50;
const JOB_PARALLEL_RUNS = 4;
const MB = 1024 * 1024;
let served: Served;

beforeAll(async () => {
  await requireDockerAndImage();
  const root = await tempDir('orchest-load-');
  await fs.writeFile(path.join(root, 'say.sh'), `for i in $(seq 1 ${LINES}); do echo "$ORCHEST_STEP_UUID line $i"; done\n`);
  for (let p = 0; p < PIPELINES; p++) {
    const steps: Record<string, unknown> = {};
    // Two chains of ten, so each pipeline has work for its two slots from start to end.
    for (let s = 0; s < STEPS; s++) steps[`p${p}s${s}`] = { uuid: `p${p}s${s}`, title: `step ${s}`, file_path: 'say.sh', incoming_connections: s >= 2 ? [`p${p}s${s - 2}`] : [] };
    await fs.writeFile(path.join(root, `load${p}.orchest`), JSON.stringify({ name: `load ${p}`, uuid: `load-${p}`, settings: { max_steps_parallelism: 2 }, steps }));
  }
  // The job's pipeline: one step, its run's parameter in every line.
  const jobStep = { uuid: 'job-step', title: 'job step', file_path: 'say.sh', incoming_connections: [] };
  await fs.writeFile(path.join(root, 'job.orchest'), JSON.stringify({ name: 'load job', uuid: 'load-job', parameters: { i: 0 }, steps: { [jobStep.uuid]: jobStep } }));
  const home = await tempDir('orchest-load-home-');
  await fs.mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
  await fs.writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ default_image: TEST_IMAGE }));
  served = await serve(root, home);
});
afterAll(async () => {
  await served?.stop();
});

describe('load', () => {
  it(`${PIPELINES} pipelines of ${STEPS} steps at once and a job of ${JOB_RUNS} runs: every state and log line arrives, the server stays under 300 MB`, async () => {
    const client = await connectWs(served.url, new URL(served.url).searchParams.get('token')!);
    const countLines = (text: string) => text.match(/ line \d+\n/g)?.length ?? 0;
    const lines = new Map<string, number>();
    const finalStates = new Map<string, RunState>();
    const jobLines = new Map<string, number>();
    const jobFinals = new Map<string, RunRecord>();
    let jobUuid = '';
    client.subscribe((event, payload) => {
      if (event === 'run.log') {
        const c = payload as LogChunk;
        lines.set(c.stepId, (lines.get(c.stepId) ?? 0) + countLines(c.text));
      } else if (event === 'run.updated' && isRunFinished((payload as RunState).status)) finalStates.set((payload as RunState).pipeline, payload as RunState);
      else if (event === 'jobs.log') {
        const c = payload as LogChunk & { jobUuid: string };
        jobLines.set(c.runId, (jobLines.get(c.runId) ?? 0) + countLines(c.text));
      } else if (event === 'runs.recorded') {
        const r = payload as RunRecord;
        if (r.jobUuid && isRunFinished(r.status)) jobFinals.set(r.uuid, r);
      }
    });
    const rss = sampleRss(served.pid);
    const t0 = Date.now();
    const job = client.call('jobs.create', { definition: { name: 'load job', pipeline: 'job.orchest', parameters: { pipeline_parameters: { i: Array.from({ length: JOB_RUNS }, (_, i) => i) } }, parallelRuns: JOB_PARALLEL_RUNS } });
    const started = await Promise.all(Array.from({ length: PIPELINES }, (_, p) => client.call('runs.start', { pipeline: `load${p}.orchest` })));
    expect(started.map((s) => s.error)).toEqual(Array(PIPELINES).fill(undefined));
    const created = await job;
    expect(created.error).toBeUndefined();
    jobUuid = (created.result as Job).uuid;
    let pipelinesSeconds = 0;
    while ((finalStates.size < PIPELINES || jobFinals.size < JOB_RUNS) && Date.now() - t0 < 320_000) {
      await new Promise((r) => setTimeout(r, 250));
      if (!pipelinesSeconds && finalStates.size === PIPELINES) pipelinesSeconds = (Date.now() - t0) / 1000;
    }
    const peak = rss.stop();
    const seconds = (Date.now() - t0) / 1000;
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    console.log(
      `load: ${PIPELINES * STEPS} pipeline steps in ${pipelinesSeconds.toFixed(0)} s and a job of ${jobFinals.size} runs, all in ${seconds.toFixed(0)} s; ` +
        `${sum(lines)} + ${sum(jobLines)} log lines live, server RSS peak ${(peak / MB).toFixed(0)} MB`,
    );

    expect(finalStates.size).toBe(PIPELINES);
    for (const state of finalStates.values()) {
      expect(state.status, state.message).toBe('SUCCESS');
      expect(state.steps.map((s) => s.status)).toEqual(Array(STEPS).fill('SUCCESS'));
    }
    const expected = new Map(Array.from({ length: PIPELINES * STEPS }, (_, i) => [`p${Math.floor(i / STEPS)}s${i % STEPS}`, LINES]));
    expect(lines).toEqual(expected);
    // The job: every run's final record (its step's state in it) and every line of every run.
    expect(jobFinals.size).toBe(JOB_RUNS);
    for (const r of jobFinals.values()) {
      expect(r.jobUuid).toBe(jobUuid);
      expect(r.status, r.message).toBe('SUCCESS');
      expect(r.steps.map((s) => s.status)).toEqual(['SUCCESS']);
    }
    expect(new Set([...jobFinals.values()].map((r) => r.index))).toEqual(new Set(Array.from({ length: JOB_RUNS }, (_, i) => i)));
    expect(jobLines).toEqual(new Map([...jobFinals.keys()].map((id) => [id, LINES])));
    const { job: ended } = (await client.call('jobs.get', { jobUuid })).result as { job: Job };
    expect(ended).toMatchObject({ status: 'SUCCESS', counts: { total: JOB_RUNS, succeeded: JOB_RUNS } });
    expect(peak).toBeLessThan(300 * MB);
    await client.close();
  }, 360_000);
});
