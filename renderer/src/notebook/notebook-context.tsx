import { createStoreContext } from '../common/store-context.js';
import type { NotebookState } from './notebook-store.js';

const notebookContext = createStoreContext<NotebookState>('notebook');

export const NotebookStoreProvider = notebookContext.Provider;
export const useNotebook = notebookContext.useSelector;
export const useNotebookActions = notebookContext.useActions;
/** The preview shows only where the app provides the store. */
export const useHasNotebook = notebookContext.useHasStore;
