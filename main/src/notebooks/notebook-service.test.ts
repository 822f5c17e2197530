import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture } from '../pipeline/testing/fixtures.js';
import { makeHarness, type Harness } from '../project/testing/harness.js';
import { createNotebookService, type NotebookService } from './notebook-service.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const ETL = 'etl/.orchest/pipeline.json';
const EXTRACT = '0a6f3a0e-8a59-4c8e-8d0e-0f4b7a6c9d01';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.project.dispose()));
});

async function setup(): Promise<{ h: Harness; notebooks: NotebookService; root: string }> {
  const h = await makeHarness();
  harnesses.push(h);
  const root = await copyFixture('folder-layout');
  await fs.copyFile(path.join(FIXTURES, 'source.ipynb'), path.join(root, 'etl', 'report.ipynb'));
  await h.project.open(root);
  return { h, notebooks: createNotebookService({ project: h.project }), root };
}

describe('notebooks', () => {
  it('reads a notebook, toggles a skip tag in that cell only, and tells clients the file changed', async () => {
    const { h, notebooks, root } = await setup();
    const doc = await notebooks.read('etl/report.ipynb');
    expect(doc.notebook.cells.map((c) => c.cell_type)).toEqual(['markdown', 'code', 'code', 'code', 'code', 'code']);
    const changed = h.waitFor('notebook.changed', (p: { path: string }) => p.path === 'etl/report.ipynb');
    const after = await notebooks.setSkip({ path: 'etl/report.ipynb', cell: 1, cellId: doc.notebook.cells[1]!.id!, skip: true, baseHash: doc.hash });
    expect(after.notebook.cells[1]!.metadata.tags).toEqual(['skip']);
    expect(await fs.readFile(path.join(root, 'etl/report.ipynb'), 'utf8')).toBe(await fs.readFile(path.join(FIXTURES, 'nbformat-toggled/source-1.ipynb'), 'utf8'));
    await changed;
    // The old hash is stale now: nothing is written over a newer file.
    await expect(notebooks.setSkip({ path: 'etl/report.ipynb', cell: 1, skip: false, baseHash: doc.hash })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(notebooks.setSkip({ path: 'etl/report.ipynb', cell: 2, cellId: 'not-this-one', skip: true })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(notebooks.setSkip({ path: 'etl/report.ipynb', cell: 99, skip: true })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses a notebook that does not parse, and leaves it as it is', async () => {
    const { notebooks, root } = await setup();
    const broken = '{"cells": [{"cell_type": "code", "metadata": {}, "source": "x"}\n';
    await fs.writeFile(path.join(root, 'broken.ipynb'), broken);
    await expect(notebooks.read('broken.ipynb')).rejects.toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('line 2') });
    await expect(notebooks.setSkip({ path: 'broken.ipynb', cell: 0, skip: true })).rejects.toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('was not changed') });
    expect(await fs.readFile(path.join(root, 'broken.ipynb'), 'utf8')).toBe(broken);
    await expect(notebooks.read('etl/extract.py')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(notebooks.read('../x.ipynb')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it("answers a step's executed notebook from beside its log, null before any run", async () => {
    const { notebooks, root } = await setup();
    await expect(notebooks.readExecuted(ETL, EXTRACT)).resolves.toBeNull();
    await fs.mkdir(path.join(root, 'etl/.orchest/logs'), { recursive: true });
    await fs.copyFile(path.join(FIXTURES, 'executed.ipynb'), path.join(root, 'etl/.orchest/logs', `${EXTRACT}.ipynb`));
    const executed = await notebooks.readExecuted(ETL, EXTRACT);
    expect(executed?.path).toBe('etl/extract.py');
    expect(executed?.notebook.cells[4]!.outputs!.map((o) => o.output_type)).toEqual(['stream', 'error']);
    await expect(notebooks.readExecuted(ETL, 'no-such-step')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
