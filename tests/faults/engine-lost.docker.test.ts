/**
 * The Docker engine lost in the middle of a run and back afterwards, against the real engine
 * behind a socket proxy the test cuts and restores (what the app sees when dockerd dies and is
 * restarted, without touching the engine other tests share): the run ends FAILURE with the reason
 * (within 10 s of the cut), the core keeps answering, once the engine is back a new run works, and
 * the core removes the container the engine could not remove while it was gone. (A real daemon
 * killed with SIGKILL: daemon-killed.docker.test.ts.)
 */
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunState } from '../../main/src/api/runs.js';
import { isRunFinished } from '../../main/src/common/statuses.js';
import { createCore, type Core } from '../../main/src/core/core.js';
import { removeRunContainers } from '../../main/src/docker/containers.js';
import { tempDir } from '../../main/src/pipeline/testing/fixtures.js';
import { containersOfRun, requireDockerAndImage, TEST_IMAGE, waitFor } from '../../main/src/runs/testing/docker-env.js';

let docker: Docker;
let core: Core;
let root: string;
let sock: string;
let configDir: string;
let proxy: { close(): void } | undefined;
const firstRuns: string[] = [];

/** A proxy on `sock` to the real engine; close() cuts every connection, as a dead daemon does. */
async function startProxy(): Promise<{ close(): void }> {
  await fs.rm(sock, { force: true });
  const conns = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect('/var/run/docker.sock');
    for (const s of [client, upstream]) {
      conns.add(s);
      s.on('error', () => {});
      s.on('close', () => conns.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(sock, r));
  return {
    close() {
      server.close();
      for (const s of conns) s.destroy();
    },
  };
}

const runState = async (id: string) => (await core.call('runs.get', { runId: id })).result as RunState;

beforeAll(async () => {
  docker = await requireDockerAndImage();
  root = await tempDir('orchest-engine-lost-');
  sock = path.join(await tempDir('orchest-engine-sock-'), 'docker.sock');
  await fs.writeFile(path.join(root, 'long.sh'), 'echo up\nsleep 120\n');
  await fs.writeFile(path.join(root, 'next.sh'), 'echo next\n');
  const step = (uuid: string, file: string, parents: string[] = []) => ({ uuid, title: uuid, file_path: file, incoming_connections: parents });
  await fs.writeFile(path.join(root, 'p.orchest'), JSON.stringify({ name: 'p', uuid: 'lost-1', steps: { long: step('long', 'long.sh'), next: step('next', 'next.sh', ['long']) } }));
  await fs.writeFile(path.join(root, 'q.orchest'), JSON.stringify({ name: 'q', uuid: 'lost-2', steps: { next: step('next', 'next.sh') } }));
  configDir = await tempDir('orchest-config-');
  await fs.writeFile(path.join(configDir, 'config.json'), JSON.stringify({ default_image: TEST_IMAGE, docker_host: `unix://${sock}` }));
  proxy = await startProxy();
  core = await createCore({ configDir, dataDir: await tempDir('orchest-data-'), mode: 'test', projectDir: root, watchProject: false });
});
afterAll(async () => {
  proxy?.close();
  await core?.dispose();
  for (const id of firstRuns) await removeRunContainers(docker, id).catch(() => undefined);
});

describe('the Docker engine lost mid-run', () => {
  it('ends the run FAILURE with the reason; once it is back a new run works and no container of the first is left', async () => {
    const started = await core.call('runs.start', { pipeline: 'p.orchest' });
    expect(started.error).toBeUndefined();
    const id = (started.result as RunState).id;
    firstRuns.push(id);
    await waitFor('the step to print', async () => (await fs.readFile(path.join(root, '.orchest/pipelines/lost-1/logs/long.log'), 'utf8').catch(() => '')).includes('up'), 60_000);

    proxy!.close();
    const failed = await waitFor('the run to end after the engine went away', async () => {
      const s = await runState(id);
      return isRunFinished(s.status) ? s : null;
    }, 10_000);
    expect(failed.status).toBe('FAILURE');
    expect(failed.message).toContain('lost the connection to Docker');
    expect(failed.steps.map((s) => s.status)).toEqual(['FAILURE', 'ABORTED']);
    // The core still answers, and says what is wrong with the engine.
    expect((await core.call('app.info', {})).result).toBeTruthy();
    const status = await core.call('engine.status', {});
    expect(JSON.stringify(status)).toMatch(/not reachable|cannot|unavailable|ENOENT|ECONNREFUSED/i);
    const refused = await core.call('runs.start', { pipeline: 'q.orchest' });
    expect(refused.error?.code).toBe('DOCKER_UNAVAILABLE');

    proxy = await startProxy(); // the daemon is back
    const again = await core.call('runs.start', { pipeline: 'q.orchest' });
    expect(again.error).toBeUndefined();
    const ok = await waitFor('the new run to end', async () => {
      const s = await runState((again.result as RunState).id);
      return isRunFinished(s.status) ? s : null;
    }, 60_000);
    expect(ok.status).toBe('SUCCESS');
    // The container the engine could not remove when it went away goes once it answers again.
    await waitFor("the first run's container to be removed", async () => (await containersOfRun(docker, id)).length === 0, 30_000);
  }, 180_000);
});
