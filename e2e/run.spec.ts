/**
 * Running pipelines from the editor, in Debian's Chromium against `orchest serve`, with real Docker
 * and the test image (ORCHEST_TEST_IMAGE, default orchest-test-py:latest, built by
 * resources/image/build-offline.sh). Each test has its own HOME and project.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PipelineEditor } from './pages/editor.js';
import { RunPanel } from './pages/runs.js';
import { makeHome, removeDir, serve, type Served } from './support/serve.js';

const IMAGE = process.env.ORCHEST_TEST_IMAGE ?? 'orchest-test-py:latest';

const files = {
  'flow/a.py': 'import orchest\nprint("a: sending 21")\norchest.output(21, name="n")\n',
  'flow/b.py': 'import orchest\nn = orchest.get_inputs()["n"]\nprint("b: doubling", n)\norchest.output(n * 2, name="doubled")\n',
  'flow/c.py': 'import orchest\nprint("result:", orchest.get_inputs()["doubled"])\n',
  'slow/sleep.py': 'import time\nprint("going to sleep", flush=True)\ntime.sleep(30)\nprint("woke up")\n',
};

interface StepSpec {
  title: string;
  file: string;
  parents?: string[];
  image?: string;
}

/** A pipeline file in the folder layout, for tests that are not about building one. */
async function writePipeline(root: string, folder: string, name: string, steps: Record<string, StepSpec>): Promise<void> {
  const def = {
    name,
    uuid: `uuid-${folder}`,
    version: '1.0.0',
    settings: {},
    parameters: {},
    steps: Object.fromEntries(
      Object.entries(steps).map(([uuid, s], i) => [
        uuid,
        {
          uuid,
          title: s.title,
          file_path: s.file,
          incoming_connections: s.parents ?? [],
          kernel: { name: 'python', display_name: 'Python 3' },
          parameters: {},
          meta_data: { hidden: false, position: [80 + i * 260, 120] },
          ...(s.image ? { image: s.image } : {}),
        },
      ]),
    ),
  };
  await mkdir(path.join(root, folder, '.orchest'), { recursive: true });
  await writeFile(path.join(root, folder, '.orchest', 'pipeline.json'), JSON.stringify(def, null, 4) + '\n');
}

async function makeProject(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'orchest-e2e-run-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
  return root;
}

/** The test image as every step's image, through the config file of this HOME. */
async function writeConfig(home: string, extra: Record<string, unknown> = {}): Promise<void> {
  const dir = path.join(home, '.config', 'orchest');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'config.json'), JSON.stringify({ default_image: IMAGE, default_runner: 'docker', ...extra }, null, 2));
}

let project: string;
let home: string;
const servers: Served[] = [];

async function open(page: Page): Promise<{ editor: PipelineEditor; runs: RunPanel; served: Served }> {
  const served = await serve(project, home);
  servers.push(served);
  await page.goto(served.url);
  const editor = new PipelineEditor(page);
  await expect(editor.button('New pipeline')).toBeVisible();
  return { editor, runs: new RunPanel(page), served };
}

test.beforeEach(async () => {
  project = await makeProject();
  home = await makeHome();
  await writeConfig(home);
});

test.afterEach(async ({}, testInfo) => {
  for (const s of servers.splice(0)) {
    await s.stop();
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('orchest serve output', { body: s.output(), contentType: 'text/plain' });
  }
  await removeDir(project);
  await removeDir(home);
});

test('build a three-step pipeline in the editor, run it, read a log; the last run is there after a restart', async ({ page }) => {
  const { editor, runs, served } = await open(page);
  await expect(runs.runner).toHaveText('Docker runner');
  await expect(runs.button('Run all')).toBeDisabled();

  await editor.newPipeline('flow', 'Flow');
  const a = await editor.addStep('a.py');
  const b = await editor.addStep('b.py');
  const c = await editor.addStep('c.py');
  expect([a, b, c]).toEqual(['a', 'b', 'c']);
  await editor.connect(a, b);
  await editor.connect(b, c);

  // Straight away, edits possibly unsaved: the run saves them first (b needs a's output via the edge).
  await runs.button('Run all').click();
  await expect(runs.button('Cancel run')).toBeEnabled();
  for (const title of [a, b, c]) await runs.expectStatus(title, 'SUCCESS', 60_000);
  await expect(runs.summary).toContainText(/Last run: SUCCESS in \d+(\.\d)?s/);
  await expect(runs.badge(c)).toHaveText(/^SUCCESS\d+\.\ds$/);
  await expect(runs.button('Cancel run')).toBeDisabled();

  await editor.select(c);
  await expect(runs.logTitle(c)).toBeVisible();
  await expect(runs.log).toContainText('result: 42');
  await editor.select(b);
  await expect(runs.logTitle(b)).toBeVisible();
  await expect(runs.log).toContainText('b: doubling 21');
  await expect(runs.logPath).toHaveText(new RegExp(`^${project}/flow/\\.orchest/logs/[\\w-]+\\.log$`));

  // Restart the app: the last run of the pipeline shows on its nodes again.
  await served.stop();
  const again = await open(page);
  await again.editor.openPipeline('Flow');
  for (const title of [a, b, c]) await again.runs.expectStatus(title, 'SUCCESS');
  await expect(again.runs.summary).toContainText('Last run: SUCCESS');
  await again.editor.select(c);
  await expect(again.runs.log).toContainText('result: 42');
});

test('Run selected runs only the selection; Run incoming runs what leads to it', async ({ page }) => {
  await writePipeline(project, 'flow', 'Chain', {
    sa: { title: 'A', file: 'a.py' },
    sb: { title: 'B', file: 'b.py', parents: ['sa'] },
    sc: { title: 'C', file: 'c.py', parents: ['sb'] },
  });
  const { editor, runs } = await open(page);
  await expect(editor.step('A')).toBeVisible();
  await expect(runs.button('Run selected')).toBeDisabled();
  await expect(runs.button('Run selected')).toHaveAttribute('data-tip', /Select one or more steps/);

  await editor.select('A');
  await expect(runs.button('Run selected')).toBeEnabled();
  // Ctrl+Enter = Run selected.
  await page.keyboard.press('Control+Enter');
  await runs.expectStatus('A', 'SUCCESS', 60_000);
  await expect(runs.summary).toContainText('1 selected step');
  await runs.expectStatus('B', 'none');
  await runs.expectStatus('C', 'none');

  await editor.select('C');
  await runs.button('Run incoming').click();
  await runs.expectStatus('B', 'SUCCESS', 60_000);
  await expect(runs.summary).toContainText('Last run: SUCCESS');
  await expect(runs.summary).toContainText('2 incoming steps');
  await runs.expectStatus('A', 'SUCCESS');
  await expect(runs.node('A')).not.toHaveAttribute('data-stale', 'true');
  await runs.expectStatus('C', 'none');
});

test('Cancel run (button and Escape) aborts a sleeping step within seconds', async ({ page }) => {
  await writePipeline(project, 'slow', 'Slow', { s1: { title: 'Sleeper', file: 'sleep.py' } });
  const { editor, runs } = await open(page);
  await expect(editor.step('Sleeper')).toBeVisible();
  await editor.select('Sleeper');

  await runs.button('Run all').click();
  await runs.expectStatus('Sleeper', 'STARTED', 30_000);
  await expect(runs.summary).toContainText('Running 1 of 1 step…');
  await expect(runs.log).toContainText('going to sleep');
  // The duration ticks while the step runs.
  const first = await runs.badge('Sleeper').textContent();
  await expect.poll(async () => runs.badge('Sleeper').textContent()).not.toBe(first);
  await expect(runs.button('Run all')).toBeDisabled();

  await runs.button('Cancel run').click();
  await runs.expectStatus('Sleeper', 'ABORTED', 5_000);
  await expect(runs.summary).toContainText('Last run: ABORTED');
  await expect(runs.log).not.toContainText('woke up');

  // Again, cancelled with Escape; the selection stays (Escape clears it only when no run is going).
  await runs.button('Run all').click();
  await runs.expectStatus('Sleeper', 'STARTED', 30_000);
  await expect(runs.log).toContainText('going to sleep');
  await page.keyboard.press('Escape');
  await runs.expectStatus('Sleeper', 'ABORTED', 5_000);
  await expect(runs.summary).toContainText('Last run: ABORTED'); // the run has ended, its containers removed
  await expect(editor.step('Sleeper')).toHaveClass(/selected/);
  await page.keyboard.press('Escape');
  await expect(editor.step('Sleeper')).not.toHaveClass(/selected/);
});

test('a run that cannot start says why: a missing image (named), a missing step file', async ({ page }) => {
  await writePipeline(project, 'img', 'Broken image', { s1: { title: 'A', file: '../flow/a.py', image: 'orchest-no-such-image:1' } });
  await writePipeline(project, 'missing', 'Missing file', { s1: { title: 'Gone', file: 'gone.py' } });
  const { editor, runs } = await open(page);
  await editor.openPipeline('Broken image');
  await expect(editor.step('A')).toBeVisible();
  await runs.button('Run all').click();
  await expect(editor.messages).toContainText('Could not start the run: Docker has no image "orchest-no-such-image:1"');
  await expect(runs.summary).toHaveText(/Run not started/);
  await runs.expectStatus('A', 'none');

  await editor.openPipeline('Missing file');
  await expect(editor.step('Gone')).toBeVisible();
  await expect(runs.summary).toHaveText('');
  await runs.button('Run all').click();
  await expect(editor.messages).toContainText('the file "gone.py" does not exist');
  await runs.expectStatus('Gone', 'none');
});

test('Docker not reachable: the message says how to start it', async ({ page }) => {
  await writeConfig(home, { docker_host: 'unix:///tmp/orchest-e2e-no-docker.sock' });
  await writePipeline(project, 'flow', 'Flow', { s1: { title: 'A', file: 'a.py' } });
  const { editor, runs } = await open(page);
  await expect(editor.step('A')).toBeVisible();
  await runs.button('Run all').click();
  await expect(editor.messages).toContainText('Docker is not reachable at /tmp/orchest-e2e-no-docker.sock');
  await expect(editor.messages).toContainText('Start it');
});

test('the local runner says plainly that it does not isolate, and runs the steps', async ({ page }) => {
  await writeConfig(home, { default_runner: 'local' });
  await writePipeline(project, 'flow', 'Flow', {
    sa: { title: 'A', file: 'a.py' },
    sb: { title: 'B', file: 'b.py', parents: ['sa'] },
  });
  const { editor, runs } = await open(page);
  await expect(runs.runner).toHaveText('local runner: no isolation');
  await runs.button('Run all').click();
  await runs.expectStatus('B', 'SUCCESS', 30_000);
  await editor.select('B');
  await expect(runs.log).toContainText('b: doubling 21');
});
