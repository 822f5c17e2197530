// @vitest-environment jsdom
/**
 * The data view against the real core in-process: a real run (local runner, Debian's python3 with
 * pandas and the real SDK) writes the summaries, and the pane shows them for a selected connection
 * and for a step's "Outputs"; it follows the next run.
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EditorStoreProvider } from '../editor/store/editor-context.js';
import { createEditorStore, type EditorStore } from '../editor/store/editor-store.js';
import { RunStoreProvider } from '../runs/run-context.js';
import { createRunStore, type RunStore } from '../runs/run-store.js';
import { BottomPanel } from '../shell/BottomPanel.js';
import { pipelineFixture } from '../testing/fake-core.js';
import { startRealCore, type RealCore } from '../testing/real-core.js';
import { OutputsStoreProvider } from './outputs-context.js';
import { createOutputsStore, type OutputsStore } from './outputs-store.js';
import { ShowOutputsButton } from './ShowOutputsButton.js';

// The local runner's python3 is the first on PATH: Debian's has pandas (a pyenv shim may not).
process.env.PATH = `/usr/bin:${process.env.PATH ?? ''}`;

const PATH = 'pipe/.orchest/pipeline.json';
let core: RealCore | undefined;
let editor: EditorStore | undefined;
let runs: RunStore | undefined;
let outputs: OutputsStore | undefined;

afterEach(async () => {
  cleanup();
  outputs?.getState().actions.dispose();
  runs?.getState().actions.dispose();
  editor?.getState().actions.dispose();
  await core?.dispose();
  core = editor = runs = outputs = undefined;
});

const PNG_STEP = `import struct, zlib, orchest
def chunk(k, d): return struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d))
raw = b"".join(b"\\x00" + b"\\x10\\x20\\x30" * 8 for _ in range(4))
png = b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 4, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
orchest.output({"plot": png, "n": COUNT})
`;

describe('data view on the real core', () => {
  it('a selected connection shows the DataFrame flowing along it; "Outputs" shows a step\'s image; the next run refreshes it', async () => {
    core = await startRealCore({
      files: {
        [PATH]: pipelineFixture([
          { id: 'a', title: 'Load' },
          { id: 'b', title: 'Use', parents: ['a'] },
          { id: 'c', title: 'Plot' },
        ]),
        'pipe/a.py': 'import orchest, pandas as pd\norchest.output(pd.DataFrame({"city": ["Oslo", "Lima", "Pune"], "temp": [3.5, 19.0, 27.25]}), name="weather")\n',
        'pipe/b.py': 'import orchest\nprint(orchest.get_inputs()["weather"].shape)\n',
        'pipe/c.py': PNG_STEP.replace('COUNT', '1'),
      },
      config: { default_runner: 'local' },
    });
    editor = createEditorStore(core.client, { saveDelayMs: 60_000 });
    runs = createRunStore(core.client, editor, { logFlushMs: 0 });
    outputs = createOutputsStore(core.client, editor);
    await editor.getState().actions.init();
    render(
      <EditorStoreProvider store={editor}>
        <RunStoreProvider store={runs}>
          <OutputsStoreProvider store={outputs}>
            <BottomPanel />
            <ShowOutputsButton stepId="c" />
          </OutputsStoreProvider>
        </RunStoreProvider>
      </EditorStoreProvider>,
    );

    act(() => editor!.getState().actions.setSelection({ steps: [], edges: ['a->b'] }));
    let pane = await screen.findByTestId('data-pane');
    expect(within(pane).getByRole('heading').textContent).toBe('Data: Load → Use');
    await vi.waitFor(() => expect(within(pane).getByTestId('data-state').textContent).toContain('No run yet'));

    await act(() => runs!.getState().actions.start('full'));
    await vi.waitFor(() => expect(runs!.getState().run?.status).toMatch(/SUCCESS|FAILURE/), { timeout: 30_000 });
    expect(runs!.getState().run?.status, await core.read('pipe/.orchest/logs/c.log')).toBe('SUCCESS');
    await vi.waitFor(() => expect(within(pane).getByTestId('data-state').textContent).toContain('From the last run.'));
    expect(pane.textContent).toContain('→ "Use" gets it as inputs["weather"]');
    expect(pane.textContent).toContain('pandas.DataFrame · 3 rows × 2 columns');
    const table = within(pane).getByRole('table');
    const header = within(table).getAllByRole('columnheader').map((th) => th.textContent);
    expect(header).toEqual(['cityobject', 'tempfloat64']);
    expect(within(table).getAllByRole('row').slice(1).map((tr) => Array.from(tr.children, (td) => td.textContent))).toEqual([
      ['Oslo', '3.5'],
      ['Lima', '19'],
      ['Pune', '27.25'],
    ]);

    // Closed, the connection is deselected: selecting it again shows it again.
    fireEvent.click(within(pane).getByRole('button', { name: 'Close the data view' }));
    expect(screen.queryByTestId('data-pane')).toBeNull();
    expect(editor.getState().selection.edges).toEqual([]);
    act(() => editor!.getState().actions.setSelection({ steps: [], edges: ['a->b'] }));
    pane = await screen.findByTestId('data-pane');
    expect(within(pane).getByRole('heading').textContent).toBe('Data: Load → Use');

    fireEvent.click(screen.getByRole('button', { name: 'Outputs' }));
    await vi.waitFor(() => expect(within(pane).getByRole('heading').textContent).toBe('Outputs: Plot'));
    const img = await within(pane).findByRole('img');
    expect(img.getAttribute('src')).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(pane.textContent).toContain('["n"] int');
    expect(pane.querySelector('.data-scalar')?.textContent).toBe('1');

    // The next run changes the output: the pane shows the new one when its step has finished.
    await core.write('pipe/c.py', PNG_STEP.replace('COUNT', '2'));
    await act(() => runs!.getState().actions.start('full'));
    await vi.waitFor(() => expect(runs!.getState().run?.status).toBe('SUCCESS'), { timeout: 30_000 });
    await vi.waitFor(() => expect(pane.querySelector('.data-scalar')?.textContent).toBe('2'));
    expect(within(pane).getByTestId('data-state').textContent).toContain('From the last run.');
  }, 90_000);
});
