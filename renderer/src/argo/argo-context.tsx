import { createStoreContext } from '../common/store-context.js';
import type { ArgoState } from './argo-store.js';

const argoContext = createStoreContext<ArgoState>('argo');

export const ArgoStoreProvider = argoContext.Provider;
export const useArgo = argoContext.useSelector;
export const useArgoActions = argoContext.useActions;
/** The export button shows only where the app provides the store. */
export const useHasArgo = argoContext.useHasStore;
