import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Pipeline } from '../../../../main/src/api/pipeline.js';
import { edgeId } from '../editing/edge-id.js';
import { FakeCore, pipelineFixture } from '../../testing/fake-core.js';
import { createEditorStore, type EditorStore } from './editor-store.js';

const PATH = 'pipe/.orchest/pipeline.json';
let stores: EditorStore[] = [];

async function setup(pipeline: Pipeline | string = pipelineFixture([{ id: 'a' }, { id: 'b', parents: ['a'] }, { id: 'c' }])) {
  const core = new FakeCore();
  core.write(PATH, pipeline);
  let n = 0;
  const store = createEditorStore(core.client(), { saveDelayMs: 15, newId: () => `new-${++n}` });
  stores.push(store);
  await store.getState().actions.init();
  return { core, store, actions: store.getState().actions, pipeline: () => store.getState().doc!.pipeline! };
}

afterEach(() => {
  for (const s of stores) s.getState().actions.dispose();
  stores = [];
});

describe('editor store: open and edit', () => {
  it('opens the project the core has and its first pipeline', async () => {
    const { store } = await setup();
    const s = store.getState();
    expect(s.project?.root).toBe('/p');
    expect(s.doc?.path).toBe(PATH);
    expect(Object.keys(s.doc!.pipeline!.steps)).toEqual(['a', 'b', 'c']);
    expect(s.dirty).toBe(false);
  });

  it('autosaves a burst of edits once, after the debounce, with the base hash', async () => {
    const { core, store, actions } = await setup();
    const hash = store.getState().doc!.hash;
    actions.addStep({ position: [0, 0], projectFile: 'pipe/clean.py' });
    actions.connect('c', 'new-1');
    expect(store.getState().dirty).toBe(true);
    expect(core.callsOf('pipeline.save')).toHaveLength(0);
    await vi.waitFor(() => expect(store.getState().dirty).toBe(false));
    const saves = core.callsOf('pipeline.save') as Array<{ baseHash: string; pipeline: Pipeline }>;
    expect(saves).toHaveLength(1);
    expect(saves[0]!.baseHash).toBe(hash);
    const onDisk = core.read(PATH)!;
    expect(onDisk.steps['new-1']).toMatchObject({ title: 'clean', file_path: 'pipe/clean.py', incoming_connections: ['c'] });
    expect(store.getState().doc!.hash).not.toBe(hash);
    expect(store.getState().selection.steps).toEqual(['new-1']);
  });

  it('refuses a cycle with a message and changes nothing', async () => {
    const { core, store, actions, pipeline } = await setup();
    const before = pipeline();
    expect(actions.connect('b', 'a')).toBe(false);
    expect(pipeline()).toBe(before);
    expect(store.getState().messages.map((m) => m.text)).toContain('Connecting B → A would create a cycle');
    expect(store.getState().history.past).toHaveLength(0);
    expect(store.getState().dirty).toBe(false);
    await actions.flushSave();
    expect(core.callsOf('pipeline.save')).toHaveLength(0);
  });

  it('undoes and redoes every edit, and saves the result', async () => {
    const { core, actions, pipeline } = await setup();
    actions.moveSteps({ a: [500, 500], b: [600, 500] }); // one drag, one entry
    actions.updateStep('c', { title: 'C1' }, true);
    actions.updateStep('c', { title: 'C12' }, true); // typing: same entry
    actions.undo();
    expect(pipeline().steps.c!.title).toBe('C');
    expect(pipeline().steps.a!.meta_data.position).toEqual([500, 500]);
    actions.undo();
    expect(pipeline().steps.a!.meta_data.position).toEqual([0, 0]);
    expect(pipeline().steps.b!.meta_data.position).toEqual([100, 0]);
    actions.redo();
    actions.redo();
    expect(pipeline().steps.c!.title).toBe('C12');
    await actions.flushSave();
    expect(core.read(PATH)!.steps.c!.title).toBe('C12');
  });

  it('deletes selected steps and edges in one undoable edit', async () => {
    const { store, actions, pipeline } = await setup(pipelineFixture([{ id: 'a' }, { id: 'b', parents: ['a'] }, { id: 'c', parents: ['a', 'b'] }]));
    actions.setSelection({ steps: ['b'], edges: [edgeId('a', 'c')] });
    actions.deleteSelection();
    expect(Object.keys(pipeline().steps)).toEqual(['a', 'c']);
    expect(pipeline().steps.c!.incoming_connections).toEqual([]);
    expect(store.getState().selection).toEqual({ steps: [], edges: [] });
    actions.undo();
    expect(pipeline().steps.c!.incoming_connections).toEqual(['a', 'b']);
  });

  it('select all selects every step', async () => {
    const { store, actions } = await setup();
    actions.selectAll();
    expect(store.getState().selection.steps).toEqual(['a', 'b', 'c']);
  });
});

describe('editor store: changes on disk', () => {
  it('reloads silently when the file changes outside and there are no local edits', async () => {
    const { core, store, pipeline } = await setup();
    const outside = pipelineFixture([{ id: 'a' }, { id: 'z', title: 'From vim' }]);
    core.editOutside(PATH, outside);
    await vi.waitFor(() => expect(pipeline().steps.z?.title).toBe('From vim'));
    expect(store.getState().conflict).toBeNull();
    expect(store.getState().dirty).toBe(false);
    expect(core.callsOf('pipeline.save')).toHaveLength(0);
  });

  it('shows the document sent with the event without reading the file again, keeping unchanged steps', async () => {
    const { core, store, pipeline } = await setup();
    const before = pipeline();
    const outside = pipelineFixture([{ id: 'a' }, { id: 'b', parents: ['a'], title: 'Renamed in vim' }, { id: 'c' }]);
    core.editOutside(PATH, outside);
    await vi.waitFor(() => expect(pipeline().steps.b?.title).toBe('Renamed in vim'));
    expect(core.callsOf('pipeline.read')).toHaveLength(1); // the open, no more
    // Same objects for what did not change: the canvas redraws one node.
    expect(pipeline().steps.a).toBe(before.steps.a);
    expect(pipeline().steps.c).toBe(before.steps.c);
    expect(pipeline().steps.b).not.toBe(before.steps.b);
    expect(store.getState().doc!.hash).toBe(core.document(PATH).hash);
    // Undo goes back to what the editor showed.
    store.getState().actions.undo();
    expect(pipeline().steps.b!.title).toBe('B');
  });

  it('reads the file when the event comes without the document', async () => {
    const { core, pipeline } = await setup();
    core.editOutside(PATH, pipelineFixture([{ id: 'a', title: 'Read back' }]), { withDocument: false });
    await vi.waitFor(() => expect(pipeline().steps.a?.title).toBe('Read back'));
    expect(core.callsOf('pipeline.read')).toHaveLength(2);
  });

  it('keeps the pipeline object and the history when only the formatting of the file changed', async () => {
    const { core, store, pipeline } = await setup();
    const before = pipeline();
    core.editOutside(PATH, JSON.stringify(before)); // same content, other bytes
    await vi.waitFor(() => expect(store.getState().doc!.hash).toBe(core.document(PATH).hash));
    expect(pipeline()).toBe(before);
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('asks when the file changes outside while there are unsaved edits; "Load file from disk" discards them', async () => {
    const { core, store, actions, pipeline } = await setup();
    actions.updateStep('a', { title: 'Mine' });
    const diskHash = core.editOutside(PATH, pipelineFixture([{ id: 'a', title: 'Theirs' }]));
    await vi.waitFor(() => expect(store.getState().conflict).toEqual({ path: PATH, hash: diskHash }));
    // No save while the user decides.
    await new Promise((r) => setTimeout(r, 40));
    expect(core.callsOf('pipeline.save')).toHaveLength(0);
    await actions.resolveConflict('load');
    expect(pipeline().steps.a!.title).toBe('Theirs');
    expect(store.getState().dirty).toBe(false);
    expect(store.getState().conflict).toBeNull();
    // The discarded edits are one undo away.
    actions.undo();
    expect(pipeline().steps.a!.title).toBe('Mine');
  });

  it('turns a CONFLICT answer to a save (no event seen) into the same question', async () => {
    const { core, store, actions } = await setup();
    core.write(PATH, pipelineFixture([{ id: 'a', title: 'Silent' }])); // no event
    actions.updateStep('a', { title: 'Mine' });
    await actions.flushSave();
    expect(store.getState().conflict?.path).toBe(PATH);
    expect(core.read(PATH)!.steps.a!.title).toBe('Silent');
    expect(store.getState().dirty).toBe(true);
  });

  it('ignores the echo of its own save arriving while the save is in flight', async () => {
    const { core, store, actions, pipeline } = await setup();
    let release!: () => void;
    core.saveGate = new Promise((r) => (release = r));
    actions.updateStep('a', { title: 'Mine' });
    const saving = actions.flushSave();
    await vi.waitFor(() => expect(store.getState().saving).toBe(true));
    core.saveGate = null;
    release();
    await saving;
    // The watcher reports our own write afterwards: same hash, nothing to do.
    core.emit('pipeline.changed', { path: PATH, hash: store.getState().doc!.hash });
    await new Promise((r) => setTimeout(r, 20));
    expect(store.getState().conflict).toBeNull();
    expect(pipeline().steps.a!.title).toBe('Mine');
    expect(core.callsOf('pipeline.read')).toHaveLength(1);
  });

  it('re-reads the file after a reconnect, since events may have been missed', async () => {
    const { core, pipeline } = await setup();
    core.setConnection('reconnecting');
    core.write(PATH, pipelineFixture([{ id: 'q', title: 'While away' }]));
    core.setConnection('open');
    await vi.waitFor(() => expect(pipeline().steps.q?.title).toBe('While away'));
  });
});
// Saving to real files, CONFLICT from the core and invalid files: editor-store.core.test.ts.
