import { createStoreContext } from '../common/store-context.js';
import type { JupyterState } from './jupyter-store.js';

const jupyterContext = createStoreContext<JupyterState>('jupyter');

export const JupyterStoreProvider = jupyterContext.Provider;
export const useJupyter = jupyterContext.useSelector;
export const useJupyterActions = jupyterContext.useActions;
/** Jupyter buttons show only where the app provides the store (not in a component test of the editor alone). */
export const useHasJupyter = jupyterContext.useHasStore;
