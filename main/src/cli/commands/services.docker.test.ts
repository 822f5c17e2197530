/**
 * `orchest services PIPELINE` against the real engine and the Streamlit test image (see
 * sessions/services.docker.test.ts): one "NAME URL" line per port, the app answers there, its
 * output follows on stderr, and Ctrl+C removes the container.
 */
import { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { containerGone, requireDockerAndImage, waitFor } from '../../runs/testing/docker-env.js';
import { servicesCommand } from './services.js';

const STREAMLIT_IMAGE = process.env.ORCHEST_TEST_STREAMLIT_IMAGE || 'orchest-test-streamlit:latest';
let tmp = '';
afterEach(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

it('prints each service URL, follows its output, and removes it on Ctrl+C', async () => {
  const docker = await requireDockerAndImage();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-h9-cli-services-'));
  const project = path.join(tmp, 'project');
  await fs.mkdir(project);
  await fs.writeFile(path.join(project, 'app.py'), 'import streamlit as st\nst.write("hi")\n');
  const web = {
    image: STREAMLIT_IMAGE,
    command: 'streamlit',
    args: 'run /src/app.py --server.port 8501 --server.headless true --browser.gatherUsageStats false',
    binds: { '/project-dir': '/src' },
    ports: [8501],
    scope: ['interactive'],
  };
  await fs.writeFile(path.join(project, 'dash.orchest'), JSON.stringify({ name: 'dash', uuid: 'dash-cli', steps: {}, services: { web } }));
  await fs.mkdir(path.join(tmp, 'config'));
  await fs.writeFile(path.join(tmp, 'config', 'config.json'), '{}');
  const ctx = { configDir: path.join(tmp, 'config'), dataDir: path.join(tmp, 'data') };

  let listed = '';
  expect(await servicesCommand(path.join(project, 'dash.orchest'), { list: true }, { ...ctx, stdout: { write: (t: string) => (listed += t) } })).toBe(0);
  expect(listed).toBe(`web\t${STREAMLIT_IMAGE}\tports: 8501\tscope: interactive\n`);

  let stdout = '';
  let stderr = '';
  const signals = new EventEmitter();
  const done = servicesCommand(path.join(project, 'dash.orchest'), {}, { ...ctx, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, signals });
  const line = await waitFor('the URL line', () => (stdout.endsWith('\n') ? stdout : undefined) || (/orchest services: (?!starting)/.test(stderr) && !stderr.includes('Ctrl+C') ? Promise.reject(new Error(stderr)) : undefined), 120_000);
  const [name, url] = line.trim().split(' ');
  expect(name).toBe('web');
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  expect((await fetch(`${url}_stcore/health`)).status).toBe(200);
  await waitFor('its output on stderr', () => stderr.includes('web | ') || undefined);
  const [mine] = await docker.listContainers({ filters: { label: ['app=orchest-desktop', 'service=web'], publish: [new URL(url!).port] } });
  expect(mine).toBeDefined();
  signals.emit('SIGINT');
  expect(await done).toBe(0);
  expect(await containerGone(docker, mine!.Id)).toBe(true);
}, 240_000);
