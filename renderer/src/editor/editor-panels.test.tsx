// @vitest-environment jsdom
import type { ReactNode } from 'react';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Pipeline } from '../../../main/src/api/pipeline.js';
import { EditorStoreProvider } from './store/editor-context.js';
import { createEditorStore, type EditorStore } from './store/editor-store.js';
import { FakeCore, pipelineFixture } from '../testing/fake-core.js';
import { ConflictDialog } from './panels/ConflictDialog.js';
import { ProblemsPanel } from './panels/ProblemsPanel.js';
import { StatusMessages } from '../shell/StatusMessages.js';
import { PropertiesPanel } from './properties/PropertiesPanel.js';
import { useKeyboardShortcuts } from '../shell/use-keyboard-shortcuts.js';

const PATH = 'p/.orchest/pipeline.json';
let store: EditorStore;

async function mount(ui: ReactNode, pipeline: Pipeline | string = pipelineFixture([{ id: 'a' }, { id: 'b' }, { id: 'c', parents: ['a', 'b'] }])) {
  const core = new FakeCore();
  core.write(PATH, pipeline);
  store = createEditorStore(core.client(), { saveDelayMs: 10 });
  await store.getState().actions.init();
  render(<EditorStoreProvider store={store}>{ui}</EditorStoreProvider>);
  return { core, pipeline: () => store.getState().doc!.pipeline! };
}

afterEach(() => {
  cleanup();
  store.getState().actions.dispose();
});

describe('properties panel', () => {
  it('keeps invalid parameters JSON as a draft with a message, and commits valid JSON', async () => {
    const { pipeline } = await mount(<PropertiesPanel />);
    act(() => store.getState().actions.setSelection({ steps: ['a'] }));
    const field = screen.getByLabelText('Parameters');
    fireEvent.change(field, { target: { value: '{"n": ' } });
    expect(screen.getByText(/Invalid JSON.*not saved/)).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(pipeline().steps.a!.parameters).toEqual({});
    fireEvent.change(field, { target: { value: '{"n": 3}' } });
    expect(screen.queryByText(/Invalid JSON/)).toBeNull();
    expect(pipeline().steps.a!.parameters).toEqual({ n: 3 });
  });

  it('saves a valid CPU or memory limit, keeps an invalid one as a draft with a message, and removes an emptied one', async () => {
    const { pipeline } = await mount(<PropertiesPanel />);
    act(() => store.getState().actions.setSelection({ steps: ['a'] }));
    const memory = screen.getByLabelText('Memory');
    fireEvent.change(memory, { target: { value: 'lots' } });
    expect(screen.getByText(/"lots" is not a memory size.*Not saved/)).toBeTruthy();
    expect(pipeline().steps.a!.resources).toBeUndefined();
    fireEvent.change(memory, { target: { value: '2g' } });
    expect(screen.getByText('At most 2 GiB; more and the step is stopped.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('CPUs'), { target: { value: '1.5' } });
    expect(pipeline().steps.a!.resources).toEqual({ memory: '2g', cpus: 1.5 });
    fireEvent.change(memory, { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('CPUs'), { target: { value: '' } });
    expect(pipeline().steps.a!).not.toHaveProperty('resources');
  });
  it('lists incoming connections in order and reorders them', async () => {
    const { pipeline } = await mount(<PropertiesPanel />);
    act(() => store.getState().actions.setSelection({ steps: ['c'] }));
    const list = screen.getByRole('list', { name: 'Incoming connections' });
    const items = () => within(list).getAllByRole('listitem').map((li) => li.querySelector('.incoming-title')!.textContent);
    expect(items()).toEqual(['A', 'B']);
    fireEvent.click(within(list).getAllByRole('button', { name: 'Move down' })[0]!);
    expect(pipeline().steps.c!.incoming_connections).toEqual(['b', 'a']);
    expect(items()).toEqual(['B', 'A']);
  });

  it('edits the pipeline when no step is selected', async () => {
    const { pipeline } = await mount(<PropertiesPanel />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Renamed' } });
    fireEvent.change(screen.getByLabelText('Max steps parallelism'), { target: { value: '2' } });
    expect(pipeline().name).toBe('Renamed');
    expect(pipeline().settings.max_steps_parallelism).toBe(2);
  });
});

describe('conflict dialog', () => {
  it('asks "File changed on disk" and loads the disk version on request', async () => {
    const { core, pipeline } = await mount(<ConflictDialog />);
    act(() => store.getState().actions.updateStep('a', { title: 'Mine' }));
    await act(async () => {
      core.editOutside(PATH, pipelineFixture([{ id: 'a', title: 'Theirs' }]));
    });
    const dialog = await screen.findByRole('dialog', { name: 'File changed on disk' });
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Load file from disk' }));
    });
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(pipeline().steps.a!.title).toBe('Theirs');
  });
});

describe('problems and messages', () => {
  it('announces an invalid file’s problems with their line:column', async () => {
    await mount(<ProblemsPanel />, '{\n  "name": ');
    expect(screen.getByRole('alert')).toBeTruthy();
    const problems = screen.getByRole('list', { name: 'Problems' });
    expect(within(problems).getByText('line 1:1')).toBeTruthy();
  });

  it('shows a refused cycle in the status region', async () => {
    await mount(<StatusMessages />, pipelineFixture([{ id: 'a' }, { id: 'b', parents: ['a'] }]));
    act(() => void store.getState().actions.connect('b', 'a'));
    expect(screen.getByRole('status').textContent).toContain('Connecting B → A would create a cycle');
  });
});

function Shortcuts() {
  useKeyboardShortcuts();
  return <input aria-label="Some field" />;
}

describe('keyboard shortcuts', () => {
  it('deletes the selection with Delete, but not while typing in a field; Ctrl+Z undoes', async () => {
    const { pipeline } = await mount(<Shortcuts />);
    act(() => store.getState().actions.setSelection({ steps: ['a'] }));
    fireEvent.keyDown(screen.getByLabelText('Some field'), { key: 'Delete' });
    expect(pipeline().steps.a).toBeDefined();
    fireEvent.keyDown(document.body, { key: 'Delete' });
    expect(pipeline().steps.a).toBeUndefined();
    fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true });
    expect(pipeline().steps.a).toBeDefined();
    fireEvent.keyDown(document.body, { key: 'a', ctrlKey: true });
    expect(store.getState().selection.steps).toEqual(['a', 'b', 'c']);
  });
});
