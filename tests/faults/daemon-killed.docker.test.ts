/**
 * The Docker daemon killed with SIGKILL in the middle of a run, then started again: a real second
 * dockerd (tests/support/killable-engine.ts) is the local engine of `orchest serve` (its
 * docker_host), a client on the WebSocket bridge as the UI. The run ends FAILURE with the reason
 * within 10 s of the kill, the server keeps answering, once the daemon is back a new run works, and
 * the engine holds no container of the first run (the app removes them when the daemon answers
 * again, without being restarted).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunState } from '../../main/src/api/runs.js';
import { connectWs } from '../../main/src/bridge/testing/ws-client.js';
import { isRunFinished } from '../../main/src/common/statuses.js';
import { tempDir } from '../../main/src/pipeline/testing/fixtures.js';
import { containerRoles, containersOfRun, requireDockerAndImage, TEST_IMAGE, waitFor } from '../../main/src/runs/testing/docker-env.js';
import { serve, type Served } from '../../e2e/support/serve.js';
import { startKillableEngine, type KillableEngine } from '../support/killable-engine.js';
import { repoRoot } from '../support/orchest-cli.js';

let engine: KillableEngine | undefined;
let served: Served | undefined;
let root: string;

beforeAll(async () => {
  await requireDockerAndImage();
  const base = await tempDir('orchest-daemon-killed-');
  root = path.join(base, 'project');
  const home = path.join(base, 'home');
  const socketDir = path.join(base, 'engine');
  await Promise.all([root, home, socketDir].map((d) => fs.mkdir(d, { recursive: true })));
  // The project, HOME (the shared /data) and the SDK and runner are bind-mounted into step containers.
  engine = await startKillableEngine({ socketDir, shared: [root, home, path.join(repoRoot, 'resources')], images: [TEST_IMAGE] });
  await fs.writeFile(path.join(root, 'long.sh'), 'echo up\nsleep 120\n');
  await fs.writeFile(path.join(root, 'next.sh'), 'echo next\n');
  const step = (uuid: string, file: string, parents: string[] = []) => ({ uuid, title: uuid, file_path: file, incoming_connections: parents });
  await fs.writeFile(path.join(root, 'p.orchest'), JSON.stringify({ name: 'p', uuid: 'killed-daemon-1', steps: { long: step('long', 'long.sh'), next: step('next', 'next.sh', ['long']) } }));
  await fs.writeFile(path.join(root, 'q.orchest'), JSON.stringify({ name: 'q', uuid: 'killed-daemon-2', steps: { next: step('next', 'next.sh') } }));
  await fs.mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
  await fs.writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ default_image: TEST_IMAGE, docker_host: engine.host }));
  served = await serve(root, home);
}, 300_000);
afterAll(async () => {
  await served?.stop();
  await engine?.stop();
}, 60_000);

describe('the Docker daemon killed mid-run', () => {
  it('ends the run FAILURE with the reason within 10 s; the app answers; once the daemon is back a new run works and no container of the first is left', async () => {
    const client = await connectWs(served!.url, new URL(served!.url).searchParams.get('token')!);
    const finals = new Map<string, RunState>();
    client.subscribe((event, payload) => {
      const s = payload as RunState;
      if (event === 'run.updated' && isRunFinished(s.status)) finals.set(s.id, s);
    });
    const started = await client.call('runs.start', { pipeline: 'p.orchest' });
    expect(started.error).toBeUndefined();
    const id = (started.result as RunState).id;
    await waitFor('the step to print', async () => (await fs.readFile(path.join(root, '.orchest/pipelines/killed-daemon-1/logs/long.log'), 'utf8').catch(() => '')).includes('up'), 60_000);
    // The run is on that daemon: the step running, the next one's container made ahead.
    expect(containerRoles(await containersOfRun(engine!.docker, id))).toEqual(['network running', 'step running', 'step running']);

    await engine!.kill();
    const failed = await waitFor('the run to end after the daemon was killed', () => finals.get(id), 10_000);
    expect(failed.status).toBe('FAILURE');
    expect(failed.message).toMatch(/The run stopped: Docker: lost the connection to Docker/);
    expect(failed.steps.map((s) => [s.uuid, s.status])).toEqual([['long', 'FAILURE'], ['next', 'ABORTED']]);
    expect(await fs.readFile(path.join(root, '.orchest/pipelines/killed-daemon-1/logs/long.log'), 'utf8')).toMatch(/^up\n/);

    // The server still answers; it says Docker is not there, and refuses a run saying so.
    expect((await client.call('app.info', {})).result).toBeTruthy();
    expect((await client.call('runs.get', { runId: id })).result).toMatchObject({ status: 'FAILURE' });
    const refused = await client.call('runs.start', { pipeline: 'q.orchest' });
    expect(refused.error?.code).toBe('DOCKER_UNAVAILABLE');
    expect(refused.error?.message).toMatch(/Docker is not reachable at .*docker\.sock/);

    await engine!.start();
    const again = await client.call('runs.start', { pipeline: 'q.orchest' });
    expect(again.error).toBeUndefined();
    const ok = await waitFor('the new run to end', () => finals.get((again.result as RunState).id), 60_000);
    expect(ok.status, ok.message).toBe('SUCCESS');
    expect(await fs.readFile(ok.steps[0]!.logPath, 'utf8')).toBe('next\n');
    // The daemon stopped the first run's containers when it came back; the app removed them.
    await waitFor("the first run's containers to be removed from the engine", async () => (await containersOfRun(engine!.docker, id)).length === 0, 30_000);
    await client.close();
  }, 240_000);
});
