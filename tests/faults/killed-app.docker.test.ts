/**
 * `orchest run` and `orchest serve` killed with SIGKILL in the middle of a run, against the real
 * engine: on the next start (a new core on the same HOME) the run reads as ended, not running;
 * its containers are removed; its log up to the kill is kept.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunState } from '../../main/src/api/runs.js';
import { connectWs } from '../../main/src/bridge/testing/ws-client.js';
import { createCore, type Core } from '../../main/src/core/core.js';
import { defaultConfigDir, defaultDataDir } from '../../main/src/core/paths.js';
import { tempDir } from '../../main/src/pipeline/testing/fixtures.js';
import { projectUuid } from '../../main/src/project/project-id.js';
import { containerRoles, containersOfProject, requireDockerAndImage, TEST_IMAGE, waitFor } from '../../main/src/runs/testing/docker-env.js';
import { serve } from '../../e2e/support/serve.js';
import { repoRoot } from '../support/orchest-cli.js';
import type Docker from 'dockerode';

let docker: Docker;
const cores: Core[] = [];
beforeAll(async () => {
  docker = await requireDockerAndImage();
});
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
});

/** A project whose first step prints three lines and sleeps; a home whose config uses the test image. */
async function setup() {
  const home = await tempDir('orchest-killed-home-');
  const root = await tempDir('orchest-killed-');
  await fs.writeFile(path.join(root, 'long.sh'), 'echo line 1\necho line 2\necho line 3\nsleep 300\n');
  await fs.writeFile(path.join(root, 'after.sh'), 'echo never\n');
  const step = (uuid: string, file: string, parents: string[] = []) => ({ uuid, title: uuid, file_path: file, incoming_connections: parents });
  await fs.writeFile(path.join(root, 'p.orchest'), JSON.stringify({ name: 'p', uuid: 'killed-1', steps: { long: step('long', 'long.sh'), after: step('after', 'after.sh', ['long']) } }));
  const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share') };
  await fs.mkdir(defaultConfigDir(env), { recursive: true });
  await fs.writeFile(path.join(defaultConfigDir(env), 'config.json'), JSON.stringify({ default_image: TEST_IMAGE }));
  const log = path.join(root, '.orchest/pipelines/killed-1/logs/long.log');
  return { home, root, env, log };
}

/** What the next start sees: the last run, the project's containers once orphans are cleaned, the log. */
async function nextStart(s: Awaited<ReturnType<typeof setup>>) {
  const core = await createCore({ configDir: defaultConfigDir(s.env), dataDir: defaultDataDir(s.env), mode: 'test', projectDir: s.root, watchProject: false });
  cores.push(core);
  const last = (await core.call('runs.last', { pipeline: 'p.orchest' })).result as RunState | null;
  await waitFor('the killed run\'s containers to be removed', async () => (await containersOfProject(docker, projectUuid(s.root))).length === 0, 30_000);
  return { last, log: await fs.readFile(s.log, 'utf8') };
}

function expectEnded(last: RunState | null, log: string): void {
  expect(last?.status).toBe('FAILURE');
  expect(last?.message).toMatch(/The app stopped while this run was going/);
  expect(last?.steps.map((x) => x.status)).toEqual(['ABORTED', 'ABORTED']);
  expect(log).toBe('line 1\nline 2\nline 3\n');
}

describe('the app killed with SIGKILL mid-run', () => {
  it('orchest run: the next start shows the run ended, its container gone, its log kept', async () => {
    const s = await setup();
    const cli = spawn(process.execPath, [path.join(repoRoot, 'bin/orchest.js'), 'run', path.join(s.root, 'p.orchest')], { env: { ...process.env, ...s.env }, stdio: 'ignore' });
    await waitFor('the step to print', async () => (await fs.readFile(s.log, 'utf8').catch(() => '')).includes('line 3'), 60_000);
    // The first step runs; the second's container is started behind its gate, waiting for it; and the run's network.
    expect(containerRoles(await containersOfProject(docker, projectUuid(s.root)))).toEqual(['network running', 'step running', 'step running']);
    cli.kill('SIGKILL');
    await new Promise((r) => cli.once('exit', r));
    const { last, log } = await nextStart(s);
    expectEnded(last, log);
  }, 120_000);

  it('orchest serve: the same', async () => {
    const s = await setup();
    const served = await serve(s.root, s.home);
    const client = await connectWs(served.url, new URL(served.url).searchParams.get('token')!);
    expect((await client.call('runs.start', { pipeline: 'p.orchest' })).error).toBeUndefined();
    await waitFor('the step to print', async () => (await fs.readFile(s.log, 'utf8').catch(() => '')).includes('line 3'), 60_000);
    process.kill(served.pid, 'SIGKILL');
    await client.close();
    await served.stop();
    const { last, log } = await nextStart(s);
    expectEnded(last, log);
  }, 120_000);
});
