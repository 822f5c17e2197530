/**
 * The file store against the real core in-process: unsaved edits go out before a move, the open
 * pipeline follows a moved step file (and a moved pipeline folder), a delete names the steps.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../../main/src/api/pipeline.js';
import { createEditorStore, type EditorStore } from '../editor/store/editor-store.js';
import { pipelineFixture } from '../testing/fake-core.js';
import { startRealCore, type RealCore } from '../testing/real-core.js';
import { createFileStore } from './file-store.js';

const PATH = 'pipe/.orchest/pipeline.json';
let core: RealCore | undefined;
let editor: EditorStore | undefined;

async function setup() {
  const pipeline = pipelineFixture([{ id: 'a' }, { id: 'b', parents: ['a'] }]);
  core = await startRealCore({ files: { [PATH]: pipeline, 'pipe/a.py': 'print(1)\n', 'pipe/b.py': 'print(2)\n' } });
  editor = createEditorStore(core.client, { saveDelayMs: 60_000 });
  await editor.getState().actions.init();
  return { core, editor, files: createFileStore(core.client, editor) };
}

afterEach(async () => {
  editor?.getState().actions.dispose();
  await core?.dispose();
  core = editor = undefined;
});

const onDisk = async (c: RealCore, rel = PATH) => JSON.parse(await c.read(rel)) as Pipeline;

describe('file store on the real core', () => {
  it('saves pending edits, then moves a step file: the open pipeline shows the new path', async () => {
    const { core, editor, files } = await setup();
    editor.getState().actions.updateStep('b', { title: 'Edited before the move' });
    expect(await files.getState().actions.move('pipe/a.py', 'pipe/steps/a.py')).toBe(true);
    const saved = await onDisk(core);
    expect(saved.steps.a!.file_path).toBe('steps/a.py');
    expect(saved.steps.b!.title).toBe('Edited before the move');
    await expect.poll(() => editor.getState().doc?.pipeline?.steps.a?.file_path).toBe('steps/a.py');
    expect(editor.getState().dirty).toBe(false);
  });

  it('follows the open pipeline when its folder moves', async () => {
    const { core, editor, files } = await setup();
    expect(await files.getState().actions.move('pipe', 'flows/pipe')).toBe(true);
    expect(editor.getState().doc?.path).toBe('flows/pipe/.orchest/pipeline.json');
    expect((await onDisk(core, 'flows/pipe/.orchest/pipeline.json')).steps.a!.file_path).toBe('a.py');
  });

  it('asks before a delete, naming the steps, and keeps the dialog with the error when it fails', async () => {
    const { files } = await setup();
    await files.getState().actions.askDelete('pipe/b.py');
    expect(files.getState().dialog).toMatchObject({ kind: 'delete', path: 'pipe/b.py', steps: [{ uuid: 'b', filePath: 'b.py' }] });
    expect(await files.getState().actions.move('pipe/a.py', '../out.py')).toBe(false);
    expect(files.getState().error).toContain('leaves the project');
    expect(await files.getState().actions.remove('pipe/b.py')).toBe(true);
    expect(files.getState().dialog).toBeNull();
  });
});
