/**
 * Environment variables of the open project and of its pipelines, as the core keeps them
 * (outside the project): one store per app instance. Secrets arrive without value; `reveal`
 * asks for one when the user wants to see it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { VariableInput, VariableSet } from '../../../main/src/api/variables.js';
import { errorMessage } from '../client/client-error.js';
import type { CoreClient } from '../client/core-client.js';

/** '' = the project's variables, else a pipeline's definition path. */
export type ScopeKey = string;
export const PROJECT_SCOPE: ScopeKey = '';

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

export interface ScopeState {
  set: VariableSet | null;
  loading: boolean;
  error: string | null;
}

export interface VariablesActions {
  /** The editor opened another project (or none): forget what was read for the last one. */
  setProject(root: string | null): void;
  load(scope: ScopeKey): Promise<void>;
  save(scope: ScopeKey, variables: VariableInput[]): Promise<Outcome<VariableSet>>;
  /** The value of one secret of the scope. */
  reveal(scope: ScopeKey, name: string): Promise<Outcome<string>>;
}

export interface VariablesState {
  root: string | null;
  scopes: Readonly<Record<ScopeKey, ScopeState>>;
  actions: VariablesActions;
}

export type VariablesStore = StoreApi<VariablesState>;

const args = (scope: ScopeKey) => (scope === PROJECT_SCOPE ? {} : { pipeline: scope });

export function createVariablesStore(client: CoreClient): VariablesStore {
  return createStore<VariablesState>()((set, get) => {
    const patch = (scope: ScopeKey, next: Partial<ScopeState>) =>
      set((s) => ({ scopes: { ...s.scopes, [scope]: { ...(s.scopes[scope] ?? { set: null, loading: false, error: null }), ...next } } }));

    return {
      root: null,
      scopes: {},
      actions: {
        setProject(root) {
          if (root !== get().root) set({ root, scopes: {} });
        },

        async load(scope) {
          const root = get().root;
          patch(scope, { loading: true });
          try {
            const answer = await client.call('vars.get', args(scope));
            if (get().root === root) patch(scope, { set: answer, loading: false, error: null });
          } catch (err) {
            if (get().root === root) patch(scope, { loading: false, error: errorMessage(err) });
          }
        },

        async save(scope, variables) {
          try {
            const answer = await client.call('vars.set', { ...args(scope), variables });
            patch(scope, { set: answer, error: null });
            // Pipelines show what they inherit from the project: read them again.
            if (scope === PROJECT_SCOPE) for (const other of Object.keys(get().scopes).filter((k) => k !== PROJECT_SCOPE)) void get().actions.load(other);
            return { ok: true, value: answer };
          } catch (err) {
            return { ok: false, message: errorMessage(err) };
          }
        },

        async reveal(scope, name) {
          try {
            const answer = await client.call('vars.get', { ...args(scope), reveal: true });
            const value = answer.variables.find((v) => v.name === name)?.value;
            return value === undefined ? { ok: false, message: `"${name}" is no longer stored; save to set it.` } : { ok: true, value };
          } catch (err) {
            return { ok: false, message: errorMessage(err) };
          }
        },
      },
    };
  });
}
