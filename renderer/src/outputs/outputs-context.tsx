import { createStoreContext } from '../common/store-context.js';
import type { OutputsState } from './outputs-store.js';

const outputsContext = createStoreContext<OutputsState>('outputs');

export const OutputsStoreProvider = outputsContext.Provider;
export const useOutputs = outputsContext.useSelector;
export const useOutputsActions = outputsContext.useActions;
/** The data view shows only where the app provides its store (not in a component test of the editor alone). */
export const useHasOutputs = outputsContext.useHasStore;
export const useOutputsIfAny = outputsContext.useSelectorIfAny;
