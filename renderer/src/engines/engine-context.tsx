import { useEffect, type ReactNode } from 'react';
import { createStoreContext } from '../common/store-context.js';
import { useEditor } from '../editor/store/editor-context.js';
import type { EngineStore, EngineViewState } from './engine-store.js';

const engineContext = createStoreContext<EngineViewState>('engines');

/** Gives the engine store to the tree and reads the list again when the project changes (inside EditorStoreProvider). */
export function EngineStoreProvider({ store, children }: { store: EngineStore; children: ReactNode }) {
  const root = useEditor((s) => s.project?.root ?? null);
  useEffect(() => void store.getState().actions.refresh(), [store, root]);
  return <engineContext.Provider store={store}>{children}</engineContext.Provider>;
}

export const useEngines = engineContext.useSelector;
export const useEngineActions = engineContext.useActions;
export const useHasEngines = engineContext.useHasStore;
export const useEnginesIfAny = engineContext.useSelectorIfAny;
