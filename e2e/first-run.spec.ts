/**
 * A newcomer's first run of the bundled example, in Chromium against `orchest serve`: the default
 * image is missing (a config naming an image of this test's own, removed first), the banner builds
 * it with the offline builder on the cached base orchest-offline-minbase:bookworm (a minute or two,
 * packages from Debian's mirror), then "Run all" succeeds. And without Docker: the banner says how
 * to get it and runs the pipeline with the local runner.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { RunPanel } from './pages/runs.js';
import { FirstRun } from './pages/setup.js';
import { expect, test } from './support/fixtures.js';
import { removeDir, repoRoot } from './support/serve.js';

const run = promisify(execFile);
const IMAGE = 'orchest-e2e-default:latest';
const STEPS = ['Load numbers', 'Square them', 'Sum them', 'Report'];

let project: string;

async function removeImage(): Promise<void> {
  await run('docker', ['image', 'rm', '-f', IMAGE]).catch(() => undefined);
}

test.beforeEach(async ({ home }) => {
  project = await mkdtemp(path.join(os.tmpdir(), 'orchest-e2e-first-run-'));
  await cp(path.join(repoRoot, 'examples', 'hello-pipeline'), project, { recursive: true });
  await mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
  await writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ default_image: IMAGE, default_runner: 'docker' }));
});

test.afterEach(async () => {
  await removeDir(project);
});

/** Every step of the example succeeds, and the notebook's output is in its log. */
async function expectExampleSucceeded(page: Page, select: (title: string) => Promise<void>): Promise<void> {
  const runs = new RunPanel(page);
  for (const title of STEPS) await runs.expectStatus(title, 'SUCCESS', 90_000);
  await select('Report');
  await expect(runs.log).toContainText('total of squares: 385');
}

test('no default image: "Build default image" builds it with progress and a log, then "Run all" succeeds', async ({ page, openApp }) => {
  test.setTimeout(10 * 60_000);
  await removeImage();
  try {
    // A mirror URL of this test's own (the same mirror): Docker's layer cache, shared with other
    // images of the same recipe, cannot skip the apt step a newcomer waits for.
    const { editor } = await openApp(project, { ORCHEST_DEBIAN_MIRROR: 'http://deb.debian.org/debian/' });
    const first = new FirstRun(page);
    await expect(editor.steps).toHaveCount(4);

    await expect(first.status('engine')).toHaveText(/^Docker \d+\.\d+/);
    await expect(first.status('runner')).toHaveText('Docker runner');
    await expect(first.status('project')).toHaveText(path.basename(project));

    await expect(first.banner).toContainText('No image for steps yet');
    await expect(first.banner).toContainText(IMAGE);
    await first.button('Build default image').click();

    await expect(first.banner).toContainText(`Building the default image ${IMAGE}`);
    await expect(first.log).toContainText('reusing orchest-offline-minbase:bookworm');
    // apt's package count moves the bar while the build goes on.
    await expect(first.banner).toContainText(/apt, \d+ of \d+ packages/, { timeout: 5 * 60_000 });
    await expect.poll(async () => Number(await first.progress.getAttribute('aria-valuenow')), { timeout: 5 * 60_000 }).toBeGreaterThan(10);
    await expect(first.banner).toContainText(`The default image ${IMAGE} is ready`, { timeout: 8 * 60_000 });
    await expect(first.log).toContainText(`built ${IMAGE}`);
    await first.button('Dismiss').click();
    await expect(first.banner).toBeHidden();

    await editor.button('Run all').click();
    await expectExampleSucceeded(page, (t) => editor.select(t));
  } finally {
    await removeImage();
  }
});

test('Docker not reachable: the banner says how to start it and runs the pipeline with the local runner', async ({ page, openApp, home }) => {
  const socket = path.join(home, 'no-docker.sock');
  // The local runner uses the first python3 on the PATH: Debian's, which has nbclient (a developer's
  // pyenv shim may come first and lack it).
  const { editor } = await openApp(project, { DOCKER_HOST: `unix://${socket}`, PATH: `/usr/bin:${process.env.PATH ?? ''}` });
  const first = new FirstRun(page);
  await expect(editor.steps).toHaveCount(4);

  await expect(first.status('engine')).toHaveText('Docker not reachable');
  await expect(first.banner).toContainText('Docker is not reachable');
  await expect(first.banner).toContainText(socket);
  await expect(first.banner).toContainText('sudo systemctl start docker');

  await first.button('Run with the local runner (not isolated)').click();
  await expect(new RunPanel(page).runner).toHaveText('local runner: no isolation');
  await expectExampleSucceeded(page, (t) => editor.select(t));
});
