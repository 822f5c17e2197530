import { useEffect, type ReactNode } from 'react';
import { createStoreContext } from '../common/store-context.js';
import { useEditor } from '../editor/store/editor-context.js';
import type { VariablesState, VariablesStore } from './variables-store.js';

const variablesContext = createStoreContext<VariablesState>('variables');

/** Gives the variables store to the tree and keeps it on the editor's project (inside EditorStoreProvider). */
export function VariablesProvider({ store, children }: { store: VariablesStore; children: ReactNode }) {
  const root = useEditor((s) => s.project?.root ?? null);
  useEffect(() => store.getState().actions.setProject(root), [store, root]);
  return <variablesContext.Provider store={store}>{children}</variablesContext.Provider>;
}

export const useVariables = variablesContext.useSelector;
export const useVariablesActions = variablesContext.useActions;
/** Parts of the editor that work without the store (tests, an app built without it) hide the section. */
export const useHasVariables = variablesContext.useHasStore;
