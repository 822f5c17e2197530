import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Args, MethodName, Result } from '../../../main/src/api/contract.js';
import type { LogChunk, RunState, StepRunState } from '../../../main/src/api/runs.js';
import { ClientError } from '../client/client-error.js';
import type { CoreClient } from '../client/core-client.js';
import { createEditorStore, type EditorStore } from '../editor/store/editor-store.js';
import { FakeCore, pipelineFixture } from '../testing/fake-core.js';
import { createRunStore, type RunStore } from './run-store.js';

const PATH = 'p/.orchest/pipeline.json';
type Handler = (args: never) => unknown;

/** FakeCore (pipelines, saves, events) plus the runs.* methods a test scripts. */
function clientWithRuns(core: FakeCore, handlers: Partial<Record<MethodName, Handler>>): CoreClient {
  const base = core.client();
  return {
    connection: base.connection,
    on: base.on,
    async call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>> {
      const handler = handlers[method];
      if (!handler) return base.call(method, args);
      core.calls.push({ method, args });
      return (await handler(args as never)) as Result<M>;
    },
  };
}

const step = (uuid: string, status: StepRunState['status'], extra: Partial<StepRunState> = {}): StepRunState => ({
  uuid,
  title: uuid.toUpperCase(),
  status,
  logPath: `/p/p/.orchest/logs/${uuid}.log`,
  ...extra,
});
const runState = (id: string, status: RunState['status'], steps: StepRunState[], extra: Partial<RunState> = {}): RunState => ({
  id,
  pipeline: PATH,
  kind: 'full',
  runner: 'docker',
  status,
  startedAt: 1000,
  steps,
  ...extra,
});

let editors: EditorStore[] = [];
let runStores: RunStore[] = [];

async function setup(handlers: Partial<Record<MethodName, Handler>> = {}, last: RunState | null = null) {
  const core = new FakeCore();
  core.write(PATH, pipelineFixture([{ id: 'a' }, { id: 'b', parents: ['a'] }, { id: 'c', parents: ['b'] }]));
  const client = clientWithRuns(core, { 'runs.last': () => last, 'runs.readLog': () => ({ text: '', size: 0, truncated: false }), ...handlers });
  const editor = createEditorStore(client, { saveDelayMs: 10_000 });
  const runs = createRunStore(client, editor, { logFlushMs: 0 });
  editors.push(editor);
  runStores.push(runs);
  await editor.getState().actions.init();
  await vi.waitFor(() => expect(core.callsOf('runs.last')).toHaveLength(1));
  return { core, editor, runs };
}

const logText = (runs: RunStore) => {
  const log = runs.getState().log!;
  return Array.from({ length: log.buffer.lineCount }, (_, i) => log.buffer.line(i)).join('\n');
};

afterEach(() => {
  for (const r of runStores) r.getState().actions.dispose();
  for (const e of editors) e.getState().actions.dispose();
  runStores = [];
  editors = [];
});

describe('run store: runs', () => {
  it('shows the last run of a pipeline when it opens (runs.last)', async () => {
    const { runs, core } = await setup({}, runState('r0', 'SUCCESS', [step('a', 'SUCCESS'), step('b', 'FAILURE')], { endedAt: 2000 }));
    expect(core.callsOf('runs.last')).toEqual([{ pipeline: PATH }]);
    await vi.waitFor(() => expect(runs.getState().run?.id).toBe('r0'));
    expect(runs.getState().steps.b?.status).toBe('FAILURE');
    expect(runs.getState().steps.c).toBeUndefined();
  });

  it('saves unsaved edits before runs.start, and runs the selection', async () => {
    const { core, editor, runs } = await setup({
      'runs.start': (args: Args<'runs.start'>) => {
        return runState('r1', 'STARTED', (args.steps ?? []).map((id) => step(id, 'PENDING')), { kind: args.kind ?? 'full' });
      },
    });
    editor.getState().actions.updateStep('a', { title: 'Edited' });
    editor.getState().actions.setSelection({ steps: ['a'] });
    expect(editor.getState().dirty).toBe(true);
    await runs.getState().actions.start('selection');
    const saves = core.calls.filter((c) => c.method === 'pipeline.save' || c.method === 'runs.start').map((c) => c.method);
    expect(saves).toEqual(['pipeline.save', 'runs.start']);
    expect(core.read(PATH)!.steps.a!.title).toBe('Edited');
    expect(core.callsOf('runs.start')).toEqual([{ pipeline: PATH, kind: 'selection', steps: ['a'] }]);
    expect(runs.getState().steps.a?.status).toBe('PENDING');
  });

  it('refuses Run selected with nothing selected, saying why, without calling the core', async () => {
    const { core, editor, runs } = await setup({ 'runs.start': () => runState('x', 'STARTED', []) });
    await runs.getState().actions.start('selection');
    expect(core.callsOf('runs.start')).toEqual([]);
    expect(editor.getState().messages.at(-1)?.text).toBe('Select one or more steps first');
  });

  it('applies run.updated of the open pipeline in order; ignores other pipelines and stale answers', async () => {
    const { core, runs } = await setup({ 'runs.cancel': () => runState('r1', 'STARTED', [step('a', 'STARTED')]) });
    core.emit('run.updated', runState('r1', 'STARTED', [step('a', 'STARTED', { startedAt: 1100 })]));
    core.emit('run.updated', runState('other', 'STARTED', [step('a', 'SUCCESS')], { pipeline: 'q/.orchest/pipeline.json', startedAt: 5000 }));
    expect(runs.getState().steps.a?.status).toBe('STARTED');
    core.emit('run.updated', runState('r1', 'ABORTED', [step('a', 'ABORTED', { startedAt: 1100, endedAt: 1500 })], { endedAt: 1500 }));
    // The cancel's answer is older than the event that came first.
    await runs.getState().actions.cancel();
    expect(runs.getState().run?.status).toBe('ABORTED');
    expect(runs.getState().steps.a?.status).toBe('ABORTED');
  });
});

describe('run store: the log pane', () => {
  it('selecting a step opens its log: the tail, then live chunks for that step only', async () => {
    const { core, editor, runs } = await setup({ 'runs.readLog': () => ({ text: 'one\ntwo\n', size: 3_000_000, truncated: true }) });
    editor.getState().actions.setSelection({ steps: ['b'] });
    expect(runs.getState().log).toMatchObject({ stepId: 'b', phase: 'loading' });
    await vi.waitFor(() => expect(runs.getState().log?.phase).toBe('ready'));
    expect(core.callsOf('runs.readLog')).toEqual([{ pipeline: PATH, stepId: 'b', tailBytes: 1024 * 1024 }]);
    expect(runs.getState().log).toMatchObject({ tailTruncated: true, fileSize: 3_000_000 });
    const chunk = (stepId: string, text: string, offset: number): LogChunk => ({ runId: 'r1', pipeline: PATH, stepId, offset, text });
    core.emit('run.updated', runState('r1', 'STARTED', [step('b', 'STARTED', { startedAt: 1 })]));
    // A new run of the step: its file starts over, and so does the pane.
    expect(logText(runs)).toBe('');
    core.emit('run.log', chunk('b', 'three\nfo', 0));
    core.emit('run.log', chunk('a', 'not mine\n', 0));
    core.emit('run.log', chunk('b', 'ur\n', 8));
    expect(logText(runs)).toBe('three\nfour');
    editor.getState().actions.setSelection({ steps: [] });
    expect(runs.getState().log?.stepId).toBe('b');
    runs.getState().actions.closeLog();
    expect(runs.getState().log).toBeNull();
  });

  it('places a running step\'s live chunks after its tail by byte offset, without repeating text', async () => {
    let answer: (v: Result<'runs.readLog'>) => void = () => undefined;
    const { core, editor, runs } = await setup(
      { 'runs.readLog': () => new Promise<Result<'runs.readLog'>>((resolve) => (answer = resolve)) },
      runState('r1', 'STARTED', [step('a', 'STARTED', { startedAt: 1 })]),
    );
    await vi.waitFor(() => expect(runs.getState().run?.id).toBe('r1'));
    editor.getState().actions.setSelection({ steps: ['a'] });
    const chunk = (text: string, offset: number): LogChunk => ({ runId: 'r1', pipeline: PATH, stepId: 'a', offset, text });
    // Came while the file was read: bytes 3..9, which the read holds too.
    core.emit('run.log', chunk('l2\nl3\n', 3));
    answer({ text: 'l1\nl2\nl3\nl4 pa', size: 14, truncated: false });
    await vi.waitFor(() => expect(runs.getState().log?.phase).toBe('ready'));
    expect(logText(runs)).toBe('l1\nl2\nl3\nl4 pa');
    // Sent before the core knew of the read: its first 5 bytes are the read's last.
    core.emit('run.log', chunk('l4 part two\nl5\n', 9));
    expect(logText(runs)).toBe('l1\nl2\nl3\nl4 part two\nl5');
    core.emit('run.log', chunk('l6 ünïcode\n', 24));
    core.emit('run.log', chunk('l7\n', 37));
    expect(logText(runs)).toBe('l1\nl2\nl3\nl4 part two\nl5\nl6 ünïcode\nl7');
    expect(core.callsOf('runs.readLog')).toHaveLength(1);
  });

  it('a step the core does not know yet (not saved) has an empty log, not an error', async () => {
    const { editor, runs } = await setup({
      'runs.readLog': () => {
        throw new ClientError('NOT_FOUND', 'Pipeline "p" has no step a.');
      },
    });
    editor.getState().actions.setSelection({ steps: ['a'] });
    await vi.waitFor(() => expect(runs.getState().log?.phase).toBe('ready'));
    expect(runs.getState().log?.error).toBeUndefined();
  });
});
