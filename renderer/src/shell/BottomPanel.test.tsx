// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { EditorStoreProvider } from '../editor/store/editor-context.js';
import { createEditorStore, type EditorStore } from '../editor/store/editor-store.js';
import { LogBuffer } from '../logs/log-buffer.js';
import { RunStoreProvider } from '../runs/run-context.js';
import type { LogPane, RunStore, RunViewState } from '../runs/run-store.js';
import { FakeCore, pipelineFixture } from '../testing/fake-core.js';
import { BottomPanel } from './BottomPanel.js';

const PATH = 'p/.orchest/pipeline.json';
let editor: EditorStore;

async function mount() {
  const core = new FakeCore();
  core.write(PATH, pipelineFixture([{ id: 'a', title: 'Load data' }]));
  editor = createEditorStore(core.client(), { saveDelayMs: 10 });
  await editor.getState().actions.init();
  const buffer = new LogBuffer();
  const log: LogPane = { pipeline: PATH, stepId: 'a', runId: null, phase: 'ready', tailTruncated: false, fileSize: 0, tailBytes: 1, buffer, version: 0 };
  const noop = async () => undefined;
  const runs: RunStore = createStore<RunViewState>()(() => ({
    pipeline: PATH,
    run: null,
    steps: {},
    starting: false,
    cancelling: false,
    startError: null,
    log,
    actions: { start: noop, cancel: noop, openLog: () => undefined, closeLog: () => undefined, dispose: () => undefined },
  }));
  render(
    <EditorStoreProvider store={editor}>
      <RunStoreProvider store={runs}>
        <BottomPanel />
      </RunStoreProvider>
    </EditorStoreProvider>,
  );
  const addLines = (n: number) =>
    act(() => {
      buffer.append(Array.from({ length: n }, (_, i) => `line ${i}\n`).join(''));
      runs.setState({ log: { ...runs.getState().log!, version: runs.getState().log!.version + 1 } });
    });
  return { addLines };
}

afterEach(() => {
  cleanup();
  editor.getState().actions.dispose();
  window.localStorage.clear();
});

const panel = () => screen.getByTestId('bottom-panel');

describe('bottom panel', () => {
  it('an empty log is one line high and cannot be resized; a short log is as high as its lines', async () => {
    const { addLines } = await mount();
    expect(panel().className).toContain('is-collapsed');
    expect(screen.queryByRole('separator')).toBeNull();
    expect(screen.getByRole('log', { name: 'Step log' }).textContent).toContain('No log yet');
    addLines(2);
    expect(panel().className).toContain('is-expanded');
    expect(panel().style.height).toBe('96px');
    addLines(100);
    expect(panel().style.height).toBe('260px');
  });

  it('the top edge resizes the panel (↑/↓ on the keyboard) and the height is remembered', async () => {
    const { addLines } = await mount();
    addLines(1);
    const edge = screen.getByRole('separator', { name: 'Resize the bottom panel' });
    fireEvent.keyDown(edge, { key: 'ArrowUp', shiftKey: true });
    expect(panel().style.height).toBe('160px');
    fireEvent.keyDown(edge, { key: 'ArrowDown' });
    expect(panel().style.height).toBe('144px');
    expect(window.localStorage.getItem('orchest.bottomPanelHeight')).toBe('144');
  });
});
