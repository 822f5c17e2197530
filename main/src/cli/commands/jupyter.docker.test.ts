/**
 * `orchest jupyter PROJECT` against the real engine and the JupyterLab test image (see
 * sessions/jupyter.docker.test.ts): one line with the URL, the server answers with its token, and
 * Ctrl+C removes the container.
 */
import { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createDockerClient } from '../../docker/client.js';
import { waitFor } from '../../runs/testing/docker-env.js';
import { jupyterCommand } from './jupyter.js';

const JUPYTER_IMAGE = process.env.ORCHEST_TEST_JUPYTER_IMAGE || 'orchest-test-jupyter:latest';
let tmp = '';
afterEach(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

it('prints the URL with its token, serves until Ctrl+C, then removes its container', async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-h9-cli-jupyter-'));
  const project = path.join(tmp, 'my project');
  await fs.mkdir(project);
  await fs.writeFile(path.join(project, 'hello.py'), 'print("hi")\n');
  await fs.mkdir(path.join(tmp, 'config'));
  await fs.writeFile(path.join(tmp, 'config', 'config.json'), JSON.stringify({ default_image: JUPYTER_IMAGE }));
  let stdout = '';
  let stderr = '';
  const signals = new EventEmitter();
  const done = jupyterCommand(project, {}, {
    configDir: path.join(tmp, 'config'),
    dataDir: path.join(tmp, 'data'),
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    signals,
  });
  const line = await waitFor('the URL line', () => (stdout.endsWith('\n') ? stdout : undefined) || (stderr.includes('error') ? Promise.reject(new Error(stderr)) : undefined), 240_000);
  expect(line.trim().split('\n')).toHaveLength(1);
  const url = new URL(line.trim());
  expect(url.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(url.pathname).toBe('/lab');
  const token = url.searchParams.get('token')!;
  const files = (await (await fetch(`${url.origin}/api/contents?token=${token}`)).json()) as { content: Array<{ name: string }> };
  expect(files.content.map((f) => f.name)).toContain('hello.py');

  const docker = createDockerClient('');
  const [mine] = await docker.listContainers({ filters: { label: ['app=orchest-desktop'], publish: [url.port] } });
  expect(mine).toBeDefined();
  signals.emit('SIGINT');
  expect(await done).toBe(0);
  expect(await docker.getContainer(mine!.Id).inspect().then(() => 'still there', (e: { statusCode?: number }) => e.statusCode)).toBe(404);
}, 300_000);
