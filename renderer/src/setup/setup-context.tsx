import { createStoreContext } from '../common/store-context.js';
import type { SetupViewState } from './setup-store.js';

const setupContext = createStoreContext<SetupViewState>('setup');

export const SetupStoreProvider = setupContext.Provider;
export const useSetupActions = setupContext.useActions;
/** The banner and status bar also render without the store (component tests): `fallback` then. */
export const useSetupIfAny = setupContext.useSelectorIfAny;
export const useHasSetup = setupContext.useHasStore;
