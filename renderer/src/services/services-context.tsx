import { createStoreContext } from '../common/store-context.js';
import type { ServicesState } from './services-store.js';

const servicesContext = createStoreContext<ServicesState>('services');

export const ServicesStoreProvider = servicesContext.Provider;
export const useServices = servicesContext.useSelector;
export const useServicesActions = servicesContext.useActions;
/** The services panel shows only where the app provides the store. */
export const useHasServices = servicesContext.useHasStore;
