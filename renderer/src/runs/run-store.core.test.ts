/**
 * The run store against the real core in-process (local runner, no Docker): the core's refusals
 * reach the user as it words them, and a real run's state and log (placed by byte offset) show.
 * Store-only behaviour with scripted answers is in run-store.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Pipeline } from '../../../main/src/api/pipeline.js';
import { createEditorStore, type EditorStore } from '../editor/store/editor-store.js';
import { pipelineFixture } from '../testing/fake-core.js';
import { startRealCore, type RealCore } from '../testing/real-core.js';
import { createRunStore, type RunStore } from './run-store.js';

const PATH = 'pipe/.orchest/pipeline.json';
let core: RealCore | undefined;
let editor: EditorStore | undefined;
let runs: RunStore | undefined;

async function setup(files: Record<string, string | Pipeline>) {
  core = await startRealCore({ files, config: { default_runner: 'local' } });
  editor = createEditorStore(core.client, { saveDelayMs: 60_000 });
  runs = createRunStore(core.client, editor, { logFlushMs: 0 });
  await editor.getState().actions.init();
  return { core, editor, runs };
}

afterEach(async () => {
  runs?.getState().actions.dispose();
  editor?.getState().actions.dispose();
  await core?.dispose();
  core = editor = runs = undefined;
});

const messages = (e: EditorStore) => e.getState().messages.map((m) => m.text);

describe('run store on the real core', () => {
  it('shows the core’s refusal of a run whose step file is missing, naming the step, and starts nothing', async () => {
    const { editor, runs } = await setup({ [PATH]: pipelineFixture([{ id: 'a', title: 'Load data' }]) });
    await runs.getState().actions.start('full');
    const why = runs.getState().startError;
    expect(why).toMatch(/Load data/);
    expect(why).toMatch(/a\.py/);
    expect(messages(editor)).toContain(`Could not start the run: ${why}`);
    expect(runs.getState().run).toBeNull();
  });

  it('runs the pipeline, shows each step’s state and the selected step’s log; a second start meanwhile is refused', async () => {
    const { editor, runs } = await setup({
      [PATH]: pipelineFixture([{ id: 'a', title: 'Slow' }, { id: 'b', title: 'Print', parents: ['a'] }]),
      'pipe/a.py': 'import time\nprint("waiting", flush=True)\ntime.sleep(1.5)\n',
      'pipe/b.py': 'for i in range(3):\n    print(f"line {i} é")\n',
    });
    editor.getState().actions.setSelection({ steps: ['b'] });
    await runs.getState().actions.start('full');
    expect(runs.getState().run?.status).toMatch(/PENDING|STARTED/);
    await runs.getState().actions.start('full');
    expect(messages(editor).at(-1)).toBe('A run is going: cancel it or wait for it to finish');
    // Another window (a second client of the same core) is refused by the core itself.
    await expect(core!.client.call('runs.start', { pipeline: PATH, kind: 'full', steps: [] })).rejects.toMatchObject({ code: 'BUSY' });
    await vi.waitFor(() => expect(runs.getState().run?.status).toBe('SUCCESS'), { timeout: 20_000 });
    expect(runs.getState().steps.b?.status).toBe('SUCCESS');
    await vi.waitFor(() => {
      const log = runs!.getState().log!;
      expect(Array.from({ length: log.buffer.lineCount }, (_, i) => log.buffer.line(i))).toEqual(['line 0 é', 'line 1 é', 'line 2 é']);
    });
  });
});
