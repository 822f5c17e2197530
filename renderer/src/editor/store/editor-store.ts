import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Pipeline, PipelineDocument } from '../../../../main/src/api/pipeline.js';
import { errorMessage, isClientError } from '../../client/client-error.js';
import type { ConnectionState } from '../../client/connection-state.js';
import type { CoreClient } from '../../client/core-client.js';
import { parseEdgeId } from '../editing/edge-id.js';
import { stepPathFor } from '../editing/file-paths.js';
import * as edits from '../editing/pipeline-edits.js';
import type { EditorActions, EditorState, Message, Selection } from './editor-state.js';
import { emptyHistory, record, redo, undo } from './history.js';
import { shareEqual } from './structural-sharing.js';

export interface EditorStoreOptions {
  /** Autosave debounce. */
  saveDelayMs?: number;
  /** How long a message stays (errors stay twice as long). */
  messageMs?: number;
  newId?: () => string;
  /** The project's default environment (env store), given to new steps. */
  defaultEnvironment?: () => string | undefined;
}

export type EditorStore = StoreApi<EditorState>;

const noSelection: Selection = { steps: [], edges: [] };

const READ_ONLY_MESSAGE = 'This pipeline file is invalid: fix the problems listed below in the file; the editor is read-only until then.';

/** Keep only the selected steps/edges that still exist. */
function pruneSelection(selection: Selection, pipeline: Pipeline | null): Selection {
  if (!pipeline) return noSelection;
  const steps = selection.steps.filter((id) => id in pipeline.steps);
  const edges = selection.edges.filter((id) => {
    const pair = parseEdgeId(id);
    return pair !== null && pipeline.steps[pair[1]]?.incoming_connections.includes(pair[0]) === true;
  });
  return steps.length === selection.steps.length && edges.length === selection.edges.length ? selection : { steps, edges };
}

/** One store per app instance: the open project, the open pipeline, its history and autosave. */
export function createEditorStore(client: CoreClient, options: EditorStoreOptions = {}): EditorStore {
  const saveDelayMs = options.saveDelayMs ?? 400;
  const messageMs = options.messageMs ?? 6000;
  const newId = options.newId ?? (() => crypto.randomUUID());

  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let inFlightSave: Promise<void> | null = null;
  // A 'pipeline.changed' that arrived during a save: judged once the save's hash is known.
  let deferredExternal: { hash: string; document?: PipelineDocument } | null = null;
  let readSeq = 0;
  let messageSeq = 0;
  const messageTimers = new Map<number, ReturnType<typeof setTimeout>>();
  const unsubscribers: Array<() => void> = [];

  const store = createStore<EditorState>()((set, get) => {
    const notify = (text: string, tone: Message['tone'] = 'info') => {
      const id = ++messageSeq;
      set((s) => ({ messages: [...s.messages, { id, text, tone }].slice(-5) }));
      messageTimers.set(
        id,
        setTimeout(() => dismissMessage(id), tone === 'error' ? messageMs * 2 : messageMs),
      );
    };
    const dismissMessage = (id: number) => {
      clearTimeout(messageTimers.get(id));
      messageTimers.delete(id);
      set((s) => ({ messages: s.messages.filter((m) => m.id !== id) }));
    };
    const fail = (what: string, err: unknown) => notify(`${what}: ${errorMessage(err)}`, 'error');

    const clearSaveTimer = () => {
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = null;
    };
    const scheduleSave = () => {
      clearSaveTimer();
      saveTimer = setTimeout(() => void flushSave(), saveDelayMs);
    };

    /** Apply a pure edit to the open pipeline: one undo entry (or merged into the last, by key). */
    const apply = (edit: (p: Pipeline) => Pipeline, key?: string): boolean => {
      const { doc, history, selection } = get();
      if (!doc) return false;
      if (!doc.pipeline) {
        notify(READ_ONLY_MESSAGE, 'error');
        return false;
      }
      const next = edit(doc.pipeline);
      if (next === doc.pipeline) return false;
      set({
        doc: { ...doc, pipeline: next },
        history: record(history, doc.pipeline, key),
        selection: pruneSelection(selection, next),
        dirty: true,
      });
      scheduleSave();
      return true;
    };

    const applyDocument = (next: PipelineDocument, mode: 'open' | 'reload') => {
      const { doc, history, selection } = get();
      const old = doc?.pipeline ?? null;
      if (mode === 'open' || !doc) {
        set({ doc: next, dirty: false, conflict: null, history: emptyHistory, selection: noSelection });
        return;
      }
      // Unchanged steps keep their objects: the canvas then redraws only what the edit touched.
      const pipeline = old !== null && next.pipeline !== null ? shareEqual(old, next.pipeline) : next.pipeline;
      const problems = shareEqual(doc.problems, next.problems);
      // A reload is undoable (back to what the editor showed), as long as both versions are valid.
      const bothValid = old !== null && pipeline !== null;
      set({
        doc: { ...next, pipeline, problems },
        dirty: false,
        conflict: null,
        history: !bothValid ? emptyHistory : pipeline === old ? history : record(history, old),
        selection: pruneSelection(selection, pipeline),
      });
    };

    const reload = async (path: string) => {
      const seq = ++readSeq;
      let next: PipelineDocument;
      try {
        next = await client.call('pipeline.read', { path });
      } catch (err) {
        fail(`Could not read ${path}`, err);
        return;
      }
      const { doc, dirty } = get();
      if (seq !== readSeq || doc?.path !== path) return;
      if (dirty) {
        // Edited while we were reading: the user decides.
        if (next.hash !== doc.hash) set({ conflict: { path, hash: next.hash } });
        return;
      }
      applyDocument(next, 'reload');
    };

    /** The file changed on disk; `document` (sent along by the core) spares a read. */
    const onPipelineChanged = async (path: string, hash: string, document?: PipelineDocument) => {
      const { doc, dirty } = get();
      if (!doc || doc.path !== path) return;
      if (inFlightSave) {
        deferredExternal = { hash, ...(document ? { document } : {}) };
        return;
      }
      if (hash === doc.hash) return;
      if (dirty) {
        clearSaveTimer();
        set({ conflict: { path, hash } });
      } else if (document && document.path === path && document.hash === hash) {
        ++readSeq; // a read still on its way is older than this
        applyDocument(document, 'reload');
      } else {
        await reload(path);
      }
    };

    const enterConflict = async (path: string) => {
      clearSaveTimer();
      let hash: string | undefined;
      try {
        hash = (await client.call('pipeline.read', { path })).hash;
      } catch {
        hash = undefined; // "Keep my changes" then saves without a base: an explicit overwrite.
      }
      if (get().doc?.path === path) set({ conflict: { path, hash } });
    };

    const flushSave = async (): Promise<void> => {
      clearSaveTimer();
      while (inFlightSave) await inFlightSave;
      const { doc, dirty, conflict } = get();
      if (!doc?.pipeline || !dirty || conflict) return;
      const { path, hash } = doc;
      const snapshot = doc.pipeline;
      set({ saving: true });
      inFlightSave = (async () => {
        try {
          const saved = await client.call('pipeline.save', { path, pipeline: snapshot, ...(hash ? { baseHash: hash } : {}) });
          const current = get().doc;
          if (current?.path === path) {
            // Keep our pipeline object (the canvas keys on identity); take the file's new hash.
            set({
              doc: {
                ...current,
                hash: saved.hash,
                // Mostly the same problems as before: keep them, so the panel does not redraw.
                problems: shareEqual(current.problems, saved.problems),
                name: saved.name,
                stepCount: saved.stepCount,
                errorCount: saved.errorCount,
              },
              dirty: current.pipeline !== snapshot,
            });
          }
        } catch (err) {
          if (isClientError(err, 'CONFLICT')) await enterConflict(path);
          else fail(`Could not save ${path}`, err);
        } finally {
          inFlightSave = null;
          set({ saving: false });
        }
      })();
      await inFlightSave;
      if (deferredExternal !== null) {
        const external = deferredExternal;
        deferredExternal = null;
        await onPipelineChanged(path, external.hash, external.document);
      }
      const after = get();
      if (after.dirty && !after.conflict && after.doc?.pipeline !== snapshot && !saveTimer) scheduleSave();
    };

    const refreshProject = async () => {
      try {
        const [project, config] = await Promise.all([client.call('project.get', {}), client.call('config.get', {})]);
        set({ project, config });
      } catch (err) {
        fail('Could not load the project', err);
      }
    };

    const afterProjectOpened = async (project: EditorState['project']) => {
      clearSaveTimer();
      set({ project, doc: null, dirty: false, conflict: null, history: emptyHistory, selection: noSelection });
      client.call('config.get', {}).then(
        (config) => set({ config }),
        () => undefined,
      );
      const first = project?.pipelines[0];
      if (first) await openPipeline(first.path);
    };

    const openPipeline = async (path: string) => {
      if (get().doc) await flushSave();
      const seq = ++readSeq;
      try {
        const doc = await client.call('pipeline.read', { path });
        if (seq !== readSeq) return;
        applyDocument(doc, 'open');
      } catch (err) {
        fail(`Could not open ${path}`, err);
      }
    };

    /** After the WebSocket comes back: we may have missed events. */
    const resync = async () => {
      await refreshProject();
      const { doc } = get();
      if (!doc) return;
      try {
        const disk = await client.call('pipeline.read', { path: doc.path });
        await onPipelineChanged(doc.path, disk.hash);
      } catch (err) {
        fail(`Could not read ${doc.path}`, err);
      }
    };

    const actions: EditorActions = {
      async init() {
        try {
          const [appInfo, config, project] = await Promise.all([
            client.call('app.info', {}),
            client.call('config.get', {}),
            client.call('project.get', {}),
          ]);
          set({ appInfo, config });
          for (const notice of appInfo.notices) notify(notice.message, 'error');
          if (project) await afterProjectOpened(project);
        } catch (err) {
          fail('Could not reach Orchest', err);
        }
      },

      dispose() {
        clearSaveTimer();
        for (const timer of messageTimers.values()) clearTimeout(timer);
        messageTimers.clear();
        for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      },

      async openProject(path) {
        if (get().doc) await flushSave();
        try {
          const project = await client.call('project.open', { path });
          await afterProjectOpened(project);
          return true;
        } catch (err) {
          fail(`Could not open ${path}`, err);
          return false;
        }
      },

      async pickProject() {
        if (get().doc) await flushSave();
        try {
          const project = await client.call('project.pickAndOpen', {});
          if (project) await afterProjectOpened(project);
        } catch (err) {
          fail('Could not open the folder', err);
        }
      },

      openPipeline,

      async createPipeline(folder, name) {
        try {
          const summary = await client.call('pipeline.create', { folder, name });
          await refreshProject();
          await openPipeline(summary.path);
          return true;
        } catch (err) {
          fail('Could not create the pipeline', err);
          return false;
        }
      },

      async createFile(projectPath, template) {
        try {
          const { path } = await client.call('file.create', { path: projectPath, template });
          await refreshProject();
          notify(`Created ${path}`);
          return path;
        } catch (err) {
          fail(`Could not create ${projectPath}`, err);
          return null;
        }
      },

      async openInEditor(path, line) {
        try {
          const { command } = await client.call('files.openInEditor', { path, ...(line ? { line } : {}) });
          notify(`Opened ${path} (${command})`);
        } catch (err) {
          fail(`Could not open ${path} in an editor`, err);
        }
      },

      addStep({ position, projectFile }) {
        const doc = get().doc;
        if (!doc) return null;
        const uuid = newId();
        const file_path = projectFile ? stepPathFor(doc.dir, projectFile) : undefined;
        const environment = options.defaultEnvironment?.();
        if (!apply((p) => edits.addStep(p, { uuid, position, file_path, environment }))) return null;
        set({ selection: { steps: [uuid], edges: [] } });
        return uuid;
      },

      connect(source, target) {
        const pipeline = get().doc?.pipeline;
        if (!pipeline) {
          if (get().doc) notify(READ_ONLY_MESSAGE, 'error');
          return false;
        }
        const outcome = edits.connect(pipeline, source, target);
        if (!outcome.ok) {
          notify(outcome.message, 'error');
          return false;
        }
        return apply(() => outcome.pipeline);
      },

      disconnect(source, target) {
        apply((p) => edits.disconnect(p, source, target));
      },

      deleteSelection() {
        const { steps, edges } = get().selection;
        if (!steps.length && !edges.length) return;
        const pairs = edges.map(parseEdgeId).filter((pair): pair is [string, string] => pair !== null);
        if (apply((p) => edits.deleteSteps(edits.disconnectAll(p, pairs), steps))) set({ selection: noSelection });
      },

      moveSteps(positions) {
        apply((p) => edits.moveSteps(p, positions));
      },

      updateStep(id, patch, typing = false) {
        apply((p) => edits.updateStep(p, id, patch), typing ? `step:${id}:${Object.keys(patch).join(',')}` : undefined);
      },

      moveIncoming(id, parent, delta) {
        apply((p) => edits.moveIncoming(p, id, parent, delta));
      },

      setPipelineName(name) {
        apply((p) => edits.setPipelineName(p, name), 'pipeline:name');
      },

      setPipelineParameters(parameters) {
        apply((p) => edits.setPipelineParameters(p, parameters), 'pipeline:parameters');
      },

      setPipelineSettings(patch) {
        apply((p) => edits.setPipelineSettings(p, patch), `pipeline:settings:${Object.keys(patch).join(',')}`);
      },

      undo() {
        const { doc, history, selection } = get();
        if (!doc?.pipeline) return;
        const step = undo(history, doc.pipeline);
        if (!step) return;
        set({ doc: { ...doc, pipeline: step.pipeline }, history: step.history, dirty: true, selection: pruneSelection(selection, step.pipeline) });
        scheduleSave();
      },

      redo() {
        const { doc, history, selection } = get();
        if (!doc?.pipeline) return;
        const step = redo(history, doc.pipeline);
        if (!step) return;
        set({ doc: { ...doc, pipeline: step.pipeline }, history: step.history, dirty: true, selection: pruneSelection(selection, step.pipeline) });
        scheduleSave();
      },

      setSelection(patch) {
        const current = get().selection;
        const next = { steps: patch.steps ?? current.steps, edges: patch.edges ?? current.edges };
        const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
        if (same(next.steps, current.steps) && same(next.edges, current.edges)) return;
        set({ selection: next });
      },

      selectAll() {
        const pipeline = get().doc?.pipeline;
        if (!pipeline) return;
        set({ selection: { steps: Object.keys(pipeline.steps), edges: [] } });
      },

      async resolveConflict(choice) {
        const { conflict, doc } = get();
        if (!conflict || !doc || doc.path !== conflict.path) {
          set({ conflict: null });
          return;
        }
        if (choice === 'keep') {
          // Overwrite: the disk version becomes the base of our save.
          set({ conflict: null, dirty: true, doc: { ...doc, hash: conflict.hash ?? '' } });
          await flushSave();
        } else {
          clearSaveTimer();
          set({ conflict: null, dirty: false });
          await reload(conflict.path);
        }
      },

      flushSave,
      notify,
      dismissMessage,
    };

    let lastConnection: ConnectionState = client.connection.get();
    unsubscribers.push(
      client.on('pipeline.changed', ({ path, hash, document }) => void onPipelineChanged(path, hash, document)),
      client.on('project.changed', (project) => set({ project })),
      client.connection.subscribe((state) => {
        const wasDown = lastConnection === 'reconnecting';
        lastConnection = state;
        set({ connection: state });
        if (state === 'open' && wasDown) void resync();
      }),
    );

    return {
      connection: client.connection.get(),
      appInfo: null,
      config: null,
      project: null,
      doc: null,
      selection: noSelection,
      dirty: false,
      saving: false,
      history: emptyHistory,
      conflict: null,
      messages: [],
      actions,
    };
  });

  return store;
}
