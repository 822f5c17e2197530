import { useEffect, useRef, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createStoreContext } from '../common/store-context.js';
import { useEditor, useEditorStore } from '../editor/store/editor-context.js';
import type { EnvironmentStore, EnvironmentsState } from './environment-store.js';

const environmentContext = createStoreContext<EnvironmentsState>('environments');

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
  // The canvas is hidden on the other screens: Delete must not remove steps nobody sees.
  const editor = useEditorStore();
  const screen = useStore(store, (s) => s.screen);
  useEffect(() => {
    if (screen !== 'pipelines') editor.getState().actions.setSelection({ steps: [], edges: [] });
  }, [editor, screen]);
  return <environmentContext.Provider store={store}>{children}</environmentContext.Provider>;
}

export const useEnvironmentStore = environmentContext.useStoreApi;
export const useEnvironments = environmentContext.useSelector;
export const useEnvironmentActions = environmentContext.useActions;
/**
 * For parts of the editor that work without environments too (the step panel in tests, an app
 * built without the store): `fallback` when there is no provider.
 */
export const useEnvironmentsIfAny = environmentContext.useSelectorIfAny;
export const useHasEnvironments = environmentContext.useHasStore;
