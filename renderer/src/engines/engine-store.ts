/** The Docker engines to run on and the open project's choice (engines.* in the contract). */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EngineInfo, EngineList, EngineSpec } from '../../../main/src/api/engines.js';
import { errorMessage } from '../client/client-error.js';
import type { CoreClient } from '../client/core-client.js';

export interface EngineViewState {
  list: EngineList | null;
  error: string | null;
  actions: {
    refresh(): Promise<void>;
    /** The project's engine; null: the default. */
    select(ref: string | null): Promise<boolean>;
    /** Add (or replace) a remote engine and use it for the project. */
    add(name: string, spec: EngineSpec): Promise<{ ok: true } | { ok: false; message: string }>;
  };
}
export type EngineStore = StoreApi<EngineViewState>;

export function createEngineStore(client: CoreClient): EngineStore {
  return createStore<EngineViewState>()((set) => ({
    list: null,
    error: null,
    actions: {
      async refresh() {
        try {
          set({ list: await client.call('engines.list', {}), error: null });
        } catch (err) {
          set({ error: errorMessage(err) });
        }
      },
      async select(ref) {
        try {
          set({ list: await client.call('engines.select', { engine: ref }), error: null });
          return true;
        } catch (err) {
          set({ error: errorMessage(err) });
          return false;
        }
      },
      async add(name, spec) {
        try {
          await client.call('engines.save', { name, spec });
          set({ list: await client.call('engines.select', { engine: name }), error: null });
          return { ok: true };
        } catch (err) {
          return { ok: false, message: errorMessage(err) };
        }
      },
    },
  }));
}

/** What the add-engine form holds, as the contract wants it: an ssh:// host with its key, or tcp:// with TLS files. */
export interface EngineForm {
  name: string;
  host: string;
  identityFile: string;
  ca: string;
  cert: string;
  key: string;
}

export function engineSpecOf(form: EngineForm): { ok: true; spec: EngineSpec } | { ok: false; message: string } {
  const host = form.host.trim();
  if (!form.name.trim()) return { ok: false, message: 'Give the engine a name.' };
  if (host.startsWith('ssh://')) {
    const identity = form.identityFile.trim();
    return { ok: true, spec: { host, ...(identity ? { ssh: { identity_file: identity } } : {}) } };
  }
  if (host.startsWith('tcp://')) {
    const tls = [form.ca, form.cert, form.key].map((s) => s.trim());
    if (tls.some(Boolean) && !tls.every(Boolean)) return { ok: false, message: 'TLS needs all three files: CA, certificate and key.' };
    return { ok: true, spec: { host, ...(tls.every(Boolean) ? { tls: { ca: tls[0]!, cert: tls[1]!, key: tls[2]! } } : {}) } };
  }
  return { ok: false, message: 'The address is ssh://user@host[:port] or tcp://host:port.' };
}

/** The add-cluster form: a kubeconfig and where in the cluster runs go. */
export interface KubeForm {
  name: string;
  kubeconfig: string;
  namespace: string;
  registry: string;
  pvc: string;
}

export function kubeSpecOf(form: KubeForm): { ok: true; spec: EngineSpec } | { ok: false; message: string } {
  if (!form.name.trim()) return { ok: false, message: 'Give the cluster a name.' };
  if (!form.kubeconfig.trim()) return { ok: false, message: 'Give the kubeconfig file (e.g. ~/.kube/config).' };
  // The names themselves are checked by engines.save (the contract's schema), which says what is wrong.
  const optional = Object.entries({ namespace: form.namespace, registry: form.registry, pvc: form.pvc }).flatMap(([k, v]) => (v.trim() ? [[k, v.trim()] as const] : []));
  return { ok: true, spec: { kubeconfig: form.kubeconfig.trim(), ...Object.fromEntries(optional) } };
}

/** A Kubernetes engine runs whole pipelines only, as Argo Workflows. */
export const isKubernetes = (engine: Pick<EngineInfo, 'kind'> | null | undefined): boolean => engine?.kind === 'kubernetes';
