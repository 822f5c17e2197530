/**
 * The data between steps, in Debian's Chromium against `orchest serve` with real Docker and the
 * test image (ORCHEST_TEST_IMAGE, default orchest-test-py:latest: numpy and pandas): run a
 * pipeline, click the connection, and see the DataFrame that flows along it.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { PipelineEditor } from './pages/editor.js';
import { RunPanel } from './pages/runs.js';
import { makeHome, removeDir, serve, type Served } from './support/serve.js';

const IMAGE = process.env.ORCHEST_TEST_IMAGE ?? 'orchest-test-py:latest';

const LOAD = `import numpy as np, pandas as pd, orchest
orchest.output(pd.DataFrame({"city": ["city %d" % i for i in range(12)], "temp": np.arange(12) * 1.5, "n": np.arange(12)}), name="weather")
`;
const USE = 'import orchest\nprint("rows:", len(orchest.get_inputs()["weather"]))\n';

let project: string;
let home: string;
let served: Served | undefined;

test.beforeEach(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'orchest-e2e-data-'));
  home = await makeHome();
  const step = (uuid: string, title: string, parents: string[], x: number) => ({ uuid, title, file_path: `${uuid}.py`, incoming_connections: parents, kernel: { name: 'python', display_name: 'Python 3' }, parameters: {}, meta_data: { hidden: false, position: [x, 120] } });
  const definition = { name: 'Weather', uuid: 'uuid-weather', version: '1.0.0', settings: {}, parameters: {}, steps: { load: step('load', 'Load', [], 80), use: step('use', 'Use', ['load'], 420) } };
  await mkdir(path.join(project, 'weather', '.orchest'), { recursive: true });
  await writeFile(path.join(project, 'weather', '.orchest', 'pipeline.json'), JSON.stringify(definition, null, 4));
  await writeFile(path.join(project, 'weather', 'load.py'), LOAD);
  await writeFile(path.join(project, 'weather', 'use.py'), USE);
  await mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
  await writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ default_image: IMAGE, default_runner: 'docker' }));
});

test.afterEach(async ({}, testInfo) => {
  if (served) {
    await served.stop();
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('orchest serve output', { body: served.output(), contentType: 'text/plain' });
  }
  served = undefined;
  await removeDir(project);
  await removeDir(home);
});

test("run a pipeline, click the connection: the DataFrame's shape, dtypes and first rows; a step's Outputs", async ({ page }) => {
  served = await serve(project, home);
  await page.goto(served.url);
  const editor = new PipelineEditor(page);
  const runs = new RunPanel(page);
  await editor.openPipeline('Weather');
  await expect(editor.step('Load')).toBeVisible();

  // Before any run the connection says so.
  await editor.edge('Load', 'Use').click();
  const pane = page.getByTestId('data-pane');
  await expect(pane.getByRole('heading', { name: 'Data: Load → Use' })).toBeVisible();
  await expect(pane.getByTestId('data-state')).toContainText('No run yet');

  await runs.button('Run all').click();
  for (const title of ['Load', 'Use']) await runs.expectStatus(title, 'SUCCESS', 90_000);
  // The open pane follows the run.
  await expect(pane.getByTestId('data-state')).toContainText('From the last run.');
  await expect(pane).toContainText('→ "Use" gets it as inputs["weather"]');
  await expect(pane).toContainText('pandas.DataFrame · 12 rows × 3 columns');
  const table = pane.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText(['cityobject', 'tempfloat64', 'nint64']);
  const rows = table.getByRole('row');
  await expect(rows).toHaveCount(11); // the header and the first 10 rows
  await expect(rows.nth(1).getByRole('cell')).toHaveText(['city 0', '0', '0']);
  await expect(rows.nth(3).getByRole('cell')).toHaveText(['city 2', '3', '2']);
  await expect(pane).toContainText('first 10 of 12 rows');

  // A step's "Outputs" (properties panel) shows its output and who receives it.
  await editor.step('Use').click();
  await page.getByRole('complementary', { name: 'Properties' }).getByRole('button', { name: 'Outputs', exact: true }).click();
  await expect(pane.getByRole('heading', { name: 'Outputs: Use' })).toBeVisible();
  await expect(pane.getByTestId('data-state')).toContainText('No output: the step ran without calling orchest.output');
});
