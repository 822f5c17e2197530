/**
 * The editor store against the real core in-process (testing/real-core.ts): the rules that are
 * the core's — what a save writes, CONFLICT on a stale base, what an invalid file reports — checked
 * on real files. Pure UI behaviour (debounce, undo, selection) is in editor-store.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Pipeline } from '../../../../main/src/api/pipeline.js';
import { pipelineFixture } from '../../testing/fake-core.js';
import { startRealCore, type RealCore } from '../../testing/real-core.js';
import { createEditorStore, type EditorStore } from './editor-store.js';

const PATH = 'pipe/.orchest/pipeline.json';
let core: RealCore | undefined;
let store: EditorStore | undefined;

async function setup(pipeline: Pipeline | string = pipelineFixture([{ id: 'a' }, { id: 'b', parents: ['a'] }])) {
  core = await startRealCore({ files: { [PATH]: pipeline, 'pipe/a.py': 'print(1)\n', 'pipe/b.py': 'print(2)\n' } });
  store = createEditorStore(core.client, { saveDelayMs: 60_000 });
  await store.getState().actions.init();
  return { core, store, actions: store.getState().actions };
}

const onDisk = async (c: RealCore): Promise<Pipeline> => JSON.parse(await c.read(PATH)) as Pipeline;

afterEach(async () => {
  store?.getState().actions.dispose();
  await core?.dispose();
  core = store = undefined;
});

describe('editor store on the real core: saving', () => {
  it('opens the project’s pipeline and writes an edit to its file, keeping what it does not know', async () => {
    const { core, store, actions } = await setup({ ...pipelineFixture([{ id: 'a' }]), custom_top: { keep: true } } as Pipeline);
    expect(store.getState().doc?.path).toBe(PATH);
    actions.updateStep('a', { title: 'Load data' });
    await actions.flushSave();
    expect(store.getState().dirty).toBe(false);
    const saved = await onDisk(core);
    expect(saved.steps.a!.title).toBe('Load data');
    expect((saved as Pipeline & { custom_top?: unknown }).custom_top).toEqual({ keep: true });
    // The answer's hash is the base of the next save: a second edit saves too, without CONFLICT.
    actions.updateStep('a', { title: 'Load it' });
    await actions.flushSave();
    expect((await onDisk(core)).steps.a!.title).toBe('Load it');
    expect(store.getState().conflict).toBeNull();
  });

  it('a file changed on disk under unsaved edits: the core refuses the save, the user is asked, "Keep my changes" wins', async () => {
    const { core, store, actions } = await setup();
    actions.updateStep('a', { title: 'Mine' });
    await core.write(PATH, pipelineFixture([{ id: 'a', title: 'Theirs' }, { id: 'b' }]));
    // Whichever comes first, the watcher's event or the core's CONFLICT answer, ends in the question.
    await actions.flushSave();
    await vi.waitFor(() => expect(store.getState().conflict?.path).toBe(PATH));
    expect((await onDisk(core)).steps.a!.title).toBe('Theirs');
    await actions.resolveConflict('keep');
    await vi.waitFor(() => expect(store.getState().dirty).toBe(false));
    expect((await onDisk(core)).steps.a!.title).toBe('Mine');
    expect(store.getState().conflict).toBeNull();
  });
});

describe('editor store on the real core: an invalid file', () => {
  it('shows the core’s problems with line and column, never saves over it, and reloads once fixed', async () => {
    const broken = '{ "name": "broken", ';
    const { core, store, actions } = await setup(broken);
    const doc = store.getState().doc!;
    expect(doc.pipeline).toBeNull();
    expect(doc.problems[0]).toMatchObject({ severity: 'error', line: 1 });
    expect(doc.problems[0]!.column).toBeGreaterThan(0);
    expect(actions.addStep({ position: [0, 0] })).toBeNull();
    await actions.flushSave();
    expect(await core.read(PATH)).toBe(broken);

    await core.write(PATH, pipelineFixture([{ id: 'a' }], 'fixed'));
    await vi.waitFor(() => expect(store.getState().doc?.pipeline?.name).toBe('fixed'), { timeout: 10_000 });
    expect(store.getState().doc!.problems).toEqual([]);
  });
});
