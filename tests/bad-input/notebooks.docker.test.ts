/**
 * The malformed notebooks of tests/corpus/notebooks/ run as steps in the real engine: each step
 * fails with a log line naming the notebook and what is wrong with it (no traceback), and no
 * notebook is rewritten.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunState } from '../../main/src/api/runs.js';
import { isRunFinished } from '../../main/src/common/statuses.js';
import { createCore, type Core } from '../../main/src/core/core.js';
import { tempDir } from '../../main/src/pipeline/testing/fixtures.js';
import { requireDockerAndImage, TEST_IMAGE, waitFor } from '../../main/src/runs/testing/docker-env.js';
import { changes, snapshot } from '../support/fs-snapshot.js';
import { NOTEBOOKS } from './corpus-expectations.js';

const CORPUS = fileURLToPath(new URL('../corpus/notebooks/', import.meta.url));
let core: Core;
let root: string;

beforeAll(async () => {
  await requireDockerAndImage();
  root = await tempDir('orchest-bad-notebooks-');
  const steps: Record<string, unknown> = {};
  for (const [i, name] of Object.keys(NOTEBOOKS).entries()) {
    await fs.copyFile(path.join(CORPUS, name), path.join(root, name));
    steps[`n${i}`] = { uuid: `n${i}`, title: name, file_path: name, incoming_connections: [] };
  }
  await fs.writeFile(path.join(root, 'nb.orchest'), JSON.stringify({ name: 'nb', uuid: 'bad-nb', settings: { max_steps_parallelism: 2 }, steps }));
  const configDir = await tempDir('orchest-config-');
  await fs.writeFile(path.join(configDir, 'config.json'), JSON.stringify({ default_image: TEST_IMAGE }));
  core = await createCore({ configDir, dataDir: await tempDir('orchest-data-'), mode: 'test', projectDir: root, watchProject: false });
});
afterAll(async () => {
  await core?.dispose();
});

describe('malformed notebooks run as steps', () => {
  it('each step fails naming the notebook and its problem; no notebook is rewritten', async () => {
    const before = await snapshot(root, (rel) => rel === '.orchest');
    const started = await core.call('runs.start', { pipeline: 'nb.orchest' });
    expect(started.error).toBeUndefined();
    const final = await waitFor('the run to end', async () => {
      const s = (await core.call('runs.get', { runId: (started.result as RunState).id })).result as RunState;
      return isRunFinished(s.status) ? s : null;
    }, 180_000);
    for (const [i, [name, message]] of Object.entries(NOTEBOOKS).entries()) {
      const step = final.steps.find((s) => s.uuid === `n${i}`)!;
      expect(step.status, name).toBe('FAILURE');
      const log = await fs.readFile(path.join(root, '.orchest/pipelines/bad-nb/logs', `n${i}.log`), 'utf8');
      expect(log, name).toMatch(message);
      expect(log, name).not.toContain('Traceback');
    }
    expect(changes(before, await snapshot(root, (rel) => rel === '.orchest'))).toEqual([]);
  }, 240_000);
});
