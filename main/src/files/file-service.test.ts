import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, tempDir } from '../pipeline/testing/fixtures.js';
import { makeHarness, type Harness } from '../project/testing/harness.js';
import { createFileService, type FileService } from './file-service.js';
import type { OpenPath } from './editor-launch.js';

const ETL = 'etl/.orchest/pipeline.json';
const EXTRACT = '0a6f3a0e-8a59-4c8e-8d0e-0f4b7a6c9d01';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.project.dispose()));
});

async function setup(opts: { openPath?: OpenPath; root?: string } = {}): Promise<{ h: Harness; files: FileService; root: string }> {
  const h = await makeHarness();
  harnesses.push(h);
  const root = opts.root ?? (await copyFixture('folder-layout'));
  await h.project.open(root);
  return { h, files: createFileService({ config: h.config, project: h.project, bus: h.bus, ...(opts.openPath ? { openPath: opts.openPath } : {}) }), root };
}

const read = (root: string, rel: string) => fs.readFile(path.join(root, rel), 'utf8');
const exists = (root: string, rel: string) => fs.lstat(path.join(root, rel)).then(() => true, () => false);

describe('files.move', () => {
  it("renaming a step's file changes exactly its file_path in the pipeline file, and says so", async () => {
    const { h, files, root } = await setup();
    const before = await read(root, ETL);
    const changed = h.since();
    const result = await files.move('etl/extract.py', 'etl/steps/extract data.py');
    expect(result).toMatchObject({ from: 'etl/extract.py', path: 'etl/steps/extract data.py', notUpdated: [] });
    expect(result.updated).toEqual([{ pipeline: ETL, pipelineName: 'etl', uuid: EXTRACT, title: 'Extract', filePath: 'extract.py', newFilePath: 'steps/extract data.py' }]);
    expect(await read(root, 'etl/steps/extract data.py')).toContain('');
    expect(await exists(root, 'etl/extract.py')).toBe(false);
    // Byte for byte the same file but for that one value.
    expect(await read(root, ETL)).toBe(before.replace('"file_path": "extract.py"', '"file_path": "steps/extract data.py"'));
    expect(changed('pipeline.changed').map((e) => (e.payload as { path: string }).path)).toEqual([ETL]);
    expect(h.project.state()!.files).toContain('etl/steps/extract data.py');
    expect(h.project.state()!.files).not.toContain('etl/extract.py');
  });

  it('moving a folder with a pipeline in it keeps the steps pointing at their files, inside and outside it', async () => {
    const { files, root } = await setup();
    await fs.writeFile(path.join(root, 'shared.py'), 'print(1)\n');
    const def = JSON.parse(await read(root, ETL)) as { steps: Record<string, { file_path: string }> };
    def.steps[EXTRACT]!.file_path = '../shared.py';
    await fs.writeFile(path.join(root, ETL), JSON.stringify(def, null, 4) + '\n');
    const result = await files.move('etl', 'jobs/nightly/etl');
    expect(result.updated.map((u) => [u.filePath, u.newFilePath])).toEqual([['../shared.py', '../../../shared.py']]);
    const moved = JSON.parse(await read(root, 'jobs/nightly/etl/.orchest/pipeline.json')) as typeof def;
    expect(Object.values(moved.steps).map((s) => s.file_path).sort()).toEqual(['../../../shared.py', 'load.sh']);
  });

  it('refuses paths leaving the project, an existing target, a folder into itself and links out', async () => {
    const { files, root } = await setup();
    const before = await read(root, ETL);
    await expect(files.move('etl/extract.py', '../x.py')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('leaves the project') });
    await expect(files.move('etl/extract.py', '/tmp/x.py')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('absolute') });
    await expect(files.move('etl/extract.py', 'etl/load.sh')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(files.move('etl', 'etl/sub')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('into itself') });
    await expect(files.move('etl/extract.py', 'etl/.orchest/x.py')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(files.move('nope.py', 'n.py')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const outside = await tempDir('orchest-outside-');
    await fs.symlink(outside, path.join(root, 'out'));
    await expect(files.move('etl/extract.py', 'out/x.py')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('symbolic link') });
    expect(await fs.readdir(outside)).toEqual([]);
    expect(await read(root, ETL)).toBe(before);
    expect(await exists(root, 'etl/extract.py')).toBe(true);
  });
});

describe('files.delete and files.usage', () => {
  it("names the steps a delete leaves missing, deletes, and leaves the pipeline file as it was", async () => {
    const { h, files, root } = await setup();
    const before = await read(root, ETL);
    const steps = await files.usage('etl/extract.py');
    expect(steps).toEqual([{ pipeline: ETL, pipelineName: 'etl', uuid: EXTRACT, title: 'Extract', filePath: 'extract.py' }]);
    expect((await files.usage('etl')).map((s) => s.title).sort()).toEqual(['Extract', 'Load']);
    await expect(files.remove('etl/extract.py')).resolves.toEqual({ deleted: 'etl/extract.py', missing: steps });
    expect(await exists(root, 'etl/extract.py')).toBe(false);
    expect(await read(root, ETL)).toBe(before);
    expect(h.project.state()!.files).not.toContain('etl/extract.py');
    await expect(files.remove('etl/extract.py')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(files.remove('..')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(files.remove('.')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('project folder itself') });
  });

  it('deletes a link, never what it points to', async () => {
    const { files, root } = await setup();
    const outside = await tempDir('orchest-outside-');
    await fs.writeFile(path.join(outside, 'keep.txt'), 'mine');
    await fs.symlink(outside, path.join(root, 'linked'));
    await files.remove('linked');
    expect(await exists(root, 'linked')).toBe(false);
    expect(await fs.readFile(path.join(outside, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('creates folders, refusing one that exists', async () => {
    const { files, root } = await setup();
    await expect(files.createFolder('a/b c')).resolves.toEqual({ path: 'a/b c' });
    expect((await fs.stat(path.join(root, 'a/b c'))).isDirectory()).toBe(true);
    await expect(files.createFolder('a/b c')).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('files.openInEditor', () => {
  async function fakeEditor(root: string): Promise<{ script: string; args: () => Promise<string> }> {
    const out = path.join(root, 'editor-args.txt');
    const script = path.join(root, "my editor's", 'ed.sh');
    await fs.mkdir(path.dirname(script), { recursive: true });
    await fs.writeFile(script, `#!/bin/sh\nprintf '%s\\n' "$@" > "$(dirname "$0")/../editor-args.txt"\n`, { mode: 0o755 });
    return {
      script,
      args: async () => {
        for (let i = 0; i < 200 && !(await exists(root, 'editor-args.txt')); i++) await new Promise((r) => setTimeout(r, 20));
        return fs.readFile(out, 'utf8');
      },
    };
  }

  it('runs the editor template without a shell: {file} and {line} filled in, each one argument', async () => {
    const { h, files, root } = await setup({ root: await tempDir('orchest test ') });
    const editor = await fakeEditor(root);
    const name = `it's a "step" $(touch pwned).py`;
    await fs.writeFile(path.join(root, name), '');
    await h.config.update({ editor: `"${editor.script}" --goto {file}:{line}` });
    const { command } = await files.openInEditor(name, 12);
    expect(command).toContain('--goto');
    expect(await editor.args()).toBe(`--goto\n${path.join(root, name)}:12\n`);
    expect(await exists(root, 'pwned')).toBe(false);
  });

  it('appends the file when the template has none, and reads the older external_editor key', async () => {
    const { h, files, root } = await setup({ root: await tempDir() });
    const editor = await fakeEditor(root);
    await fs.writeFile(path.join(root, 'a.py'), '');
    await h.config.update({ external_editor: `"${editor.script}" -n` });
    await files.openInEditor('a.py');
    expect(await editor.args()).toBe(`-n\n${path.join(root, 'a.py')}\n`);
  });

  it("falls back to the system's default application, and says what to set when that fails", async () => {
    const opened: string[] = [];
    const { files, root } = await setup({ openPath: async (file) => (opened.push(file), file.endsWith('.bin') ? 'No application knows .bin files' : '') });
    await files.openInEditor('etl/extract.py');
    expect(opened).toEqual([path.join(root, 'etl/extract.py')]);
    await fs.writeFile(path.join(root, 'x.bin'), '');
    await expect(files.openInEditor('x.bin')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/No application knows \.bin files.*Set "editor"/) });
  });

  it('refuses a missing file, a path out of the project and an editor that does not exist', async () => {
    const { h, files } = await setup();
    await expect(files.openInEditor('missing.py')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(files.openInEditor('../../etc/passwd')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await h.config.update({ editor: 'no-such-editor-xyz {file}' });
    await expect(files.openInEditor('etl/extract.py')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('"no-such-editor-xyz" was not found') });
    await h.config.update({ editor: '', external_editor: 'code "{file}' });
    await expect(files.openInEditor('etl/extract.py')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('unclosed " quote') });
    await expect(h.config.update({ editor: 'code "{file}' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('unclosed') });
  });
});
