/**
 * Each run keeps the executed notebook of each notebook step beside its log (real Docker, the test
 * image): outputs of the cells that ran, the error of the cell that failed, nothing of a skipped one.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../core/event-bus.js';
import { createRunService } from './run-service.js';
import { requireDockerAndImage, TEST_IMAGE } from './testing/docker-env.js';
import { fakeConfig, fakeEnvironments, fakeProject } from './testing/fake-services.js';
import { createProject, notebook } from './testing/project-fixture.js';
import { runRequest } from './testing/run-request.js';

const cleanups: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  await requireDockerAndImage();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

interface Nb {
  cells: Array<{ cell_type: string; metadata: { tags?: string[] }; outputs?: Array<{ output_type: string; text?: string | string[]; ename?: string; data?: Record<string, unknown> }> }>;
}
const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join('') : (t ?? ''));

describe('executed notebooks', () => {
  it('keeps the notebook as it ran beside the log, for a step that succeeded and one that failed', async () => {
    const fx = await createProject({
      steps: [
        { uuid: 'good', title: 'Good', file: 'good.ipynb', source: notebook(['print("hello from good")', '6 * 7']) },
        { uuid: 'bad', title: 'Bad', file: 'bad.ipynb', source: notebook(['print("before")', 'raise ValueError("broken cell")', 'print("never")']) },
        { uuid: 'script', title: 'Script', file: 's.py', source: 'print(1)\n' },
      ],
    });
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-data-'));
    const runs = createRunService({ config: fakeConfig({ default_image: TEST_IMAGE }), project: fakeProject(fx.root), environments: fakeEnvironments({}), bus: new EventBus(), dataDir });
    cleanups.push(() => fx.cleanup(), () => fs.rm(dataDir, { recursive: true, force: true }), () => runs.dispose());
    // A stale copy from an earlier run must not survive a run of the step.
    await fs.mkdir(fx.logsDir, { recursive: true });
    await fs.writeFile(path.join(fx.logsDir, 'bad.ipynb'), '{"stale": true}');

    const final = await runs.wait((await runs.start(runRequest({ pipeline: fx.pipelinePath }))).id);
    expect(Object.fromEntries(final.steps.map((s) => [s.uuid, s.status]))).toEqual({ good: 'SUCCESS', bad: 'FAILURE', script: 'SUCCESS' });

    const good = JSON.parse(await fs.readFile(path.join(fx.logsDir, 'good.ipynb'), 'utf8')) as Nb;
    expect(text(good.cells[0]!.outputs![0]!.text)).toBe('hello from good\n');
    expect(good.cells[1]!.outputs![0]).toMatchObject({ output_type: 'execute_result', data: { 'text/plain': ['42'] } });
    const bad = JSON.parse(await fs.readFile(path.join(fx.logsDir, 'bad.ipynb'), 'utf8')) as Nb;
    expect(bad.cells.map((c) => (c.outputs ?? []).map((o) => o.ename ?? o.output_type))).toEqual([['stream'], ['ValueError'], []]);
    await expect(fs.stat(path.join(fx.logsDir, 'script.ipynb'))).rejects.toMatchObject({ code: 'ENOENT' });
    // The source notebooks are untouched.
    expect((JSON.parse(await fs.readFile(path.join(fx.pipelineDir, 'good.ipynb'), 'utf8')) as Nb).cells[0]!.outputs).toEqual([]);
  });
});
