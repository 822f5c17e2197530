/**
 * The data view, per app instance: what a step produced in the last run (outputs.list), shown for a
 * selected connection (what flows along it) or for a step ("Outputs"). Thumbnails come one by one
 * through outputs.thumbnail. It follows the editor (open pipeline, a selected connection) and
 * reloads when a run of the pipeline changes a step's state.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StepOutputs } from '../../../main/src/api/outputs.js';
import type { RunState } from '../../../main/src/api/runs.js';
import { errorMessage } from '../client/client-error.js';
import type { CoreClient } from '../client/core-client.js';
import { edgeId, parseEdgeId } from '../editor/editing/edge-id.js';
import type { EditorStore } from '../editor/store/editor-store.js';
import type { EditorState } from '../editor/store/editor-state.js';

/** A step's outputs, or those flowing along the connection source -> target. */
export type DataTarget = { kind: 'step'; stepId: string } | { kind: 'edge'; source: string; target: string };

/** A thumbnail: loading, its data: URL, or why it could not be read. */
export type ThumbnailState = { phase: 'loading' } | { phase: 'ready'; url: string } | { phase: 'error'; error: string };

export interface DataView {
  pipeline: string;
  target: DataTarget;
  phase: 'loading' | 'ready' | 'error';
  error?: string;
  /** The step whose outputs are shown (the connection's source). */
  outputs: StepOutputs | null;
}

export interface OutputsActions {
  showStep(stepId: string): void;
  showEdge(source: string, target: string): void;
  close(): void;
  refresh(): Promise<void>;
  /** Load a thumbnail the shown summary names (once; kept until the view reloads). */
  loadThumbnail(file: string): void;
  dispose(): void;
}

export interface OutputsState {
  view: DataView | null;
  /** By thumbnail file name, for the shown step's output. */
  thumbnails: Record<string, ThumbnailState>;
  actions: OutputsActions;
}

export type OutputsStore = StoreApi<OutputsState>;

export const sourceStep = (t: DataTarget): string => (t.kind === 'step' ? t.stepId : t.source);

export function createOutputsStore(client: CoreClient, editor: EditorStore): OutputsStore {
  const unsubscribers: Array<() => void> = [];
  /** Each load gets a number: an older answer arriving late is dropped. */
  let generation = 0;

  const actions: OutputsActions = {
    showStep: (stepId) => show({ kind: 'step', stepId }),
    showEdge: (source, target) => show({ kind: 'edge', source, target }),
    close() {
      generation++;
      const target = get().view?.target;
      store.setState({ view: null, thumbnails: {} });
      // Closing a connection's view deselects it, so that clicking it again shows it again.
      const edges = editor.getState().selection.edges;
      if (target?.kind === 'edge' && edges.length === 1 && edges[0] === edgeId(target.source, target.target)) editor.getState().actions.setSelection({ edges: [] });
    },
    refresh: () => load(),
    loadThumbnail,
    dispose() {
      for (const off of unsubscribers.splice(0)) off();
    },
  };
  const store = createStore<OutputsState>()(() => ({ view: null, thumbnails: {}, actions }));
  const get = store.getState;
  const set = store.setState;

  function show(target: DataTarget) {
    const pipeline = editor.getState().doc?.path;
    if (!pipeline) return;
    // The same step's outputs stay in view while they reload; another step's do not.
    const prev = get().view;
    const same = prev?.pipeline === pipeline && sourceStep(prev.target) === sourceStep(target);
    set({ view: { pipeline, target, phase: 'loading', outputs: same ? prev.outputs : null }, ...(same ? {} : { thumbnails: {} }) });
    void load();
  }

  async function load() {
    const view = get().view;
    if (!view) return;
    const mine = ++generation;
    const stepId = sourceStep(view.target);
    try {
      const [outputs] = await client.call('outputs.list', { pipeline: view.pipeline, stepId });
      if (mine !== generation) return;
      // A new summary may name other thumbnails: forget the old ones.
      const changed = JSON.stringify(get().view?.outputs?.outputs) !== JSON.stringify(outputs?.outputs);
      set({ view: { ...view, phase: 'ready', outputs: outputs ?? null }, ...(changed ? { thumbnails: {} } : {}) });
    } catch (err) {
      if (mine !== generation) return;
      set({ view: { ...view, phase: 'error', error: errorMessage(err), outputs: null } });
    }
  }

  function loadThumbnail(file: string) {
    const view = get().view;
    if (!view || get().thumbnails[file]) return;
    const mine = generation;
    set({ thumbnails: { ...get().thumbnails, [file]: { phase: 'loading' } } });
    client.call('outputs.thumbnail', { pipeline: view.pipeline, stepId: sourceStep(view.target), file }).then(
      ({ mime, base64 }) => {
        if (mine === generation) set({ thumbnails: { ...get().thumbnails, [file]: { phase: 'ready', url: `data:${mime};base64,${base64}` } } });
      },
      (err: unknown) => {
        if (mine === generation) set({ thumbnails: { ...get().thumbnails, [file]: { phase: 'error', error: errorMessage(err) } } });
      },
    );
  }

  /** A step's state in a run, to notice when one of the shown steps starts or finishes. */
  const statuses = new Map<string, string>();
  function onRun(run: RunState) {
    const view = get().view;
    if (!view || run.pipeline !== view.pipeline) return;
    const stepId = sourceStep(view.target);
    const status = `${run.id}/${run.steps.find((s) => s.uuid === stepId)?.status ?? '-'}/${run.status === 'STARTED' || run.status === 'PENDING' ? 'going' : 'done'}`;
    if (statuses.get(view.pipeline) === status) return;
    statuses.set(view.pipeline, status);
    void load();
  }

  function onEditorChange(state: EditorState, prev: EditorState) {
    const view = get().view;
    const path = state.doc?.path ?? null;
    if (view && view.pipeline !== path) actions.close();
    // Selecting one connection shows what flows along it.
    if (path && state.selection.edges !== prev.selection.edges && state.selection.edges.length === 1 && state.selection.steps.length === 0) {
      const ends = parseEdgeId(state.selection.edges[0]!);
      const current = get().view?.target;
      if (ends && !(current?.kind === 'edge' && current.source === ends[0] && current.target === ends[1])) actions.showEdge(ends[0], ends[1]);
    }
    const shown = get().view;
    // The shown step (or connection) was deleted from the pipeline.
    if (shown && state.doc?.pipeline && state.doc.pipeline !== prev.doc?.pipeline) {
      const steps = state.doc.pipeline.steps;
      const t = shown.target;
      const gone = t.kind === 'step' ? !steps[t.stepId] : !steps[t.source] || !steps[t.target]?.incoming_connections.includes(t.source);
      if (gone) actions.close();
    }
  }

  unsubscribers.push(
    client.on('run.updated', onRun),
    editor.subscribe(onEditorChange),
    client.connection.subscribe((c) => {
      if (c === 'open') void load();
    }),
  );
  return store;
}
