import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPipelinePath } from './check-file.js';
import { copyFixture, fixturePath, tempDir } from './testing/fixtures.js';

describe('checkPipelinePath (orchest validate PATH)', () => {
  it('reads a pipeline folder through its .orchest/pipeline.json and reports the missing step file', async () => {
    const dir = fixturePath('folder-layout', 'legacy');
    const checked = await checkPipelinePath(dir);
    expect(checked.file).toBe(path.join(dir, '.orchest', 'pipeline.json'));
    expect(checked.dir).toBe(dir);
    expect(checked.layout).toBe('folder');
    expect(checked.errorCount).toBe(0);
    expect(checked.pipeline?.name).toBe('legacy-analysis');
    expect(checked.problems).toHaveLength(1);
    expect(checked.problems[0]).toMatchObject({ severity: 'warning', stepId: 'c3d5e7f9-2b4c-4d6e-9fa0-1b2c3d4e5f60' });
    expect(checked.problems[0]!.message).toContain('"plot.ipynb" does not exist');
  });

  it('reads a pipeline.json given directly, relative to the folder above .orchest', async () => {
    const file = fixturePath('folder-layout', 'etl', '.orchest', 'pipeline.json');
    const checked = await checkPipelinePath(file);
    expect(checked.dir).toBe(fixturePath('folder-layout', 'etl'));
    expect(checked.problems).toEqual([]);
  });

  it('reads a *.orchest file, and a folder holding exactly one', async () => {
    const file = fixturePath('quickstart', 'california_housing.orchest');
    const direct = await checkPipelinePath(file);
    expect(direct.layout).toBe('project');
    expect(direct.pipeline?.name).toBe('california-housing');
    expect(direct.problems).toHaveLength(7); // no step file is in the fixture
    expect(direct.errorCount).toBe(0);
    const viaFolder = await checkPipelinePath(fixturePath('quickstart'));
    expect(viaFolder.file).toBe(file);
  });

  it('asks which one when a folder holds several pipelines', async () => {
    const dir = await copyFixture('ray-tutorial');
    await fs.copyFile(path.join(dir, 'pipeline.orchest'), path.join(dir, 'other.orchest'));
    await expect(checkPipelinePath(dir)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('holds 2 pipelines (other.orchest, pipeline.orchest)'),
    });
  });

  it('says clearly when a path holds no pipeline or does not exist', async () => {
    const dir = await tempDir();
    await expect(checkPipelinePath(dir)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `${dir} holds no pipeline: there is no ${path.join(dir, '.orchest', 'pipeline.json')} and no *.orchest file in it.`,
    });
    await expect(checkPipelinePath(path.join(dir, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: `${path.join(dir, 'nope')} does not exist.` });
    await fs.writeFile(path.join(dir, 'notes.txt'), 'hi');
    await expect(checkPipelinePath(path.join(dir, 'notes.txt'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('reports a broken file with its position instead of throwing', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'bad.orchest'), '{\n  "name": "x",\n}\n');
    const checked = await checkPipelinePath(path.join(dir, 'bad.orchest'));
    expect(checked.pipeline).toBeNull();
    expect(checked.errorCount).toBe(1);
    expect(checked.problems[0]).toMatchObject({ line: 3, column: 1 });
  });

  it('lets step files live elsewhere in the project when the project root is given', async () => {
    const root = await tempDir();
    await fs.mkdir(path.join(root, 'pipelines'));
    await fs.mkdir(path.join(root, 'src'));
    await fs.writeFile(path.join(root, 'src', 'a.py'), '');
    const def = { name: 'p', uuid: 'u', steps: { a: { uuid: 'a', title: 'A', file_path: '../src/a.py' } } };
    await fs.writeFile(path.join(root, 'pipelines', 'p.orchest'), JSON.stringify(def));
    const strict = await checkPipelinePath(path.join(root, 'pipelines', 'p.orchest'));
    expect(strict.errorCount).toBe(1);
    const inProject = await checkPipelinePath(path.join(root, 'pipelines', 'p.orchest'), { projectRoot: root });
    expect(inProject.problems).toEqual([]);
  });
});
