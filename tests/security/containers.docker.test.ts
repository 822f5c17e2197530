/**
 * What the real engine made of the app's containers (docker inspect), for a step and a Jupyter
 * session: never privileged, no Docker socket, no added capabilities, run as the project
 * folder's owner. And a secret variable given to a step never appears in the pipeline file, the
 * step's log, the live events, the run state or the run history.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import DockerClient from 'dockerode';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunState } from '../../main/src/api/runs.js';
import { isRunFinished } from '../../main/src/common/statuses.js';
import { createCore, type Core } from '../../main/src/core/core.js';
import { APP_LABEL, LABEL } from '../../main/src/docker/containers.js';
import { tempDir } from '../../main/src/pipeline/testing/fixtures.js';
import { requireDockerAndImage, waitFor } from '../../main/src/runs/testing/docker-env.js';

const JUPYTER_IMAGE = process.env.ORCHEST_TEST_JUPYTER_IMAGE || 'orchest-test-jupyter:latest';
const SECRET = 'hunter2-s3cr3t-value-9f8e';
const OWNER = 1000;

let docker: Docker;
let core: Core;
let root: string;
let dataDir: string;
const events: unknown[] = [];
const created: Docker.ContainerInspectInfo[] = [];

beforeAll(async () => {
  docker = await requireDockerAndImage();
  // Read back every container the app creates, before it starts (a step's is removed after it ends).
  const create = DockerClient.prototype.createContainer;
  vi.spyOn(DockerClient.prototype, 'createContainer').mockImplementation(async function (this: Docker, opts: Docker.ContainerCreateOptions) {
    const container = await create.call(this, opts);
    created.push(await container.inspect());
    return container;
  } as typeof create);

  root = await tempDir('orchest-sec-containers-');
  await fs.writeFile(path.join(root, 'leak.py'), 'import os\nprint("token is", os.environ["API_TOKEN"], flush=True)\nprint("uid", os.getuid(), "gid", os.getgid())\n');
  await fs.writeFile(path.join(root, 'nb.ipynb'), JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  await fs.writeFile(path.join(root, 'p.orchest'), JSON.stringify({ name: 'p', uuid: 'sec-p1', steps: { leak: { uuid: 'leak', title: 'Leak', file_path: 'leak.py', incoming_connections: [] } } }, null, 2));
  spawnSync('chown', ['-R', `${OWNER}:${OWNER}`, root]);
  const configDir = await tempDir('orchest-sec-config-');
  dataDir = await tempDir('orchest-sec-data-');
  await fs.writeFile(path.join(configDir, 'config.json'), JSON.stringify({ default_image: JUPYTER_IMAGE })); // python3 and JupyterLab: the image of the step and of the session
  core = await createCore({ configDir, dataDir, mode: 'test', projectDir: root });
  core.subscribe((event, payload) => events.push({ event, payload }));
}, 120_000);
afterAll(async () => {
  await core?.dispose();
  vi.restoreAllMocks();
});

function expectConfined(info: Docker.ContainerInspectInfo | undefined, what: string): void {
  expect(info, what).toBeDefined();
  const host = info!.HostConfig;
  expect(host.Privileged, what).toBe(false);
  expect(host.CapAdd ?? [], what).toEqual([]);
  expect([...(host.Binds ?? []), ...(info!.Mounts ?? []).map((m) => `${m.Source}:${m.Destination}`)].filter((b) => /docker\.sock/.test(b)), what).toEqual([]);
  expect(host.PidMode ?? '', what).not.toBe('host');
  expect(host.NetworkMode ?? '', what).not.toBe('host');
  expect(info!.Config.User, what).toBe(`${OWNER}:${OWNER}`);
}

describe('the containers the app starts, as the engine has them', () => {
  it('a step: confined, run as the owner; its secret is masked in the log and stored nowhere in the project', async () => {
    const set = await core.call('vars.set', { variables: [{ name: 'API_TOKEN', value: SECRET, secret: true }] });
    expect(set.error).toBeUndefined();
    const started = await core.call('runs.start', { pipeline: 'p.orchest' });
    expect(started.error).toBeUndefined();
    const id = (started.result as RunState).id;
    const final = await waitFor('the run to end', async () => {
      const s = (await core.call('runs.get', { runId: id })).result as RunState;
      return isRunFinished(s.status) ? s : null;
    }, 120_000);
    expect(final.status).toBe('SUCCESS');
    expectConfined(created.find((c) => c.Config.Labels[LABEL.run] === id && c.Config.Labels[LABEL.step]), 'step container');
    expectConfined(created.find((c) => c.Config.Labels[LABEL.run] === id && c.Config.Labels[LABEL.runNetwork]), "the run's network holder");

    const log = await fs.readFile(path.join(root, '.orchest/pipelines/sec-p1/logs/leak.log'), 'utf8');
    expect(log).toContain('token is ***');
    expect(log).toContain(`uid ${OWNER} gid ${OWNER}`);
    // Nowhere the user or another program could read it back: the project, the events, the run, the history.
    const grep = spawnSync('grep', ['-r', '-l', SECRET, root, dataDir], { encoding: 'utf8' });
    expect(grep.stdout).toBe('');
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(JSON.stringify(final)).not.toContain(SECRET);
    expect(JSON.stringify((await core.call('vars.get', {})).result)).not.toContain(SECRET);
  }, 180_000);

  it('a Jupyter session: confined, run as the owner', async () => {
    const opened = await core.call('jupyter.open', { path: 'nb.ipynb' });
    expect(opened.error, JSON.stringify(opened.error)).toBeUndefined();
    const sessions = await docker.listContainers({ filters: { label: [`${LABEL.app}=${APP_LABEL}`, LABEL.session] } });
    const ours = created.filter((c) => c.Config.Labels[LABEL.session] && sessions.some((s) => s.Id === c.Id));
    expect(ours.length).toBeGreaterThan(0);
    for (const c of ours) expectConfined(c, `session ${c.Name}`);
    for (const s of (await core.call('jupyter.list', {})).result as Array<{ id: string }>) await core.call('jupyter.stop', { id: s.id });
  }, 180_000);
});
