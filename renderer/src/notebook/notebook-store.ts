/**
 * The notebook preview: which notebook, its source as on disk (followed through
 * 'notebook.changed'), the last run's executed copy of a notebook step (followed through
 * 'run.updated'), and skip-tag toggles. One store per app instance.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { NotebookDocument } from '../../../main/src/api/notebooks.js';
import { isRunFinished } from '../../../main/src/common/statuses.js';
import { errorMessage, isClientError } from '../client/client-error.js';
import type { CoreClient } from '../client/core-client.js';

export interface PreviewTarget {
  /** Project-relative path of the notebook. */
  path: string;
  /** The notebook step it belongs to, for its last run's executed notebook. */
  step?: { pipeline: string; stepId: string };
}

export type PreviewView = 'source' | 'executed';

export interface NotebookActions {
  open(target: PreviewTarget): Promise<void>;
  close(): void;
  setView(view: PreviewView): void;
  toggleSkip(cell: number): Promise<void>;
  dispose(): void;
}

export interface NotebookState {
  target: PreviewTarget | null;
  source: NotebookDocument | null;
  /** null: no run kept one (yet). */
  executed: NotebookDocument | null;
  view: PreviewView;
  loading: boolean;
  error: string | null;
  /** The cell whose skip tag is being written. */
  saving: number | null;
  actions: NotebookActions;
}

export type NotebookStore = StoreApi<NotebookState>;

export function createNotebookStore(client: CoreClient): NotebookStore {
  let seq = 0;
  /** The run and step state last read for: 'run.updated' comes often, the file is read once per step end. */
  let executedFor = '';
  const store = createStore<NotebookState>()((set, get) => {
    const readSource = async (path: string) => {
      const mine = seq;
      try {
        const source = await client.call('notebook.read', { path });
        if (mine === seq) set({ source, error: null });
      } catch (err) {
        if (mine === seq) set({ source: null, error: errorMessage(err) });
      }
    };
    const readExecuted = async (step: NonNullable<PreviewTarget['step']>) => {
      const mine = seq;
      try {
        const executed = await client.call('notebook.readExecuted', step);
        if (mine === seq) set({ executed });
      } catch {
        if (mine === seq) set({ executed: null });
      }
    };

    return {
      target: null,
      source: null,
      executed: null,
      view: 'source',
      loading: false,
      error: null,
      saving: null,
      actions: {
        async open(target) {
          ++seq;
          set({ target, source: null, executed: null, view: 'source', loading: true, error: null, saving: null });
          await Promise.all([readSource(target.path), target.step ? readExecuted(target.step) : null]);
          set({ loading: false });
        },
        close() {
          ++seq;
          set({ target: null, source: null, executed: null, loading: false, error: null, saving: null });
        },
        setView: (view) => set({ view }),
        async toggleSkip(cell) {
          const { source, target } = get();
          if (!source || !target) return;
          const current = source.notebook.cells[cell];
          if (!current) return;
          const tags = Array.isArray(current.metadata.tags) ? (current.metadata.tags as unknown[]) : [];
          set({ saving: cell, error: null });
          try {
            const next = await client.call('notebook.setSkip', {
              path: target.path,
              cell,
              skip: !tags.includes('skip'),
              baseHash: source.hash,
              ...(current.id ? { cellId: current.id } : {}),
            });
            if (get().target?.path === target.path) set({ source: next });
          } catch (err) {
            set({ error: errorMessage(err) });
            if (isClientError(err, 'CONFLICT')) await readSource(target.path);
          } finally {
            set({ saving: null });
          }
        },
        dispose() {
          for (const off of offs) off();
        },
      },
    };
  });
  const offs = [
    client.on('notebook.changed', ({ path }) => {
      const { target, source } = store.getState();
      if (target?.path !== path) return;
      void (async () => {
        const mine = seq;
        try {
          const next = await client.call('notebook.read', { path });
          // Our own toggle arrives here too: same hash, nothing to redraw.
          if (mine === seq && next.hash !== source?.hash) store.setState({ source: next, error: null });
        } catch (err) {
          if (mine === seq) store.setState({ error: errorMessage(err) });
        }
      })();
    }),
    client.on('run.updated', (run) => {
      const step = store.getState().target?.step;
      if (!step || run.pipeline !== step.pipeline) return;
      const mine = run.steps.find((s) => s.uuid === step.stepId);
      if (!mine || !isRunFinished(mine.status) || executedFor === `${run.id}:${mine.status}`) return;
      executedFor = `${run.id}:${mine.status}`;
      const current = seq;
      void client.call('notebook.readExecuted', step).then(
        (executed) => current === seq && store.setState({ executed }),
        () => undefined,
      );
    }),
  ];
  return store;
}
