/**
 * Environment variables from the UI, in Debian's Chromium against `orchest serve` and real Docker:
 * a project variable and a secret set in Project settings, a pipeline variable over a project one,
 * a run that uses them, and the secret as *** in the step log.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RunPanel } from './pages/runs.js';
import { VariablesForm } from './pages/variables.js';
import { expect, makeProject, test } from './support/fixtures.js';
import { removeDir } from './support/serve.js';

const IMAGE = process.env.ORCHEST_TEST_IMAGE ?? 'orchest-test-py:latest';
const SECRET = 'tok-e2e-51f0c9';
const STEP = 'import os\nfor k in ("REGION", "LEVEL", "API_TOKEN"):\n    print(f"{k.lower()}: {os.environ.get(k)}")\n';

test('variables set in the UI reach the step; the pipeline value wins; a secret shows as ***', async ({ page, home, openApp }) => {
  const project = await makeProject([{ folder: 'flow', name: 'Flow', steps: { s1: { title: 'Show env', file: 'show.py' } } }], { 'flow/show.py': STEP });
  try {
    await mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
    await writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ default_image: IMAGE, default_runner: 'docker' }));
    const { editor } = await openApp(project);
    await expect(editor.step('Show env')).toBeVisible();

    const settings = await VariablesForm.projectSettings(page);
    await settings.add('REGION', 'eu-north-1');
    await settings.add('LEVEL', 'project');
    await settings.add('API_TOKEN', SECRET, { secret: true });
    await expect(settings.root.getByLabel('Value of API_TOKEN')).toHaveAttribute('type', 'password');
    await settings.save();
    await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).click();

    const pipeline = VariablesForm.pipelinePanel(page);
    await expect(pipeline.root).toContainText('From the project: REGION, LEVEL, API_TOKEN');
    await pipeline.add('LEVEL', 'pipeline');
    await expect(pipeline.row('LEVEL')).toContainText("Overrides the project's value.");
    await pipeline.save();

    const runs = new RunPanel(page);
    await runs.button('Run all').click();
    await runs.expectStatus('Show env', 'SUCCESS', 90_000);
    await editor.select('Show env');
    await expect(runs.log).toContainText('region: eu-north-1');
    await expect(runs.log).toContainText('level: pipeline');
    await expect(runs.log).toContainText('api_token: ***');
    await expect(runs.log).not.toContainText(SECRET);

    // Kept outside the project: nothing of the secret in any project file, the log included.
    for (const f of await readdir(project, { recursive: true })) {
      const text = await readFile(path.join(project, f), 'utf8').catch(() => '');
      expect(text, f).not.toContain(SECRET);
    }
    // After a reload the secret is still masked, and the value comes only on "Reveal".
    await page.reload();
    const again = await VariablesForm.projectSettings(page);
    await expect(again.root.getByLabel('Value of API_TOKEN')).toHaveValue('');
    await again.row('API_TOKEN').getByRole('button', { name: 'Reveal API_TOKEN' }).click();
    await expect(again.root.getByLabel('Value of API_TOKEN')).toHaveValue(SECRET);
  } finally {
    await removeDir(project);
  }
});
