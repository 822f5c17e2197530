import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Pipeline, PipelineSummary } from '../api/pipeline.js';
import type { ProjectState } from '../api/project.js';
import { copyFixture, fixturePath, tempDir } from '../pipeline/testing/fixtures.js';
import { makeHarness, type Harness } from './testing/harness.js';

const LEGACY = 'legacy/.orchest/pipeline.json';
const ETL = 'etl/.orchest/pipeline.json';
const CLEAN = '8d1f8a52-39a4-4b6e-9f0c-6a1e2e1a0b11';
const MODEL = 'b2c4e6f8-1a3b-4c5d-8e9f-0a1b2c3d4e5f';

const harnesses: Harness[] = [];
async function harness(): Promise<Harness> {
  const h = await makeHarness();
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.project.dispose()));
});

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

async function write(root: string, rel: string, content: string) {
  await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await fs.writeFile(path.join(root, rel), content);
}

/** A project holding the real Orchest fixtures (project layout), one at the root and one in a subfolder. */
async function realProject(): Promise<string> {
  const root = await copyFixture('quickstart');
  await fs.cp(fixturePath('ray-tutorial'), path.join(root, 'ray'), { recursive: true });
  await write(root, 'get-data.py', 'print("data")\n');
  return root;
}

describe('project.open', () => {
  it('finds real Orchest pipelines in the project layout and lists files without .orchest', async () => {
    const { project } = await harness();
    const root = await realProject();
    const state = await project.open(root);
    expect(state.root).toBe(root);
    expect(state.name).toBe(path.basename(root));
    expect(state.pipelines).toEqual<PipelineSummary[]>([
      {
        path: 'california_housing.orchest',
        layout: 'project',
        dir: '',
        name: 'california-housing',
        uuid: '0915b350-b929-4cbd-b0d4-763cac0bb69f',
        stepCount: 7,
        errorCount: 0,
      },
      { path: 'ray/pipeline.orchest', layout: 'project', dir: 'ray', name: 'Pipeline', uuid: '8e416876-8a03-47ca-81c6-c647aafd4a32', stepCount: 7, errorCount: 0 },
    ]);
    // .orchest/environments/... is not a user file.
    expect(state.files).toEqual(['california_housing.orchest', 'get-data.py', 'ray/pipeline.orchest']);
  });

  it('finds folder-layout pipelines and skips .git, node_modules and run artefacts', async () => {
    const { project } = await harness();
    const root = await copyFixture('folder-layout');
    await write(root, '.git/HEAD', 'ref: refs/heads/main\n');
    await write(root, 'node_modules/pkg/pipeline.orchest', '{}');
    await write(root, 'legacy/.orchest/data/8d1f8a52.pickle', 'x');
    await write(root, 'legacy/.orchest/logs/8d1f8a52.log', 'log');
    await write(root, '.orchest/pipelines/p1/logs/s.log', 'log');
    await write(root, '.orchest/pipelines/p1/.orchest/pipeline.json', '{}');
    await write(root, '.orchest/environments/e1/properties.json', '{}');
    const state = await project.open(root);
    expect(state.pipelines.map((p) => [p.path, p.layout, p.dir, p.name, p.stepCount, p.errorCount])).toEqual([
      [ETL, 'folder', 'etl', 'etl', 2, 0],
      [LEGACY, 'folder', 'legacy', 'legacy-analysis', 3, 0],
    ]);
    expect(state.files).toEqual(['README.md', 'etl/extract.py', 'etl/load.sh', 'legacy/clean.py', 'legacy/model.R']);
  });

  it('shows a broken pipeline file in the list, with its error count', async () => {
    const { project } = await harness();
    const root = await tempDir();
    await write(root, 'broken/.orchest/pipeline.json', '{"name": "half"');
    await write(root, 'cyclic.orchest', JSON.stringify({ name: 'cyc', uuid: 'u', steps: { a: { uuid: 'a', title: 'A', file_path: 'a.py', incoming_connections: ['a'] } } }));
    const state = await project.open(root);
    expect(state.pipelines).toEqual([
      { path: 'broken/.orchest/pipeline.json', layout: 'folder', dir: 'broken', name: 'broken', stepCount: 0, errorCount: 1 },
      { path: 'cyclic.orchest', layout: 'project', dir: '', name: 'cyc', uuid: 'u', stepCount: 1, errorCount: 1 },
    ]);
  });

  it('refuses a missing folder or a file, and records opened projects as recent', async () => {
    const { project, config } = await harness();
    const root = await tempDir();
    await expect(project.open(path.join(root, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: `There is no folder ${path.join(root, 'nope')}.` });
    await write(root, 'a.py', '');
    await expect(project.open(path.join(root, 'a.py'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('is a file, not a folder') });
    expect(project.state()).toBeNull();
    await project.open(root);
    expect(config.get().recent_projects).toEqual([root]);
  });

  it('says no project is open before one is', async () => {
    const { project } = await harness();
    expect(() => project.root()).toThrow(expect.objectContaining({ code: 'NO_PROJECT' }));
    expect(() => project.resolve('a.py')).toThrow(expect.objectContaining({ code: 'NO_PROJECT' }));
    await expect(project.readPipeline('p.orchest')).rejects.toMatchObject({ code: 'NO_PROJECT' });
    await expect(project.createFile('a', 'py')).rejects.toMatchObject({ code: 'NO_PROJECT' });
  });

  it('resolves paths inside the project and refuses any that leave it', async () => {
    const { project } = await harness();
    const root = await tempDir();
    await project.open(root);
    expect(project.resolve('a/b.py')).toBe(path.join(root, 'a', 'b.py'));
    expect(project.resolve('a/../b.py')).toBe(path.join(root, 'b.py'));
    for (const bad of ['/etc/passwd', '../x', 'a/../../x', '..']) {
      expect(() => project.resolve(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
    await expect(project.readPipeline('../other/p.orchest')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('leaves the project folder') });
  });
});

describe('project.readPipeline', () => {
  it('returns the document with the hash of the bytes and missing step files as warnings', async () => {
    const { project } = await harness();
    const root = await copyFixture('folder-layout');
    await project.open(root);
    const doc = await project.readPipeline(LEGACY);
    const bytes = await fs.readFile(path.join(root, LEGACY));
    expect(doc.hash).toBe(sha(bytes));
    expect(doc).toMatchObject({ path: LEGACY, layout: 'folder', dir: 'legacy', name: 'legacy-analysis', stepCount: 3, errorCount: 0 });
    expect(doc.pipeline?.steps[CLEAN]?.owner).toBe('ada');
    expect(doc.problems).toHaveLength(1);
    expect(doc.problems[0]!.message).toContain('"plot.ipynb" does not exist');
  });

  it('finds a step file created a moment ago, before the watcher has listed it', async () => {
    const { project } = await harness();
    const root = await copyFixture('folder-layout');
    await project.open(root);
    await fs.writeFile(path.join(root, 'legacy', 'plot.ipynb'), '{}');
    const doc = await project.readPipeline(LEGACY);
    expect(doc.problems).toEqual([]);
  });

  it('answers NOT_FOUND for a missing file and INVALID_ARGUMENT for a file that is not a pipeline', async () => {
    const { project } = await harness();
    const root = await copyFixture('folder-layout');
    await project.open(root);
    await expect(project.readPipeline('nope/.orchest/pipeline.json')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(project.readPipeline('etl/extract.py')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('is not a pipeline file') });
  });

  it('returns a broken file with its problems instead of failing', async () => {
    const { project } = await harness();
    const root = await tempDir();
    await write(root, 'p.orchest', '{\n  "name": "p",\n  "steps": {\n}');
    await project.open(root);
    const doc = await project.readPipeline('p.orchest');
    expect(doc.pipeline).toBeNull();
    expect(doc.errorCount).toBe(1);
    expect(doc.problems[0]).toMatchObject({ line: 4, column: 2 });
  });
});

describe('project.savePipeline', () => {
  async function opened() {
    const h = await harness();
    const root = await copyFixture('folder-layout');
    await h.project.open(root);
    const doc = await h.project.readPipeline(LEGACY);
    return { ...h, root, doc, pipeline: structuredClone(doc.pipeline!) as Pipeline };
  }

  it('writes the edit, keeps unknown fields and answers the new hash', async () => {
    const { project, root, doc, pipeline } = await opened();
    pipeline.steps[CLEAN]!.title = 'Clean data';
    const saved = await project.savePipeline(LEGACY, pipeline, doc.hash);
    const text = await fs.readFile(path.join(root, LEGACY), 'utf8');
    expect(saved.hash).toBe(sha(text));
    expect(saved.pipeline?.steps[CLEAN]?.title).toBe('Clean data');
    const onDisk = JSON.parse(text);
    expect(onDisk.steps[CLEAN].title).toBe('Clean data');
    expect(onDisk.comment_from_user).toBe('kept on save');
    expect(onDisk.steps[CLEAN].meta_data.color).toBe('#ff0000');
    expect(onDisk.steps[MODEL].kernel.name).toBe('ir');
    expect(text.split('\n')[1]).toBe('    "name": "legacy-analysis",');
    // Saving again on the new hash works: the hash chain is the client's lock.
    await expect(project.savePipeline(LEGACY, pipeline, saved.hash)).resolves.toMatchObject({ hash: saved.hash });
  });

  it('answers CONFLICT with the current hash when the file changed since it was read', async () => {
    const { project, root, doc, pipeline } = await opened();
    const outside = (await fs.readFile(path.join(root, LEGACY), 'utf8')).replace('"legacy-analysis"', '"edited elsewhere"');
    await fs.writeFile(path.join(root, LEGACY), outside);
    pipeline.name = 'mine';
    await expect(project.savePipeline(LEGACY, pipeline, doc.hash)).rejects.toMatchObject({ code: 'CONFLICT', details: { hash: sha(outside) } });
    expect(await fs.readFile(path.join(root, LEGACY), 'utf8')).toBe(outside);
    // Without a base hash the user's choice to overwrite wins.
    await project.savePipeline(LEGACY, pipeline);
    expect(JSON.parse(await fs.readFile(path.join(root, LEGACY), 'utf8')).name).toBe('mine');
  });

  it('refuses to write a cycle, an unknown parent or an escaping file path, listing the problems', async () => {
    const { project, root, doc, pipeline } = await opened();
    const before = await fs.readFile(path.join(root, LEGACY), 'utf8');
    pipeline.steps[CLEAN]!.incoming_connections = [MODEL, 'ghost'];
    pipeline.steps[MODEL]!.file_path = '../../outside.R';
    const err = await project.savePipeline(LEGACY, pipeline, doc.hash).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT' });
    const { message, details } = err as { message: string; details: { problems: { field: string }[] } };
    expect(message).toMatch(/^The pipeline was not saved: /);
    expect(message).toContain('"ghost", which is not a step of this pipeline');
    expect(message).toContain('Steps form a cycle');
    expect(message).toContain('"../../outside.R", which leaves the project folder');
    expect(details.problems).toHaveLength(3);
    expect(details.problems.map((p) => p.field)).toEqual(
      expect.arrayContaining([`steps.${CLEAN}.incoming_connections`, `steps.${MODEL}.file_path`]),
    );
    expect(await fs.readFile(path.join(root, LEGACY), 'utf8')).toBe(before);
  });

  it('lets a step use a file elsewhere in the project', async () => {
    const { project, doc, pipeline } = await opened();
    pipeline.steps[MODEL]!.file_path = '../etl/extract.py';
    const saved = await project.savePipeline(LEGACY, pipeline, doc.hash);
    expect(saved.errorCount).toBe(0);
  });

  it('leaves a file it cannot parse untouched and says so', async () => {
    const { project, root, pipeline } = await opened();
    await fs.writeFile(path.join(root, LEGACY), '{"name": "typing...');
    await expect(project.savePipeline(LEGACY, pipeline)).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringContaining(`"${LEGACY}" on disk is not a valid pipeline file, so it was left untouched`),
    });
    expect(await fs.readFile(path.join(root, LEGACY), 'utf8')).toBe('{"name": "typing...');
  });

  it('updates the pipeline list when the name or step count changes', async () => {
    const { project, doc, pipeline, waitFor } = await opened();
    const changed = waitFor('project.changed', (s: ProjectState) => s.pipelines.some((p) => p.name === 'renamed' && p.stepCount === 2));
    pipeline.name = 'renamed';
    delete pipeline.steps['c3d5e7f9-2b4c-4d6e-9fa0-1b2c3d4e5f60'];
    await project.savePipeline(LEGACY, pipeline, doc.hash);
    await changed;
    expect(project.state()!.pipelines.find((p) => p.path === LEGACY)).toMatchObject({ name: 'renamed', stepCount: 2 });
  });
});

describe('project.createPipeline', () => {
  it('creates <folder>/.orchest/pipeline.json and tells clients', async () => {
    const { project, waitFor } = await harness();
    const root = await tempDir();
    await project.open(root);
    const changed = waitFor('project.changed', (s: ProjectState) => s.pipelines.some((p) => p.path === 'models/.orchest/pipeline.json'));
    const summary = await project.createPipeline('models', 'Models');
    expect(summary).toMatchObject({ path: 'models/.orchest/pipeline.json', layout: 'folder', dir: 'models', name: 'Models', stepCount: 0, errorCount: 0 });
    await changed;
    const text = await fs.readFile(path.join(root, 'models', '.orchest', 'pipeline.json'), 'utf8');
    const def = JSON.parse(text);
    expect(def).toMatchObject({ name: 'Models', uuid: summary.uuid, version: '1.0.0', steps: {}, parameters: {} });
    expect(text.endsWith('}\n')).toBe(true);
    expect(await fs.readFile(path.join(root, 'models', '.orchest', '.gitignore'), 'utf8')).toBe('data/\nlogs/\n');
    const doc = await project.readPipeline(summary.path);
    expect(doc.problems).toEqual([]);
  });

  it('uses an existing folder, and refuses one that already holds a pipeline or is a file', async () => {
    const { project } = await harness();
    const root = await copyFixture('folder-layout');
    await project.open(root);
    await write(root, 'notes/readme.md', 'x');
    await expect(project.createPipeline('notes', 'Notes')).resolves.toMatchObject({ path: 'notes/.orchest/pipeline.json' });
    await expect(project.createPipeline('etl', 'Again')).rejects.toMatchObject({ code: 'CONFLICT', message: '"etl" already holds a pipeline (etl/.orchest/pipeline.json).' });
    expect(JSON.parse(await fs.readFile(path.join(root, ETL), 'utf8')).name).toBe('etl');
    await expect(project.createPipeline('README.md', 'X')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(project.createPipeline('../up', 'X')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(project.createPipeline('etl/.orchest/x', 'X')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('can make the project folder itself a pipeline', async () => {
    const { project } = await harness();
    const root = await tempDir();
    await project.open(root);
    await expect(project.createPipeline('.', 'Root')).resolves.toMatchObject({ path: '.orchest/pipeline.json', dir: '' });
  });
});

describe('project.createFile', () => {
  it('creates each kind of step file from its template, adding the extension', async () => {
    const { project } = await harness();
    const root = await tempDir();
    await project.open(root);
    expect(await project.createFile('steps/load', 'py')).toEqual({ path: 'steps/load.py' });
    expect(await project.createFile('explore.ipynb', 'ipynb')).toEqual({ path: 'explore.ipynb' });
    expect(await project.createFile('model', 'R')).toEqual({ path: 'model.R' });
    expect(await project.createFile('run.sh', 'sh')).toEqual({ path: 'run.sh' });

    expect(await fs.readFile(path.join(root, 'steps', 'load.py'), 'utf8')).toContain('orchest.get_inputs()');
    const nb = JSON.parse(await fs.readFile(path.join(root, 'explore.ipynb'), 'utf8'));
    expect(nb.nbformat).toBe(4);
    expect(nb.metadata.kernelspec.name).toBe('python3');
    expect(nb.cells.filter((c: { cell_type: string }) => c.cell_type === 'code')).toHaveLength(1);
    expect(await fs.readFile(path.join(root, 'model.R'), 'utf8')).toMatch(/import\("orchest"\)/);
    const sh = path.join(root, 'run.sh');
    expect(await fs.readFile(sh, 'utf8')).toContain('set -euo pipefail');
    expect((await fs.stat(sh)).mode & 0o100).toBe(0o100);
    expect(project.state()!.files).toEqual(['explore.ipynb', 'model.R', 'run.sh', 'steps/load.py']);
  });

  it('never overwrites a file and refuses a wrong extension', async () => {
    const { project } = await harness();
    const root = await tempDir();
    await write(root, 'keep.py', 'my work\n');
    await project.open(root);
    await expect(project.createFile('keep.py', 'py')).rejects.toMatchObject({ code: 'CONFLICT', message: '"keep.py" already exists; it was not overwritten.' });
    await expect(project.createFile('keep', 'py')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await fs.readFile(path.join(root, 'keep.py'), 'utf8')).toBe('my work\n');
    await expect(project.createFile('notes.txt', 'py')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: '"notes.txt" ends in .txt, but a py file must end in .py.' });
    await expect(project.createFile('../x.py', 'py')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
