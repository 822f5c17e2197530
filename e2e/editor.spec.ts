/**
 * The editor in Debian's Chromium against `orchest serve`, each test with its own HOME and project.
 */
import { cp, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, makeProject, test } from './support/fixtures.js';
import { removeDir, repoRoot } from './support/serve.js';

type Def = { name: string; steps: Record<string, { title: string; incoming_connections: string[]; meta_data: { position: [number, number] } }> };
const readDef = async (file: string): Promise<Def> => JSON.parse(await readFile(file, 'utf8')) as Def;
const stepByTitle = (def: Def, title: string) => Object.values(def.steps).find((s) => s.title === title)!;
const uuidOf = (def: Def, title: string) => Object.entries(def.steps).find(([, s]) => s.title === title)![0];

test('open a folder, add and connect steps, refuse a cycle, undo, auto layout', async ({ openApp }) => {
  const project = await makeProject([{ folder: 'flow', name: 'flow' }], { 'flow/a.py': 'print(1)\n', 'flow/b.py': 'print(2)\n' });
  const file = path.join(project, 'flow', '.orchest', 'pipeline.json');
  try {
    const { editor, served } = await openApp(undefined);
    await editor.openFolder(project);
    await expect(editor.page.getByRole('list', { name: 'Pipelines', exact: true })).toContainText('flow');
    await expect(editor.button('New step')).toBeEnabled();

    await editor.button('New step').click();
    await editor.button('New step').click();
    await expect(editor.steps).toHaveCount(2);
    await editor.waitSaved();
    let def = await readDef(file);
    const titles = Object.values(def.steps).map((s) => s.title);
    expect(titles).toHaveLength(2);
    const [first, second] = titles as [string, string];

    await editor.connect(first, second);
    await editor.waitSaved();
    await expect.poll(async () => stepByTitle(await readDef(file), second).incoming_connections).toEqual([uuidOf(def, first)]);

    // The way back would close a cycle: refused, with a message, and nothing saved.
    await editor.drag(second, first);
    await expect(editor.messages).toContainText(/cycle/i);
    await expect(editor.edge(second, first)).toHaveCount(0);
    def = await readDef(file);
    expect(stepByTitle(def, first).incoming_connections).toEqual([]);

    // Undo the connection; the file follows.
    await editor.press('Control+z');
    await expect(editor.edge(first, second)).toHaveCount(0);
    await expect.poll(async () => stepByTitle(await readDef(file), second).incoming_connections).toEqual([]);
    await editor.press('Control+Shift+z');
    await expect(editor.edge(first, second)).toHaveCount(1);
    await expect.poll(async () => stepByTitle(await readDef(file), second).incoming_connections).toHaveLength(1);

    // Auto layout puts the parent left of its child, and saves the positions.
    await editor.button('Auto layout').click();
    await expect
      .poll(async () => {
        const d = await readDef(file);
        return stepByTitle(d, first).meta_data.position[0] < stepByTitle(d, second).meta_data.position[0];
      })
      .toBe(true);
    await editor.button('Undo').click();
    await expect(editor.button('Redo')).toBeEnabled();
    expect(served.output()).not.toMatch(/Error/);
  } finally {
    await removeDir(project);
  }
});

test('a file dragged from the file tree onto the canvas becomes a step', async ({ openApp }) => {
  const project = await makeProject([{ folder: 'p', name: 'drag' }], { 'p/train.py': 'print("train")\n' });
  try {
    const { editor } = await openApp(project);
    await expect(editor.steps).toHaveCount(0);
    const item = editor.page.locator('[data-path="p/train.py"]');
    await item.dragTo(editor.page.getByTestId('pipeline-canvas'), { targetPosition: { x: 300, y: 200 } });
    await expect(editor.steps).toHaveCount(1);
    await expect(editor.steps.first()).toContainText('train.py');
    await editor.waitSaved();
    const def = await readDef(path.join(project, 'p', '.orchest', 'pipeline.json'));
    expect(Object.values(def.steps).map((s) => (s as unknown as { file_path: string }).file_path)).toEqual(['train.py']);
  } finally {
    await removeDir(project);
  }
});

test('a pipeline file edited outside the app reloads in the editor within a second', async ({ openApp }) => {
  const project = await makeProject([{ folder: 'p', name: 'outside', steps: { s1: { title: 'Before', file: 'a.py' } } }], { 'p/a.py': '' });
  const file = path.join(project, 'p', '.orchest', 'pipeline.json');
  try {
    const { editor } = await openApp(project);
    await expect(editor.step('Before')).toBeVisible();
    const def = JSON.parse(await readFile(file, 'utf8'));
    def.steps.s1.title = 'Edited in vim';
    def.steps.s2 = { ...def.steps.s1, uuid: 's2', title: 'Added outside', incoming_connections: ['s1'], meta_data: { hidden: false, position: [400, 150] } };
    await writeFile(file, JSON.stringify(def, null, 4));
    await expect(editor.step('Edited in vim')).toBeVisible({ timeout: 1000 });
    await expect(editor.step('Added outside')).toBeVisible({ timeout: 1000 });
    await expect(editor.edge('Edited in vim', 'Added outside')).toHaveCount(1);
  } finally {
    await removeDir(project);
  }
});

test('unsaved edits and an outside change: the user chooses, nothing is silently overwritten', async ({ openApp }) => {
  const project = await makeProject([{ folder: 'p', name: 'conflict', steps: { s1: { title: 'Original', file: 'a.py' } } }], { 'p/a.py': '' });
  const file = path.join(project, 'p', '.orchest', 'pipeline.json');
  try {
    const { editor } = await openApp(project);
    await editor.step('Original').click();
    // Type and, before the autosave fires, change the file outside.
    await editor.page.getByLabel('Title', { exact: true }).fill('Mine');
    const def = JSON.parse(await readFile(file, 'utf8'));
    def.steps.s1.title = 'Theirs';
    await writeFile(file, JSON.stringify(def, null, 4));
    const dialog = editor.page.getByRole('dialog', { name: 'File changed on disk' });
    await expect(dialog).toBeVisible();
    expect(stepByTitle(await readDef(file), 'Theirs')).toBeTruthy();
    await dialog.getByRole('button', { name: 'Load file from disk', exact: true }).click();
    await expect(editor.step('Theirs')).toBeVisible();
    expect(stepByTitle(await readDef(file), 'Theirs')).toBeTruthy();
  } finally {
    await removeDir(project);
  }
});

test('a corrupt pipeline shows its errors and the file is left unchanged', async ({ openApp }) => {
  const project = await makeProject([], {});
  const dir = path.join(project, 'broken', '.orchest');
  await mkdir(dir, { recursive: true });
  const text = '{\n  "name": "broken",\n  "uuid": "b",\n  "steps": {\n    "x": { "uuid": "x", "title": "X",, }\n  }\n}\n';
  await writeFile(path.join(dir, 'pipeline.json'), text);
  const before = await stat(path.join(dir, 'pipeline.json'));
  try {
    const { editor } = await openApp(project);
    const problems = editor.page.getByRole('list', { name: 'Problems', exact: true });
    await expect(problems).toContainText(/line 5/i);
    await expect(editor.page.getByRole('alert').filter({ hasText: /is invalid/ })).toBeVisible();
    await expect(editor.button('New step')).toBeDisabled();
    await editor.page.waitForTimeout(1000);
    expect(await readFile(path.join(dir, 'pipeline.json'), 'utf8')).toBe(text);
    expect((await stat(path.join(dir, 'pipeline.json'))).mtimeMs).toBe(before.mtimeMs);
  } finally {
    await removeDir(project);
  }
});

test('"New pipeline" creates a folder holding .orchest/pipeline.json', async ({ openApp }) => {
  const project = await makeProject([], { 'notes.md': '# notes\n' });
  try {
    const { editor } = await openApp(project);
    await editor.button('New pipeline').click();
    await editor.page.getByLabel('Pipeline folder', { exact: true }).fill('experiments/first');
    await editor.page.getByLabel('Pipeline name', { exact: true }).fill('First experiment');
    await editor.button('Create').click();
    await expect(editor.page.getByRole('list', { name: 'Pipelines', exact: true })).toContainText('First experiment');
    const def = await readDef(path.join(project, 'experiments', 'first', '.orchest', 'pipeline.json'));
    expect(def.name).toBe('First experiment');
  } finally {
    await removeDir(project);
  }
});

test('a click selects a connection and Delete removes it; the mini map can be hidden', async ({ openApp }) => {
  const project = await makeProject(
    [{ folder: 'p', name: 'edges', steps: { a: { title: 'A', file: 'a.py', position: [100, 150] }, b: { title: 'B', file: 'b.py', parents: ['a'], position: [400, 150] } } }],
    { 'p/a.py': '', 'p/b.py': '' },
  );
  const file = path.join(project, 'p', '.orchest', 'pipeline.json');
  try {
    const { editor, served } = await openApp(project);
    const page = editor.page;
    await expect(editor.edge('A', 'B')).toHaveCount(1);
    await editor.edge('A', 'B').click();
    await expect(editor.edge('A', 'B')).toHaveClass(/selected/);
    await page.keyboard.press('Delete');
    await expect(editor.edge('A', 'B')).toHaveCount(0);
    await expect.poll(async () => stepByTitle(await readDef(file), 'B').incoming_connections).toEqual([]);

    const minimap = page.getByRole('img', { name: 'Mini map', exact: true });
    await expect(minimap).toBeVisible();
    await editor.button('Hide mini map').click();
    await expect(minimap).toHaveCount(0);
    await editor.button('Show mini map').click();
    await expect(minimap).toBeVisible();
    expect(served.output()).not.toMatch(/Error/);
  } finally {
    await removeDir(project);
  }
});

test('a new step lands in view, clear of the mini map, also as its log pane opens below the canvas', async ({ openApp }) => {
  // A column of steps under the view's centre: the free spot for a new step is near the bottom of
  // the canvas, and selecting the new step opens its log pane, which takes that space.
  const column = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`s${i}`, { title: `S${i}`, file: 'a.py', position: [0, i * 88] as [number, number] }]));
  const project = await makeProject([{ folder: 'p', name: 'column', steps: column }], { 'p/a.py': '' });
  try {
    const { editor, served } = await openApp(project);
    const page = editor.page;
    // A laptop-sized window: the canvas is narrow and, with the log pane open, short.
    await page.setViewportSize({ width: 1100, height: 800 });
    await expect(editor.steps).toHaveCount(7);
    const canvas = page.getByTestId('pipeline-canvas');
    const whereIsTheNewStep = async () => {
      const added = page.locator('.react-flow__node.selected');
      const panels = await page.locator('.react-flow__panel').all();
      const [box, view, ...over] = await Promise.all([added.boundingBox(), canvas.boundingBox(), ...panels.map((p) => p.boundingBox())]);
      if (!box || !view) return 'not laid out';
      if (box.x < view.x || box.y < view.y || box.x + box.width > view.x + view.width || box.y + box.height > view.y + view.height) return 'outside the canvas';
      const under = over.some((p) => p && box.x < p.x + p.width && p.x < box.x + box.width && box.y < p.y + p.height && p.y < box.y + box.height);
      return under ? 'under the mini map or the zoom buttons' : 'in view';
    };
    for (let n = 8; n <= 11; n++) {
      await editor.button('New step').click();
      await expect(editor.steps).toHaveCount(n);
      await expect(page.getByRole('log', { name: 'Step log', exact: true })).toBeVisible();
      await expect.poll(whereIsTheNewStep).toBe('in view');
    }
    // A layout that comes late (here the window shrinks) keeps the new step in view too.
    await page.setViewportSize({ width: 1100, height: 500 });
    await expect.poll(whereIsTheNewStep).toBe('in view');
    expect(served.output()).not.toMatch(/Error/);
  } finally {
    await removeDir(project);
  }
});

test('the example project, run in the editor (README screenshot)', async ({ openApp, home }) => {
  // A copy, so the run's data and logs stay out of the checkout; the test image for its steps.
  const project = await mkdtemp(path.join(os.tmpdir(), 'orchest-e2e-example-'));
  await cp(path.join(repoRoot, 'examples', 'hello-pipeline'), project, { recursive: true });
  await mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
  await writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ default_image: process.env.ORCHEST_TEST_IMAGE ?? 'orchest-test-py:latest' }));
  try {
    const { editor } = await openApp(project);
    await expect(editor.steps).toHaveCount(4);
    await editor.button('Run all').click();
    for (const title of ['Load numbers', 'Square them', 'Sum them', 'Report']) {
      await expect(editor.step(title).getByTestId('step-status')).toContainText('SUCCESS', { timeout: 60_000 });
    }
    // Each card names its file's kind and shows its whole title (nothing beside it truncates it).
    await expect(editor.step('Report')).toContainText('Notebook');
    await expect(editor.step('Sum them')).toContainText('Shell');
    for (const title of ['Load numbers', 'Square them']) {
      const shown = editor.step(title).locator('.step-title');
      await expect(shown).toHaveText(title);
      expect(await shown.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)).toBe(true);
    }
    await editor.select('Report');
    await expect(editor.page.getByRole('log', { name: 'Step log' })).toContainText('total of squares: 385');
    // Both themes (the app follows the OS); the README shows the one matching the reader's.
    await editor.page.emulateMedia({ colorScheme: 'light' });
    await editor.page.screenshot({ path: path.join(repoRoot, 'docs', 'screenshot-editor.png') });
    await editor.page.emulateMedia({ colorScheme: 'dark' });
    await editor.page.screenshot({ path: path.join(repoRoot, 'docs', 'screenshot-editor-dark.png') });
  } finally {
    await removeDir(project);
  }
});
