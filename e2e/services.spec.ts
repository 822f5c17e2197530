/**
 * Services beside a pipeline, in Debian's Chromium against `orchest serve`, with real Docker: the
 * shipped example (examples/streamlit-service), its Streamlit image name aliased to the test image
 * with Streamlit (ORCHEST_TEST_STREAMLIT_IMAGE, default orchest-test-streamlit:latest, built by
 * scripts/setup-test-env.sh). Run all writes the summary; Start services shows a link; the page at
 * it is the dashboard with that data; Stop services removes it.
 */
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunPanel } from './pages/runs.js';
import { expect, test } from './support/fixtures.js';

const STREAMLIT_IMAGE = process.env.ORCHEST_TEST_STREAMLIT_IMAGE ?? 'orchest-test-streamlit:latest';
const STEP_IMAGE = process.env.ORCHEST_TEST_IMAGE ?? 'orchest-test-py:latest';
const EXAMPLE = fileURLToPath(new URL('../examples/streamlit-service', import.meta.url));

test('Start services runs the Streamlit dashboard beside the pipeline; its link shows the data; Stop removes it', async ({ page, context, home, openApp }) => {
  test.setTimeout(300_000);
  const project = path.join(await mkdtemp(path.join(os.tmpdir(), 'orchest-e2e-services-')), 'streamlit-service');
  await cp(EXAMPLE, project, { recursive: true });
  await mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
  await writeFile(
    path.join(home, '.config', 'orchest', 'config.json'),
    JSON.stringify({ default_image: STEP_IMAGE, default_runner: 'docker', image_aliases: { 'orchest-streamlit:latest': STREAMLIT_IMAGE } }),
  );
  const { editor } = await openApp(project);
  await editor.openPipeline('streamlit-service');
  const runs = new RunPanel(page);
  await runs.button('Run all').click();
  await runs.expectStatus('Summarise', 'SUCCESS', 120_000);

  await page.getByRole('button', { name: 'Services', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Services' });
  await expect(panel.locator('[data-service="dashboard"]')).toContainText('not running');
  await panel.getByRole('button', { name: 'Start services' }).click();
  const link = panel.getByRole('link', { name: 'Open dashboard' });
  await expect(link).toBeVisible({ timeout: 120_000 });
  await expect(panel.locator('[data-service="dashboard"]')).toHaveAttribute('data-status', 'running');
  const url = (await link.getAttribute('href'))!;
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  expect((await fetch(`${url}_stcore/health`)).status).toBe(200);

  // The dashboard itself: Streamlit renders what the run wrote.
  const [dashboard] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await expect(dashboard.getByRole('heading', { name: 'Sales by region' })).toBeVisible({ timeout: 60_000 });
  await expect(dashboard.getByText('Revenue', { exact: true })).toBeVisible({ timeout: 60_000 });
  await dashboard.close();

  // Its log, as a step's.
  await panel.getByRole('button', { name: 'Log of dashboard' }).click();
  await expect(panel.getByRole('log', { name: 'Log of dashboard' })).toContainText('You can now view your Streamlit app', { timeout: 30_000 });

  await panel.getByRole('button', { name: 'Stop services' }).click();
  await expect(link).toHaveCount(0);
  await expect(panel.locator('[data-service="dashboard"]')).toContainText('not running');
  await expect(fetch(url)).rejects.toThrow();
});
