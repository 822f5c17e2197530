import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';

/** A feature's state: data plus its `actions` (stable, made once by the store's factory). */
export interface StoreState {
  actions: object;
}

export interface StoreContext<S extends StoreState> {
  Provider(props: { store: StoreApi<S>; children: ReactNode }): ReactNode;
  /** The store itself (for imperative reads in event handlers). */
  useStoreApi(): StoreApi<S>;
  /** Read through a selector: re-renders only when the selected value changes. */
  useSelector<T>(selector: (state: S) => T): T;
  useActions(): S['actions'];
  /** For parts that also work without this feature: `fallback` outside a Provider. */
  useSelectorIfAny<T>(selector: (state: S) => T, fallback: T): T;
  useHasStore(): boolean;
}

const noSubscribe = () => () => undefined;

/**
 * React access to a zustand store made per app instance by its feature's factory (never a module
 * singleton, so tests and several windows each get their own). `fallback` is used outside a
 * Provider; without one, using the store outside its Provider is a programming error.
 */
export function createStoreContext<S extends StoreState>(name: string, fallback?: StoreApi<S>): StoreContext<S> {
  const Context = createContext<StoreApi<S> | null>(null);
  Context.displayName = name;

  function useStoreApi(): StoreApi<S> {
    const store = useContext(Context) ?? fallback;
    if (!store) throw new Error(`The ${name} store is used outside its Provider`);
    return store;
  }

  return {
    Provider: ({ store, children }) => <Context.Provider value={store}>{children}</Context.Provider>,
    useStoreApi,
    useSelector: (selector) => useStore(useStoreApi(), selector),
    useActions: () => useStore(useStoreApi(), (s) => s.actions),
    useSelectorIfAny: (selector, otherwise) => {
      const store = useContext(Context) ?? fallback ?? null;
      return useSyncExternalStore(store ? store.subscribe : noSubscribe, () => (store ? selector(store.getState()) : otherwise));
    },
    useHasStore: () => useContext(Context) !== null,
  };
}
