import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { RunActions, RunStore, RunViewState } from './run-store.js';

const RunStoreContext = createContext<RunStore | null>(null);

export function RunStoreProvider({ store, children }: { store: RunStore; children: ReactNode }) {
  return <RunStoreContext.Provider value={store}>{children}</RunStoreContext.Provider>;
}

const noop = async () => undefined;
// Outside a provider (a component test of the canvas alone) nodes show no run state.
const idleStore: RunStore = createStore<RunViewState>()(() => ({
  pipeline: null,
  run: null,
  steps: {},
  starting: false,
  cancelling: false,
  startError: null,
  log: null,
  actions: { start: noop, cancel: noop, openLog: () => undefined, closeLog: () => undefined, dispose: () => undefined },
}));

export function useRunStore(): RunStore {
  return useContext(RunStoreContext) ?? idleStore;
}

/** Read the run state through a selector; re-renders only when the selected value changes. */
export function useRuns<T>(selector: (state: RunViewState) => T): T {
  return useStore(useRunStore(), selector);
}

export function useRunActions(): RunActions {
  return useStore(useRunStore(), (s) => s.actions);
}
