/**
 * Jupyter servers against the real Docker engine and the test image with JupyterLab
 * (ORCHEST_TEST_JUPYTER_IMAGE, default orchest-test-jupyter:latest; scripts/setup-test-env.sh builds
 * it offline). The whole core: a run writes a parent's output, a kernel started through the
 * server's REST API reads it by the notebook's path.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunState } from '../api/runs.js';
import { createCore, type Core } from '../core/core.js';
import { CoreError } from '../core/core-error.js';
import { request } from '../core/request.js';
import { createDockerClient } from '../docker/client.js';
import { imageExists } from '../docker/containers.js';
import { isRunFinished } from '../common/statuses.js';
import { containerGone, TEST_IMAGE, waitFor } from '../runs/testing/docker-env.js';
import { executeInKernel } from './testing/kernel-client.js';

const JUPYTER_IMAGE = process.env.ORCHEST_TEST_JUPYTER_IMAGE || 'orchest-test-jupyter:latest';
/** Debian's Notebook 6 and no JupyterLab: the classic server's fallback. */
const NOTEBOOK_IMAGE = process.env.ORCHEST_TEST_NOTEBOOK_IMAGE || 'orchest-test-notebook:latest';
const BUILD_HINT = `node bin/orchest.js image build-offline ${JUPYTER_IMAGE} --packages "python3-numpy python3-pandas" --pip jupyterlab (config package_index: a local package index), or: bash scripts/setup-test-env.sh`;

let docker: Docker;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  docker = createDockerClient('');
  await docker.ping().catch((err: unknown) => {
    throw new Error(`Docker is not reachable (${(err as Error).message}); these tests need it and the image ${JUPYTER_IMAGE}: ${BUILD_HINT}`);
  });
  if (!(await imageExists(docker, JUPYTER_IMAGE))) throw new Error(`The test image ${JUPYTER_IMAGE} is missing. Build it with: ${BUILD_HINT}`);
  if (!(await imageExists(docker, NOTEBOOK_IMAGE))) {
    throw new Error(`The test image ${NOTEBOOK_IMAGE} is missing. Build it with: node bin/orchest.js image build-offline ${NOTEBOOK_IMAGE} --packages jupyter-notebook, or: bash scripts/setup-test-env.sh`);
  }
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const notebook = (source: string) =>
  JSON.stringify({
    cells: [{ cell_type: 'code', execution_count: null, id: 'c1', metadata: {}, outputs: [], source }],
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  });

/** A project-layout pipeline: load.py outputs {"answer": 42}; notebooks/explore.ipynb is its child. */
async function setup(defaultImage = JUPYTER_IMAGE): Promise<{ core: Core; root: string }> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-h9-jupyter-'));
  const root = path.join(tmp, 'project');
  await fs.mkdir(path.join(root, 'notebooks'), { recursive: true });
  await fs.mkdir(path.join(tmp, 'config'));
  await fs.writeFile(path.join(tmp, 'config', 'config.json'), JSON.stringify({ default_image: defaultImage }));
  await fs.writeFile(path.join(root, 'load.py'), 'import orchest\norchest.output({"answer": 42}, name="data")\n');
  await fs.writeFile(path.join(root, 'notebooks', 'explore.ipynb'), notebook('import orchest\norchest.get_inputs()'));
  await fs.writeFile(path.join(root, 'notebooks', 'plain.ipynb'), notebook('1'));
  const step = (uuid: string, file: string, parents: string[] = [], extra = {}) => ({ uuid, title: uuid, file_path: file, incoming_connections: parents, ...extra });
  await fs.writeFile(
    path.join(root, 'analysis.orchest'),
    JSON.stringify({
      name: 'analysis',
      uuid: 'analysis-uuid',
      steps: {
        load: step('load', 'load.py'),
        explore: step('explore', 'notebooks/explore.ipynb', ['load']),
        plain: step('plain', 'notebooks/plain.ipynb', [], { image: TEST_IMAGE }),
      },
    }),
  );
  const core = await createCore({ configDir: path.join(tmp, 'config'), dataDir: path.join(tmp, 'data'), mode: 'test', projectDir: root });
  cleanups.push(() => fs.rm(tmp, { recursive: true, force: true }));
  cleanups.push(() => core.dispose());
  return { core, root };
}

async function runSteps(core: Core, steps: string[]): Promise<RunState> {
  const started = await request(core, 'runs.start', { pipeline: 'analysis.orchest', kind: 'selection', steps });
  return waitFor('the run to end', async () => {
    const s = await request(core, 'runs.get', { runId: started.id });
    return isRunFinished(s.status) ? s : undefined;
  }, 120_000);
}

describe('Jupyter servers in the environment image', () => {
  it("serves the notebook with a token, runs kernels with the project's variables that read the parent output by notebook path, and is gone after stop", async () => {
    const { core } = await setup();
    expect((await runSteps(core, ['load'])).status).toBe('SUCCESS');
    await request(core, 'vars.set', { variables: [{ name: 'GREETING', value: 'hello from the project' }] });

    const opened = await request(core, 'jupyter.open', { pipeline: 'analysis.orchest', stepId: 'explore' });
    const { server } = opened;
    expect(server.flavor).toBe('lab');
    expect(server.image).toBe(JUPYTER_IMAGE);
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(opened.url).toBe(`${server.baseUrl}lab/tree/notebooks/explore.ipynb?token=${server.token}`);
    const ports = (await docker.getContainer(server.id).inspect()).NetworkSettings.Ports['8888/tcp'];
    expect(ports?.map((p) => p.HostIp)).toEqual(['127.0.0.1']);

    // The API answers with the token, refuses without it (or with another).
    expect((await fetch(`${server.baseUrl}api/status?token=${server.token}`)).status).toBe(200);
    expect([401, 403]).toContain((await fetch(`${server.baseUrl}api/status`)).status);
    expect([401, 403]).toContain((await fetch(`${server.baseUrl}api/contents/notebooks?token=wrong`)).status);
    const page = await fetch(opened.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('JupyterLab');
    const contents = (await (await fetch(`${server.baseUrl}api/contents/notebooks?token=${server.token}`)).json()) as { content: Array<{ name: string }> };
    expect(contents.content.map((c) => c.name).sort()).toEqual(['explore.ipynb', 'plain.ipynb']);

    const auth = { Authorization: `token ${server.token}`, 'Content-Type': 'application/json' };
    // As JupyterLab opens a notebook: a session (Jupyter Server sets JPY_SESSION_NAME for its kernel).
    const session = (await (
      await fetch(`${server.baseUrl}api/sessions`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ path: 'notebooks/explore.ipynb', name: 'explore.ipynb', type: 'notebook', kernel: { name: 'python3' } }),
      })
    ).json()) as { kernel: { id: string } };
    const viaSession = await executeInKernel(server.baseUrl, server.token, session.kernel.id, 'import orchest\ni = orchest.get_inputs()\nprint(i["data"], i["unnamed"])');
    expect(viaSession).toEqual({ stdout: "{'answer': 42} []\n", stderr: '', error: '' });

    // A bare kernel (POST /api/kernels) in the notebook's folder: found from its working directory.
    const kernel = (await (await fetch(`${server.baseUrl}api/kernels`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'python3', path: 'notebooks' }) })).json()) as { id: string };
    const bare = await executeInKernel(server.baseUrl, server.token, kernel.id, 'import orchest\nprint(orchest.get_inputs()["data"]["answer"] + 1)');
    // Two notebook steps in that folder (explore, plain): it must say so, naming both.
    expect(bare.error).toContain('is the file of 2 steps');
    expect(bare.error).toContain('"explore" (explore)');
    const env = await executeInKernel(server.baseUrl, server.token, kernel.id, 'import os\nprint(os.environ["GREETING"], os.environ["ORCHEST_PROJECT_DIR"], "ORCHEST_STEP_UUID" in os.environ)');
    expect(env.stdout).toBe('hello from the project /project-dir False\n');
    const picked = await executeInKernel(server.baseUrl, server.token, kernel.id, 'import os, orchest\nos.environ["ORCHEST_STEP_UUID"] = "explore"\nprint(orchest.get_inputs()["data"]["answer"] + 1)');
    expect(picked).toEqual({ stdout: '43\n', stderr: '', error: '' });

    // The same image again (a file of the tree): the same server.
    const again = await request(core, 'jupyter.open', { path: 'load.py' });
    expect(again.reused).toBe(true);
    expect(again.server.id).toBe(server.id);
    expect((await request(core, 'jupyter.list', {})).map((s) => s.id)).toEqual([server.id]);

    expect(await request(core, 'jupyter.stop', { id: server.id })).toEqual({ stopped: server.id });
    expect(await containerGone(docker, server.id)).toBe(true);
    expect(await request(core, 'jupyter.list', {})).toEqual([]);
    await expect(fetch(`${server.baseUrl}api/status`)).rejects.toThrow();
  }, 300_000);

  it('says plainly when the image has no Jupyter, leaving no container; disposing the core stops its servers', async () => {
    const { core } = await setup();
    const err = await request(core, 'jupyter.open', { pipeline: 'analysis.orchest', stepId: 'plain' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CoreError);
    expect((err as CoreError).message).toContain('has no Jupyter server');
    expect((err as CoreError).code).toBe('IMAGE_MISSING');
    expect((err as CoreError).message).toContain(`"${TEST_IMAGE}" has no Jupyter server`);
    expect((err as CoreError).message).toContain('--pip jupyterlab');
    expect(await request(core, 'jupyter.list', {})).toEqual([]);

    const { server } = await request(core, 'jupyter.open', { path: 'notebooks/explore.ipynb' });
    await core.dispose();
    expect(await containerGone(docker, server.id)).toBe(true);
  }, 300_000);

  it('falls back to the classic notebook server where the image has no JupyterLab: the token is required, kernels read the parent output', async () => {
    const { core } = await setup(NOTEBOOK_IMAGE);
    expect((await runSteps(core, ['load'])).status).toBe('SUCCESS');
    const opened = await request(core, 'jupyter.open', { pipeline: 'analysis.orchest', stepId: 'explore' });
    const { server } = opened;
    expect(server.flavor).toBe('notebook');
    expect(server.image).toBe(NOTEBOOK_IMAGE);
    expect(opened.url).toBe(`${server.baseUrl}notebooks/notebooks/explore.ipynb?token=${server.token}`);
    expect((await fetch(`${server.baseUrl}api/contents/notebooks?token=${server.token}`)).status).toBe(200);
    expect([401, 403]).toContain((await fetch(`${server.baseUrl}api/contents/notebooks`)).status);
    expect([401, 403]).toContain((await fetch(`${server.baseUrl}api/contents/notebooks?token=wrong`)).status);
    const page = await fetch(opened.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('explore.ipynb');

    // Notebook 6 does not tell a kernel its notebook: the SDK asks the server (ORCHEST_JUPYTER_URL).
    const auth = { Authorization: `token ${server.token}`, 'Content-Type': 'application/json' };
    const session = (await (
      await fetch(`${server.baseUrl}api/sessions`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ path: 'notebooks/explore.ipynb', name: 'explore.ipynb', type: 'notebook', kernel: { name: 'python3' } }),
      })
    ).json()) as { kernel: { id: string } };
    const got = await executeInKernel(server.baseUrl, server.token, session.kernel.id, 'import orchest\nprint(orchest.get_inputs()["data"])');
    expect(got).toEqual({ stdout: "{'answer': 42}\n", stderr: '', error: '' });

    await request(core, 'jupyter.stop', { id: server.id });
    expect(await containerGone(docker, server.id)).toBe(true);
  }, 300_000);
});
