/**
 * Files and notebooks, in Debian's Chromium against `orchest serve`: the notebook preview (markdown,
 * code, outputs of the last run in real Docker with the test image) and its skip toggle changing the
 * file on disk in that cell only; the file tree's rename/move and delete keeping the pipeline
 * consistent; "Open in editor" running the configured editor command.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FileTreePanel } from './pages/files.js';
import { RunPanel } from './pages/runs.js';
import { expect, makeProject, test } from './support/fixtures.js';
import { repoRoot } from './support/serve.js';

const IMAGE = process.env.ORCHEST_TEST_IMAGE ?? 'orchest-test-py:latest';
const FIXTURES = path.join(repoRoot, 'main/src/notebooks/fixtures');

async function writeConfig(home: string, config: Record<string, unknown>): Promise<void> {
  await mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
  await writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify(config));
}

test('the notebook preview shows cells and outputs, and its skip toggle changes that cell on disk', async ({ page, home, openApp }) => {
  test.setTimeout(240_000);
  const source = await readFile(path.join(FIXTURES, 'source.ipynb'), 'utf8');
  const project = await makeProject([{ folder: 'flights', name: 'Flights', steps: { report: { title: 'Report', file: 'report.ipynb' } } }], { 'flights/report.ipynb': source });
  await writeConfig(home, { default_image: IMAGE });
  const { editor } = await openApp(project);
  const files = new FileTreePanel(page);
  const runs = new RunPanel(page);
  await editor.openPipeline('Flights');

  await files.action('flights/report.ipynb', 'Preview');
  const preview = files.preview;
  await expect(preview.getByRole('heading', { name: 'Flights report' })).toBeVisible();
  await expect(preview.locator('strong', { hasText: 'bold' })).toBeVisible();
  await expect(preview.getByRole('cell', { name: '2' })).toBeVisible(); // the markdown table
  await expect(preview.locator('img[onerror]')).toHaveCount(0); // sanitized
  await expect(files.cell(2)).toContainText("print('hello from the notebook')");
  await expect(files.cell(6).getByText('skip', { exact: true })).toBeVisible();

  // Skip cell 2: the file changes in that cell only, exactly as nbformat would write it.
  await files.cell(2).getByRole('checkbox', { name: 'Skip cell 2' }).click(); // checked once the file is written
  await expect(files.cell(2).getByRole('checkbox', { name: 'Skip cell 2' })).toBeChecked();
  const want = await readFile(path.join(FIXTURES, 'nbformat-toggled/source-1.ipynb'), 'utf8');
  await expect.poll(() => readFile(path.join(project, 'flights/report.ipynb'), 'utf8')).toBe(want);

  // An edit from elsewhere shows up in the preview.
  await writeFile(path.join(project, 'flights/report.ipynb'), want.replace('# Flights report', '# Flights report, edited'));
  await expect(preview.getByRole('heading', { name: 'Flights report, edited' })).toBeVisible();

  // Run it: the last run's executed notebook, with its outputs (cell 5 fails, cells 2 and 6 are skipped).
  await page.getByRole('button', { name: 'Close the preview' }).click();
  await runs.button('Run all').click();
  await runs.expectStatus('Report', 'FAILURE', 180_000);
  await editor.select('Report');
  await page.getByRole('button', { name: 'Preview notebook', exact: true }).click();
  await preview.getByRole('button', { name: 'Last run', exact: true }).click();
  await expect(files.cell(3).getByRole('cell', { name: 'AA' })).toBeVisible(); // the DataFrame as an HTML table
  await expect(files.cell(4).getByRole('img', { name: 'Cell output', exact: true })).toBeVisible(); // image/png
  await expect(files.cell(4).getByRole('img', { name: 'Cell output (SVG)' })).toBeVisible();
  await expect(files.cell(5).getByLabel('Output of cell 5')).toContainText('ZeroDivisionError');
  await expect(files.cell(5).getByLabel('Output of cell 5')).toContainText('a warning');
  await expect(files.cell(2).getByLabel('Output of cell 2')).toHaveCount(0);
  await expect(files.cell(2).getByRole('checkbox')).toHaveCount(0); // tags are changed in the source
});

test('renaming and deleting files in the tree keeps the pipeline consistent; files open in the configured editor', async ({ page, home, openApp }) => {
  const project = await makeProject(
    [{ folder: 'etl', name: 'ETL', steps: { extract: { title: 'Extract', file: 'extract.py' }, load: { title: 'Load', file: 'load.py', parents: ['extract'] } } }],
    { 'etl/extract.py': 'print("extract")\n', 'etl/load.py': 'print("load")\n' },
  );
  const fakeEditor = path.join(project, 'my editor', 'ed.sh');
  await mkdir(path.dirname(fakeEditor), { recursive: true });
  await writeFile(fakeEditor, `#!/bin/sh\nprintf '%s\\n' "$@" > "${path.join(project, 'editor-args.txt')}"\n`, { mode: 0o755 });
  await writeConfig(home, { editor: `"${fakeEditor}" --line {line} {file}` });
  const { editor } = await openApp(project);
  const files = new FileTreePanel(page);
  await editor.openPipeline('ETL');
  const definition = path.join(project, 'etl/.orchest/pipeline.json');
  const before = await readFile(definition, 'utf8');

  // Rename a step's file: its file_path follows, nothing else in the file changes.
  await files.move('etl/extract.py', 'etl/steps/extract data.py');
  await expect(files.entry('etl/steps/extract data.py')).toBeVisible();
  await expect.poll(() => readFile(definition, 'utf8')).toBe(before.replace('"file_path": "extract.py"', '"file_path": "steps/extract data.py"'));
  await expect(editor.step('Extract')).toContainText('extract data.py');
  await editor.select('Extract');
  await expect(page.getByLabel('File', { exact: true })).toHaveValue('steps/extract data.py');

  // Delete one: asked first, naming the step; the step then shows its file missing.
  const dialog = await files.askDelete('etl/load.py');
  await expect(dialog).toContainText('Load');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(files.entry('etl/load.py')).toBeVisible();
  await (await files.askDelete('etl/load.py')).getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(files.entry('etl/load.py')).toHaveCount(0);
  await expect(stat(path.join(project, 'etl/load.py'))).rejects.toMatchObject({ code: 'ENOENT' });
  await expect(editor.step('Load')).toContainText('Missing');
  expect(JSON.parse(await readFile(definition, 'utf8')).steps.load.file_path).toBe('load.py');

  // A new folder shows in the tree before it holds a file.
  await page.getByRole('button', { name: 'New folder', exact: true }).click();
  await page.getByLabel('New folder path', { exact: true }).fill('etl/empty');
  await page.getByRole('button', { name: 'Create folder', exact: true }).click();
  await expect(files.entry('etl/empty')).toBeVisible();

  // The editor command: {file} and {line} as single arguments, run without a shell.
  await files.action('etl/steps/extract data.py', 'Open in editor');
  await expect.poll(() => readFile(path.join(project, 'editor-args.txt'), 'utf8').catch(() => '')).toBe(`--line\n1\n${path.join(project, 'etl/steps/extract data.py')}\n`);
});
