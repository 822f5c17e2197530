/**
 * The engine picker in the status bar, in Chromium against `orchest serve`: it names the engine
 * runs use, picks a configured remote one for the project, and adds an ssh:// engine from its form;
 * both land in the user's config (nothing in the project). No run: the remote runs themselves are
 * tests/acceptance/remote-engine.docker.test.ts.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, makeProject, test } from './support/fixtures.js';
import { removeDir } from './support/serve.js';

test('the status bar shows the engine; picking a remote one and adding an ssh:// one keep them in the config', async ({ page, home, openApp }) => {
  const project = await makeProject([{ folder: 'flow', name: 'Flow', steps: { s1: { title: 'Step', file: 'step.py' } } }], { 'flow/step.py': 'print(1)\n' });
  const configFile = path.join(home, '.config', 'orchest', 'config.json');
  try {
    await mkdir(path.dirname(configFile), { recursive: true });
    await writeFile(configFile, JSON.stringify({ engines: { 'build-box': { host: 'tcp://127.0.0.1:9' } } }));
    await openApp(project);
    const engine = page.getByTestId('status-engine-name');
    await expect(engine).toHaveText('Engine: local');

    await engine.click();
    const menu = page.getByRole('dialog', { name: 'Run engine' });
    await menu.getByRole('button', { name: /build-box/ }).click();
    await expect(engine).toHaveText('Engine: build-box (remote)');
    await expect(engine).toHaveAttribute('title', /tcp:\/\/127\.0\.0\.1:9 — this project's choice/);

    await engine.click();
    await menu.getByRole('button', { name: 'Add remote engine…' }).click();
    const form = page.getByRole('form', { name: 'Add a remote engine' });
    await form.getByLabel('Name').fill('gpu-box');
    await form.getByLabel('Address').fill('ssh://me@gpu-box.example:2222');
    await form.getByLabel('SSH key file').fill(path.join(home, 'id_ed25519'));
    await writeFile(path.join(home, 'id_ed25519'), 'not read until a run');
    await form.getByRole('button', { name: 'Add and use' }).click();
    await expect(engine).toHaveText('Engine: gpu-box (remote)');

    const config = JSON.parse(await readFile(configFile, 'utf8')) as { engines: Record<string, unknown>; project_engines: Record<string, string> };
    expect(config.engines['gpu-box']).toEqual({ host: 'ssh://me@gpu-box.example:2222', ssh: { identity_file: path.join(home, 'id_ed25519') } });
    expect(Object.values(config.project_engines)).toEqual(['gpu-box']);
  } finally {
    await removeDir(project);
  }
});
