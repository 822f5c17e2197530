/**
 * File operations of the file tree (files.move/delete/createFolder, file.create): which dialog is
 * open, and what each operation did to the pipelines. One store per app instance.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StepFileRef } from '../../../main/src/api/files.js';
import { isAtOrUnder, movedPath } from '../../../main/src/common/project-paths.js';
import { errorMessage } from '../client/client-error.js';
import type { CoreClient } from '../client/core-client.js';
import { templateForName } from '../editor/editing/file-paths.js';
import type { EditorStore } from '../editor/store/editor-store.js';

export type FileDialog =
  | { kind: 'move'; path: string }
  | { kind: 'delete'; path: string; steps: StepFileRef[] }
  | { kind: 'new-folder'; parent: string }
  | { kind: 'new-file'; parent: string };

export interface FileActions {
  askMove(path: string): void;
  /** Looks up the steps using it first: the dialog names them. */
  askDelete(path: string): Promise<void>;
  askNewFolder(parent: string): void;
  askNewFile(parent: string): void;
  cancel(): void;
  move(from: string, to: string): Promise<boolean>;
  remove(path: string): Promise<boolean>;
  createFolder(path: string): Promise<boolean>;
  createFile(path: string): Promise<boolean>;
}

export interface FileState {
  dialog: FileDialog | null;
  busy: boolean;
  /** The last failure, shown in the open dialog. */
  error: string | null;
  /** Folders made here that hold no file yet (the project lists files only). */
  emptyFolders: readonly string[];
  actions: FileActions;
}

export type FileStore = StoreApi<FileState>;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export function createFileStore(client: CoreClient, editor: EditorStore): FileStore {
  const notify = (text: string, tone: 'info' | 'error' = 'info') => editor.getState().actions.notify(text, tone);

  return createStore<FileState>()((set, get) => {
    /** Run an operation from a dialog: unsaved pipeline edits go first, errors stay in the dialog. */
    const run = async (work: () => Promise<void>): Promise<boolean> => {
      set({ busy: true, error: null });
      try {
        await editor.getState().actions.flushSave();
        await work();
        set({ dialog: null });
        return true;
      } catch (err) {
        set({ error: errorMessage(err) });
        return false;
      } finally {
        set({ busy: false });
      }
    };

    return {
      dialog: null,
      busy: false,
      error: null,
      emptyFolders: [],
      actions: {
        askMove: (path) => set({ dialog: { kind: 'move', path }, error: null }),
        async askDelete(path) {
          try {
            const steps = await client.call('files.usage', { path });
            set({ dialog: { kind: 'delete', path, steps }, error: null });
          } catch (err) {
            notify(`Cannot delete ${path}: ${errorMessage(err)}`, 'error');
          }
        },
        askNewFolder: (parent) => set({ dialog: { kind: 'new-folder', parent }, error: null }),
        askNewFile: (parent) => set({ dialog: { kind: 'new-file', parent }, error: null }),
        cancel: () => set({ dialog: null, error: null, busy: false }),

        move: (from, to) =>
          run(async () => {
            const result = await client.call('files.move', { from, to });
            set({ emptyFolders: get().emptyFolders.map((f) => movedPath(f, from, result.path)) });
            const open = editor.getState().doc?.path;
            if (open && isAtOrUnder(open, from)) await editor.getState().actions.openPipeline(movedPath(open, from, result.path));
            const steps = result.updated.length ? `; ${plural(result.updated.length, 'step')} now point${result.updated.length === 1 ? 's' : ''} there` : '';
            notify(`Moved ${from} to ${result.path}${steps}.`);
            for (const skipped of result.notUpdated) notify(`${skipped.pipeline} was not updated: ${skipped.reason}.`, 'error');
          }),

        remove: (path) =>
          run(async () => {
            const { missing } = await client.call('files.delete', { path });
            set({ emptyFolders: get().emptyFolders.filter((f) => !isAtOrUnder(f, path)) });
            notify(missing.length ? `Deleted ${path}; ${plural(missing.length, 'step')} now miss${missing.length === 1 ? 'es' : ''} its file.` : `Deleted ${path}.`);
          }),

        createFolder: (path) =>
          run(async () => {
            const created = await client.call('files.createFolder', { path });
            set({ emptyFolders: [...get().emptyFolders, created.path] });
          }),

        createFile: (path) =>
          run(async () => {
            const template = templateForName(path);
            if (!template) throw new Error('Name it with a step file extension (.py, .ipynb, .R or .sh): it starts from that template.');
            const created = await editor.getState().actions.createFile(path, template);
            if (!created) throw new Error(`${path} was not created (see the message).`);
          }),
      },
    };
  });
}
