import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useEditor, useEditorStore } from '../editor/store/editor-context.js';
import type { EnvironmentStore, EnvironmentsState } from './environment-store.js';

const EnvironmentStoreContext = createContext<EnvironmentStore | null>(null);

/**
 * Gives the environments store to the tree and keeps it on the editor's project. Inside
 * EditorStoreProvider. Opening a pipeline (the sidebar's list) goes back to the editor.
 */
export function EnvironmentsProvider({ store, children }: { store: EnvironmentStore; children: ReactNode }) {
  const root = useEditor((s) => s.project?.root ?? null);
  const docPath = useEditor((s) => s.doc?.path ?? null);
  const lastDoc = useRef(docPath);
  useEffect(() => {
    void store.getState().actions.setProject(root);
  }, [store, root]);
  useEffect(() => {
    if (docPath !== lastDoc.current && docPath !== null) store.getState().actions.show('pipelines');
    lastDoc.current = docPath;
  }, [store, docPath]);
  // The canvas is hidden on the environments screen: Delete must not remove steps nobody sees.
  const editor = useEditorStore();
  const screen = useStore(store, (s) => s.screen);
  useEffect(() => {
    if (screen === 'environments') editor.getState().actions.setSelection({ steps: [], edges: [] });
  }, [editor, screen]);
  return <EnvironmentStoreContext.Provider value={store}>{children}</EnvironmentStoreContext.Provider>;
}

export function useEnvironmentStore(): EnvironmentStore {
  const store = useContext(EnvironmentStoreContext);
  if (!store) throw new Error('useEnvironments must be used inside <EnvironmentsProvider>');
  return store;
}

export function useEnvironments<T>(selector: (state: EnvironmentsState) => T): T {
  return useStore(useEnvironmentStore(), selector);
}

export function useEnvironmentActions(): EnvironmentsState['actions'] {
  return useStore(useEnvironmentStore(), (s) => s.actions);
}

const noSubscribe = () => () => undefined;

/**
 * For parts of the editor that work without environments too (the step panel in tests, an app
 * built without the store): `fallback` when there is no provider.
 */
export function useEnvironmentsIfAny<T>(selector: (state: EnvironmentsState) => T, fallback: T): T {
  const store = useContext(EnvironmentStoreContext);
  return useSyncExternalStore(store ? store.subscribe : noSubscribe, () => (store ? selector(store.getState()) : fallback));
}

export function useHasEnvironments(): boolean {
  return useContext(EnvironmentStoreContext) !== null;
}
