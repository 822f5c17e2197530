/**
 * Open in JupyterLab, in Debian's Chromium against `orchest serve`, with real Docker and the test
 * image with JupyterLab (ORCHEST_TEST_JUPYTER_IMAGE, default orchest-test-jupyter:latest, built by
 * scripts/setup-test-env.sh): from a notebook step's properties a new tab opens JupyterLab at that
 * notebook, and so does the notebook's menu in the file tree (the same server); the toolbar lists the
 * server and stops it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, makeProject, test } from './support/fixtures.js';

const IMAGE = process.env.ORCHEST_TEST_JUPYTER_IMAGE ?? 'orchest-test-jupyter:latest';

const notebook = JSON.stringify({
  cells: [
    { cell_type: 'markdown', id: 'm1', metadata: {}, source: '# Exploring the flights data' },
    { cell_type: 'code', execution_count: null, id: 'c1', metadata: {}, outputs: [], source: 'import orchest\ninputs = orchest.get_inputs()' },
  ],
  metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
  nbformat: 4,
  nbformat_minor: 5,
});

test('a notebook step opens in JupyterLab in its image, listed in the toolbar until stopped', async ({ page, context, home, openApp }) => {
  test.setTimeout(300_000);
  const project = await makeProject([{ folder: 'flights', name: 'Flights', steps: { explore: { title: 'Explore', file: 'explore.ipynb' } } }], {
    'flights/explore.ipynb': notebook,
  });
  await mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
  await writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ default_image: IMAGE }));
  const { editor } = await openApp(project);
  await editor.openPipeline('Flights');
  await editor.select('Explore');

  const [lab] = await Promise.all([context.waitForEvent('page'), editor.button('Open in JupyterLab').click()]);
  await lab.waitForURL(/\/lab\/tree\/flights\/explore\.ipynb\?token=/, { timeout: 240_000 });
  // JupyterLab's own page: the notebook's tab and its rendered markdown cell.
  await expect(lab.locator('.lm-TabBar-tabLabel', { hasText: 'explore.ipynb' }).first()).toBeVisible({ timeout: 120_000 });
  await expect(lab.getByRole('heading', { name: 'Exploring the flights data' })).toBeVisible({ timeout: 60_000 });

  const servers = page.getByRole('group', { name: 'Jupyter servers' });
  await expect(servers).toContainText(`Jupyter: ${IMAGE}`);

  // The file tree's menu of the notebook: the same server, at the same notebook.
  await page.locator('[data-path="flights/explore.ipynb"]').click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Actions for flights/explore.ipynb' });
  const [again] = await Promise.all([context.waitForEvent('page'), menu.getByRole('button', { name: 'Open in JupyterLab' }).click()]);
  // Same server; JupyterLab may move a second tab to its own workspace (/lab/workspaces/auto-x/tree/...).
  const origin = new URL(lab.url()).origin;
  await again.waitForURL((url) => url.origin === origin && url.pathname.endsWith('/tree/flights/explore.ipynb'), { timeout: 60_000 });
  await expect(again.locator('.lm-TabBar-tabLabel', { hasText: 'explore.ipynb' }).first()).toBeVisible({ timeout: 120_000 });
  await expect(menu).toHaveCount(0);
  await again.close();
  await expect(servers.getByRole('link')).toHaveCount(1);
  await servers.getByRole('button', { name: `Stop the Jupyter server in ${IMAGE}` }).click();
  await expect(servers).toHaveCount(0);
  await lab.close();
});
