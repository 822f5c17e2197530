/**
 * Runs of the open pipeline, per app instance: the latest run (live from 'run.updated', or
 * runs.last after opening a pipeline), per-step display state for the canvas, the run commands,
 * and the log pane of the selected step (runs.readLog, then live 'run.log' chunks placed by offset).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LogChunk, RunKind, RunnerKind, RunState } from '../../../main/src/api/runs.js';
import { errorMessage, isClientError } from '../client/client-error.js';
import type { CoreClient } from '../client/core-client.js';
import type { EditorStore } from '../editor/store/editor-store.js';
import type { EditorState } from '../editor/store/editor-state.js';
import type { LogBuffer } from '../logs/log-buffer.js';
import { LogFollower } from '../logs/log-follower.js';
import { availabilityOf, runAvailability, type RunAvailability } from './run-availability.js';
import { applyRun, isNewerRun, isRunActive, type StepDisplayMap } from './run-display.js';

export const LOG_TAIL_BYTES = 1024 * 1024;

export interface LogPane {
  pipeline: string;
  stepId: string;
  /** The run the shown text belongs to; null: an earlier run's file (or none yet). */
  runId: string | null;
  phase: 'loading' | 'ready' | 'error';
  error?: string;
  /** The file held more than the tail that was read. */
  tailTruncated: boolean;
  /** Size of the file when it was read, and how much of its end was read. */
  fileSize: number;
  tailBytes: number;
  /** Mutable (appended in place); `version` changes whenever it does. */
  buffer: LogBuffer;
  version: number;
}

export interface RunActions {
  /** `runner`: this run only (e.g. the local runner when Docker is not there); default: the config's. */
  start(kind: RunKind, options?: { runner?: RunnerKind }): Promise<void>;
  cancel(): Promise<void>;
  openLog(stepId: string): void;
  closeLog(): void;
  dispose(): void;
}

export interface RunViewState {
  /** The open pipeline the rest belongs to. */
  pipeline: string | null;
  run: RunState | null;
  steps: StepDisplayMap;
  /** Saving and calling runs.start. */
  starting: boolean;
  cancelling: boolean;
  /** Why the last start failed (also shown as a message). */
  startError: string | null;
  log: LogPane | null;
  actions: RunActions;
}

export type RunStore = StoreApi<RunViewState>;

export interface RunStoreOptions {
  logTailBytes?: number;
  logMaxChars?: number;
  /** Live text is appended in batches, at most this often (0: as it comes). */
  logFlushMs?: number;
}

const noSteps: StepDisplayMap = {};

/** Whether a run is going (or being started) for the open pipeline. */
export const selectRunning = (s: RunViewState): boolean => s.starting || isRunActive(s.run);

export function availabilityFor(editor: EditorState, runs: RunViewState): RunAvailability {
  const pipeline = editor.doc?.pipeline ?? null;
  return runAvailability({
    hasPipeline: editor.doc !== null,
    readOnly: editor.doc !== null && pipeline === null,
    errorCount: editor.doc?.problems.filter((p) => p.severity === 'error').length ?? 0,
    stepCount: pipeline ? Object.keys(pipeline.steps).length : 0,
    selectedSteps: editor.selection.steps.length,
    running: selectRunning(runs),
    cancelling: runs.cancelling,
  });
}

export function createRunStore(client: CoreClient, editor: EditorStore, options: RunStoreOptions = {}): RunStore {
  const tailBytes = options.logTailBytes ?? LOG_TAIL_BYTES;
  const unsubscribers: Array<() => void> = [];
  /** The open pane's file, followed (null when no pane is open). */
  let follower: LogFollower | null = null;

  const notify = (text: string, tone: 'info' | 'error' = 'info') => editor.getState().actions.notify(text, tone);

  // Function declarations below are hoisted; they run only after the store exists.
  const actions: RunActions = {
    start,
    cancel,
    openLog,
    closeLog,
    dispose() {
      closeLog();
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
    },
  };

  const store = createStore<RunViewState>()(() => ({
    pipeline: null,
    run: null,
    steps: noSteps,
    starting: false,
    cancelling: false,
    startError: null,
    log: null,
    actions,
  }));
  const get = store.getState;
  const set = store.setState;

  /** The pane shows what its follower holds now. */
  function bumpLog(patch: Partial<LogPane> = {}) {
    const log = get().log;
    if (!log || !follower) return;
    const f = follower;
    set({ log: { ...log, phase: f.phase, error: f.error, tailTruncated: f.truncated, fileSize: f.fileSize, ...patch, version: log.version + 1 } });
  }

  /** A new run of the pane's step started: its log file starts over, and so does the pane. */
  function restartLogFor(runId: string) {
    if (!get().log || !follower) return;
    set({ log: { ...get().log!, runId } });
    follower.restart();
  }

  function applyRunState(run: RunState) {
    const s = get();
    if (run.pipeline !== s.pipeline || !isNewerRun(s.run, run)) return;
    set({ run, steps: applyRun(s.steps, run) });
    const log = get().log;
    if (!log) return;
    const step = run.steps.find((x) => x.uuid === log.stepId);
    if (step && step.startedAt !== undefined && log.runId !== run.id) restartLogFor(run.id);
  }

  function onLogChunk(chunk: LogChunk) {
    const log = get().log;
    if (!log || !follower || log.pipeline !== chunk.pipeline || log.stepId !== chunk.stepId) return;
    // Its 'run.updated' (STARTED) normally came first and cleared the pane; this is the backstop.
    if (log.runId !== chunk.runId) restartLogFor(chunk.runId);
    follower.push(chunk);
  }

  async function loadLast(pipeline: string) {
    try {
      const run = await client.call('runs.last', { pipeline });
      if (run) applyRunState(run);
    } catch {
      // No history to show is not worth a message: the nodes simply show no state.
    }
  }

  function openLog(stepId: string) {
    const pipeline = get().pipeline;
    if (!pipeline) return;
    follower?.dispose();
    const { run } = get();
    const inRun = run?.steps.find((x) => x.uuid === stepId);
    const runId = run && inRun?.startedAt !== undefined ? run.id : null;
    const f = new LogFollower({
      read: () =>
        client.call('runs.readLog', { pipeline, stepId, tailBytes }).catch((err: unknown) => {
          // A step not saved yet is unknown to the core: it has no log, which is no error.
          if (isClientError(err, 'NOT_FOUND')) return { text: '', size: 0, truncated: false };
          throw err;
        }),
      onChange: () => {
        if (follower === f) bumpLog();
      },
      ...(options.logMaxChars ? { buffer: { maxChars: options.logMaxChars } } : {}),
      ...(options.logFlushMs !== undefined ? { flushMs: options.logFlushMs } : {}),
    });
    follower = f;
    set({ log: { pipeline, stepId, runId, phase: 'loading', tailTruncated: false, fileSize: 0, tailBytes, buffer: f.buffer, version: 0 } });
    f.load();
  }

  function closeLog() {
    follower?.dispose();
    follower = null;
    if (get().log) set({ log: null });
  }

  function onEditorChange(state: EditorState, prev: EditorState) {
    const path = state.doc?.path ?? null;
    if (path !== get().pipeline) {
      closeLog();
      set({ pipeline: path, run: null, steps: noSteps, startError: null, cancelling: false });
      if (path) void loadLast(path);
    } else {
      const log = get().log;
      if (log && state.doc?.pipeline !== prev.doc?.pipeline && !state.doc?.pipeline?.steps[log.stepId]) closeLog();
    }
    // Selecting one step opens its log; selecting none or several leaves the pane as it is.
    if (path && state.selection.steps !== prev.selection.steps && state.selection.steps.length === 1) {
      const id = state.selection.steps[0]!;
      if (get().log?.stepId !== id) openLog(id);
    }
  }

  /** Back after a dropped WebSocket: events were missed, so ask again. */
  function resync() {
    const { pipeline, log } = get();
    if (pipeline) void loadLast(pipeline);
    if (log) openLog(log.stepId);
  }

  async function start(kind: RunKind, options: { runner?: RunnerKind } = {}) {
    const ed = editor.getState();
    const path = ed.doc?.path;
    const avail = availabilityOf(availabilityFor(ed, get()), kind);
    if (!path || !avail.ok) {
      notify(avail.reason);
      return;
    }
    set({ starting: true, startError: null });
    try {
      // The core runs the file on disk: unsaved edits go first.
      if (ed.dirty || ed.saving) await ed.actions.flushSave();
      const after = editor.getState();
      if (after.doc?.path !== path) return;
      if (after.dirty || after.conflict) {
        const why = 'The run did not start: the pipeline has changes that could not be saved.';
        set({ startError: why });
        notify(why, 'error');
        return;
      }
      const steps = kind === 'full' ? [] : [...after.selection.steps];
      applyRunState(await client.call('runs.start', { pipeline: path, kind, steps, ...(options.runner ? { runner: options.runner } : {}) }));
    } catch (err) {
      const message = errorMessage(err);
      set({ startError: message });
      notify(`Could not start the run: ${message}`, 'error');
    } finally {
      set({ starting: false });
    }
  }

  async function cancel() {
    const { run, cancelling } = get();
    if (!run || !isRunActive(run) || cancelling) return;
    set({ cancelling: true });
    try {
      applyRunState(await client.call('runs.cancel', { runId: run.id }));
    } catch (err) {
      notify(`Could not cancel the run: ${errorMessage(err)}`, 'error');
    } finally {
      set({ cancelling: false });
    }
  }


  let wasDown = client.connection.get() === 'reconnecting';
  unsubscribers.push(
    client.on('run.updated', applyRunState),
    client.on('run.log', onLogChunk),
    editor.subscribe(onEditorChange),
    client.connection.subscribe((state) => {
      if (state === 'open' && wasDown) resync();
      wasDown = state === 'reconnecting';
    }),
  );
  // The editor may already have a pipeline open.
  onEditorChange(editor.getState(), editor.getState());
  return store;
}
