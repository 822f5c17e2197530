import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectState } from '../api/project.js';
import { copyFixture, fixturePath, tempDir } from '../pipeline/testing/fixtures.js';
import { makeHarness, sleep, type Harness } from './testing/harness.js';

const LEGACY = 'legacy/.orchest/pipeline.json';
const CLEAN = '8d1f8a52-39a4-4b6e-9f0c-6a1e2e1a0b11';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.project.dispose()));
});

async function openFolderLayout() {
  const h = await makeHarness();
  harnesses.push(h);
  const root = await copyFixture('folder-layout');
  await h.project.open(root);
  return { ...h, root };
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const hasFile = (rel: string) => (s: ProjectState) => s.files.includes(rel);

describe('project watcher', () => {
  // How fast it arrives is measured by bench/editor.bench.ts (outside edit to the UI).
  it('tells clients about an outside edit of a pipeline file, with the document', async () => {
    const { root, waitFor } = await openFolderLayout();
    const file = path.join(root, LEGACY);
    const edited = (await fs.readFile(file, 'utf8')).replace('"Clean"', '"Clean (edited in vim)"');
    const event = waitFor('pipeline.changed', () => true);
    await fs.writeFile(file, edited);
    const got = await event;
    // The document travels with the event: the editor shows it without reading it again.
    expect(got.payload).toMatchObject({ path: LEGACY, hash: sha(edited), document: { path: LEGACY, hash: sha(edited) } });
    const doc = (got.payload as { document: { pipeline: { steps: Record<string, { title: string }> } } }).document;
    expect(Object.values(doc.pipeline.steps).map((s) => s.title)).toContain('Clean (edited in vim)');
  });

  it('sees an editor that saves by renaming a temp file over the pipeline', async () => {
    const { root, waitFor } = await openFolderLayout();
    const file = path.join(root, LEGACY);
    const edited = (await fs.readFile(file, 'utf8')).replace('"legacy-analysis"', '"renamed in vscode"');
    const event = waitFor('pipeline.changed', () => true);
    const listed = waitFor('project.changed', (s: ProjectState) => s.pipelines.some((p) => p.name === 'renamed in vscode'));
    await fs.writeFile(`${file}.swp`, edited);
    await fs.rename(`${file}.swp`, file);
    expect((await event).payload).toMatchObject({ path: LEGACY, hash: sha(edited), document: { name: 'renamed in vscode' } });
    await listed;
  });

  it('stays quiet about its own save, while the list still updates', async () => {
    const { project, waitFor, since } = await openFolderLayout();
    const doc = await project.readPipeline(LEGACY);
    const pipeline = structuredClone(doc.pipeline!);
    pipeline.name = 'saved by the app';
    pipeline.steps[CLEAN]!.title = 'Clean!';
    const events = since();
    const listed = waitFor('project.changed', (s: ProjectState) => s.pipelines.some((p) => p.name === 'saved by the app'));
    await project.savePipeline(LEGACY, pipeline, doc.hash);
    await listed;
    await sleep(600); // longer than the watcher needs to report an outside edit
    expect(events('pipeline.changed')).toEqual([]);
  });

  it('reports an outside edit made right after our own save', async () => {
    const { root, project, waitFor } = await openFolderLayout();
    const doc = await project.readPipeline(LEGACY);
    const saved = await project.savePipeline(LEGACY, { ...doc.pipeline!, name: 'ours' }, doc.hash);
    const event = waitFor('pipeline.changed', () => true);
    const theirs = (await fs.readFile(path.join(root, LEGACY), 'utf8')).replace('"ours"', '"theirs"');
    await fs.writeFile(path.join(root, LEGACY), theirs);
    expect((await event).payload).toMatchObject({ path: LEGACY, hash: sha(theirs), document: { name: 'theirs' } });
    expect(sha(theirs)).not.toBe(saved.hash);
  });

  it('keeps the file list live: added, removed, and removed with its folder', async () => {
    const { root, project, waitFor } = await openFolderLayout();
    let changed = waitFor('project.changed', hasFile('etl/transform.py'));
    await fs.writeFile(path.join(root, 'etl', 'transform.py'), 'print(1)\n');
    await changed;
    changed = waitFor('project.changed', (s: ProjectState) => !s.files.includes('etl/load.sh'));
    await fs.unlink(path.join(root, 'etl', 'load.sh'));
    await changed;
    changed = waitFor('project.changed', (s: ProjectState) => !s.files.some((f) => f.startsWith('etl/')) && !s.pipelines.some((p) => p.dir === 'etl'));
    await fs.rm(path.join(root, 'etl'), { recursive: true });
    await changed;
    expect(project.state()!.pipelines.map((p) => p.path)).toEqual([LEGACY]);
  });

  it('finds a pipeline copied into the project, in either layout', async () => {
    const { root, waitFor } = await openFolderLayout();
    let changed = waitFor('project.changed', (s: ProjectState) => s.pipelines.some((p) => p.path === 'housing/california_housing.orchest' && p.stepCount === 7));
    await fs.cp(fixturePath('quickstart'), path.join(root, 'housing'), { recursive: true });
    await changed;
    changed = waitFor('project.changed', (s: ProjectState) => s.pipelines.some((p) => p.path === 'copy/.orchest/pipeline.json' && p.name === 'etl'));
    await fs.cp(path.join(root, 'etl'), path.join(root, 'copy'), { recursive: true });
    await changed;
  });

  it('ignores run artefacts: a run writing logs and data sends no events', async () => {
    const { root, since } = await openFolderLayout();
    const events = since();
    await fs.mkdir(path.join(root, 'legacy', '.orchest', 'logs'), { recursive: true });
    await fs.mkdir(path.join(root, 'legacy', '.orchest', 'data', CLEAN), { recursive: true });
    await fs.mkdir(path.join(root, '.orchest', 'pipelines', 'p1', 'logs'), { recursive: true });
    for (let i = 0; i < 50; i++) {
      await fs.appendFile(path.join(root, 'legacy', '.orchest', 'logs', `${CLEAN}.log`), `line ${i}\n`.repeat(100));
      await fs.appendFile(path.join(root, '.orchest', 'pipelines', 'p1', 'logs', 's.log'), `line ${i}\n`);
    }
    await fs.writeFile(path.join(root, 'legacy', '.orchest', 'data', CLEAN, 'data.pickle'), 'x');
    await sleep(400);
    // Creating the project-level .orchest folder itself may be seen; nothing inside it is.
    const changes = events('project.changed').map((e) => e.payload as ProjectState);
    expect(changes.length).toBeLessThanOrEqual(1);
    for (const s of changes) expect(s.files.some((f) => f.includes('.orchest/'))).toBe(false);
    expect(events('pipeline.changed')).toEqual([]);
  });

  it('stops watching a project once another is opened, and after dispose', async () => {
    const { root: first, project, since } = await openFolderLayout();
    const second = await tempDir();
    await project.open(second);
    const events = since();
    await fs.writeFile(path.join(first, 'etl', 'late.py'), '');
    await fs.writeFile(path.join(first, LEGACY), '{}');
    await sleep(300);
    expect(events('project.changed')).toEqual([]);
    expect(events('pipeline.changed')).toEqual([]);
    await project.dispose();
    await fs.writeFile(path.join(second, 'after.py'), '');
    await sleep(300);
    expect(events('project.changed')).toEqual([]);
  });
});
