/**
 * `orchest serve` killed with SIGKILL in the middle of a job of three runs (one at a time), then
 * started again on the same HOME, against the real engine, a client on the WebSocket bridge as the
 * UI. What the next start shows is the stated way (README, "Reliability and security"): the run
 * that was going FAILURE ("the app stopped while this run was going"), the one not started ABORTED,
 * the job FAILURE saying why; the finished run and its output as they were; no container left; the
 * interrupted step's output not shown as a result (it wrote one and was still going); its log kept
 * up to the kill; "Run now" runs the job again.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, RunRecord } from '../../main/src/api/jobs.js';
import { connectWs } from '../../main/src/bridge/testing/ws-client.js';
import { tempDir } from '../../main/src/pipeline/testing/fixtures.js';
import { projectUuid } from '../../main/src/project/project-id.js';
import { containersOfProject, requireDockerAndImage, TEST_IMAGE, waitFor } from '../../main/src/runs/testing/docker-env.js';
import { serve, type Served } from '../../e2e/support/serve.js';

let docker: Docker;
let root: string;
let home: string;
const servers: Served[] = [];

const MAKE = `import time, orchest
n = orchest.get_pipeline_param("n")
orchest.output({"n": n}, name="result")
print("run", n, "output written", flush=True)
if n == 2:
    time.sleep(300)
`;

beforeAll(async () => {
  docker = await requireDockerAndImage();
  root = await tempDir('orchest-job-restart-');
  home = await tempDir('orchest-job-restart-home-');
  await fs.writeFile(path.join(root, 'make.py'), MAKE);
  await fs.writeFile(path.join(root, 'p.orchest'), JSON.stringify({ name: 'p', uuid: 'job-restart-1', parameters: { n: 0 }, steps: { make: { uuid: 'make', title: 'make', file_path: 'make.py', incoming_connections: [] } } }));
  await fs.mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
  await fs.writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ default_image: TEST_IMAGE }));
});
afterAll(async () => {
  for (const s of servers) await s.stop();
});

async function connect() {
  const served = await serve(root, home);
  servers.push(served);
  return { served, client: await connectWs(served.url, new URL(served.url).searchParams.get('token')!) };
}

type Client = Awaited<ReturnType<typeof connect>>['client'];
const jobOf = async (client: Client, uuid: string) => (await client.call('jobs.get', { jobUuid: uuid })).result as { job: Job; runs: RunRecord[] };
const byIndex = (runs: RunRecord[]) => [...runs].sort((a, b) => a.index - b.index);

describe('a job\'s app killed mid-job', () => {
  it('the next start shows the job ended in the stated way, no container left, no half-done output as a result', async () => {
    const first = await connect();
    const created = await first.client.call('jobs.create', { definition: { name: 'three', pipeline: 'p.orchest', parameters: { pipeline_parameters: { n: [1, 2, 3] } }, parallelRuns: 1 } });
    expect(created.error).toBeUndefined();
    const jobUuid = (created.result as Job).uuid;
    const going = await waitFor('the second run to have written its output and be sleeping', async () => {
      const runs = byIndex((await jobOf(first.client, jobUuid)).runs);
      const second = runs[1];
      if (second?.status !== 'STARTED' || !second.steps[0]?.logPath) return null;
      return (await fs.readFile(second.steps[0].logPath, 'utf8').catch(() => '')).includes('output written') ? runs : null;
    }, 120_000);
    expect(going.map((r) => r.status)).toEqual(['SUCCESS', 'STARTED', 'PENDING']);
    expect((await containersOfProject(docker, projectUuid(root))).length).toBeGreaterThan(0);

    process.kill(first.served.pid, 'SIGKILL');
    await first.client.close();
    await first.served.stop();

    const next = await connect();
    const { job, runs } = await jobOf(next.client, jobUuid);
    expect(job.status).toBe('FAILURE');
    expect(job.message).toMatch(/The app stopped during the last firing/);
    const [done, cut, notStarted] = byIndex(runs);
    expect([done!.status, cut!.status, notStarted!.status]).toEqual(['SUCCESS', 'FAILURE', 'ABORTED']);
    expect(cut!.message).toMatch(/The app stopped while this run was going; it did not finish/);
    expect(cut!.steps[0]).toMatchObject({ status: 'ABORTED', message: 'The app stopped during the run.' });
    expect(notStarted!.message).toMatch(/Not started: the app stopped before this run began/);
    expect(job.counts).toMatchObject({ total: 3, succeeded: 1, failed: 1, aborted: 1, running: 0, pending: 0 });
    // Its containers are removed; its log is kept up to the kill.
    await waitFor("the killed run's containers to be removed", async () => (await containersOfProject(docker, projectUuid(root))).length === 0, 30_000);
    expect(await fs.readFile(cut!.steps[0]!.logPath, 'utf8')).toBe('run 2 output written\n');
    // The finished run's output is a result; the interrupted step's (written, then cut) is not shown as one.
    const artifacts = async (r: RunRecord) => ((await next.client.call('runs.artifacts', { runUuid: r.uuid, stepId: 'make' })).result as { outputs: Array<{ name: string }> }).outputs;
    expect((await artifacts(done!)).map((o) => o.name)).toContain('meta.json');
    expect(await artifacts(cut!)).toEqual([]);
    const shown = async (r: RunRecord) => (await next.client.call('runs.stepOutputs', { runUuid: r.uuid, stepId: 'make' })).result as { state: string; message: string; outputs: unknown[] };
    expect(await shown(done!)).toMatchObject({ state: 'ready', outputs: [expect.anything()] });
    expect(await shown(cut!)).toMatchObject({ state: 'failed', message: expect.stringMatching(/did not finish in this run \(The app stopped during the run\.\)/), outputs: [] });

    // The job can be run again from where it is shown.
    const again = await next.client.call('jobs.runNow', { jobUuid });
    expect(again.error).toBeUndefined();
    await waitFor('a new firing', async () => (await jobOf(next.client, jobUuid)).runs.length === 6, 30_000);
    expect((await next.client.call('jobs.cancel', { jobUuid })).error).toBeUndefined();
    await waitFor('the cancelled firing to end', async () => (await jobOf(next.client, jobUuid)).job.status === 'ABORTED', 30_000);
    await waitFor('its containers to be removed', async () => (await containersOfProject(docker, projectUuid(root))).length === 0, 30_000);
    await next.client.close();
  }, 300_000);
});
