import { createStore } from 'zustand/vanilla';
import { createStoreContext } from '../common/store-context.js';
import type { RunStore, RunViewState } from './run-store.js';

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

const runContext = createStoreContext<RunViewState>('runs', idleStore);

export const RunStoreProvider = runContext.Provider;
export const useRunStore = runContext.useStoreApi;
/** Read the run state through a selector; re-renders only when the selected value changes. */
export const useRuns = runContext.useSelector;
export const useRunActions = runContext.useActions;
