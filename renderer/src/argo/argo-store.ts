/**
 * "Export to Argo…": the manifest of the open pipeline (argo.export) for the options in the dialog,
 * pushing its images (argo.push), and submitting it to a cluster (argo.submit), followed through
 * 'argo.updated' / 'argo.log'. One store per app instance.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ArgoExportRequest, ArgoExportResult, ArgoWorkflowState } from '../../../main/src/api/argo.js';
import { gridFileOf } from '../../../main/src/common/grid-file.js';
import { errorMessage } from '../client/client-error.js';
import type { CoreClient } from '../client/core-client.js';

export interface ArgoOptions {
  registry: string;
  pvc: string;
  namespace: string;
  retries: string;
  cron: string;
  /** Sweep the pipeline's parameter grid (<pipeline>.parameters.json). */
  grid: boolean;
  kubeconfig: string;
  context: string;
}

export interface ArgoActions {
  /** `focus` 'submit': the dialog shows "Run on Kubernetes" first (the engine picker's Kubernetes entry). */
  open(pipeline: string, focus?: 'export' | 'submit'): void;
  close(): void;
  setOptions(patch: Partial<ArgoOptions>): void;
  /** Export again with the current options. */
  refresh(): Promise<void>;
  push(): Promise<void>;
  submit(): Promise<void>;
  dispose(): void;
}

export interface ArgoState {
  /** The pipeline the dialog is open for; null: closed. */
  pipeline: string | null;
  focus: 'export' | 'submit';
  options: ArgoOptions;
  phase: 'idle' | 'loading' | 'ready' | 'error';
  result: ArgoExportResult | null;
  error: string | null;
  pushing: boolean;
  /** Push progress lines, newest last. */
  pushLog: string[];
  submitting: boolean;
  /** Workflows submitted from this dialog, as last read from the cluster. */
  workflows: ArgoWorkflowState[];
  /** Log text per "workflow/step uuid". */
  logs: Record<string, string>;
  actions: ArgoActions;
}

export type ArgoStore = StoreApi<ArgoState>;

export const defaultArgoOptions: ArgoOptions = { registry: '', pvc: 'orchest-userdir', namespace: '', retries: '0', cron: '', grid: false, kubeconfig: '', context: '' };

const MAX_PUSH_LINES = 200;
const MAX_LOG_CHARS = 200_000;

/** What the dialog's fields ask the core for (blank fields: the core's defaults). */
export function exportRequestOf(pipeline: string, o: ArgoOptions): ArgoExportRequest {
  const retries = Number(o.retries);
  return {
    pipeline,
    ...(o.registry.trim() ? { registry: o.registry.trim() } : {}),
    ...(o.pvc.trim() ? { pvc: o.pvc.trim() } : {}),
    ...(o.namespace.trim() ? { namespace: o.namespace.trim() } : {}),
    ...(Number.isInteger(retries) && retries > 0 ? { retries } : {}),
    ...(o.cron.trim() ? { cron: o.cron.trim() } : {}),
    ...(o.grid ? { gridFile: gridFileOf(pipeline) } : {}),
  };
}

export function createArgoStore(client: CoreClient): ArgoStore {
  let generation = 0;
  const store = createStore<ArgoState>()((set, get) => ({
    pipeline: null,
    focus: 'export',
    options: defaultArgoOptions,
    phase: 'idle',
    result: null,
    error: null,
    pushing: false,
    pushLog: [],
    submitting: false,
    workflows: [],
    logs: {},
    actions: {
      open(pipeline, focus = 'export') {
        set({ pipeline, focus, result: null, error: null, pushLog: [] });
        void get().actions.refresh();
      },
      close() {
        generation++;
        set({ pipeline: null, phase: 'idle' });
      },
      setOptions(patch) {
        set({ options: { ...get().options, ...patch } });
      },
      async refresh() {
        const { pipeline, options } = get();
        if (!pipeline) return;
        const mine = ++generation;
        set({ phase: 'loading', error: null });
        try {
          const result = await client.call('argo.export', exportRequestOf(pipeline, options));
          if (mine === generation) set({ phase: 'ready', result });
        } catch (err) {
          if (mine === generation) set({ phase: 'error', error: errorMessage(err) });
        }
      },
      async push() {
        const { pipeline, options } = get();
        if (!pipeline || !options.registry.trim()) return;
        set({ pushing: true, error: null, pushLog: [] });
        try {
          const { pushed } = await client.call('argo.push', { pipeline, registry: options.registry.trim() });
          set({ pushLog: [...get().pushLog, pushed.length ? `Pushed ${pushed.map((p) => p.remote).join(', ')}.` : 'Nothing to push: every image is already in a registry.'] });
        } catch (err) {
          set({ error: `Push failed: ${errorMessage(err)}` });
        } finally {
          set({ pushing: false });
        }
      },
      async submit() {
        const { pipeline, options } = get();
        if (!pipeline || !options.kubeconfig.trim()) return;
        const { cron: _cron, ...req } = exportRequestOf(pipeline, options);
        set({ submitting: true, error: null });
        try {
          const { workflows } = await client.call('argo.submit', { ...req, kubeconfig: options.kubeconfig.trim(), ...(options.context.trim() ? { context: options.context.trim() } : {}) });
          const names = new Set(workflows.map((w) => w.name));
          // Events may have come before the answer: keep what they said.
          set({ workflows: [...workflows.map((w) => get().workflows.find((x) => x.name === w.name) ?? w), ...get().workflows.filter((w) => !names.has(w.name))] });
        } catch (err) {
          set({ error: `Submit failed: ${errorMessage(err)}` });
        } finally {
          set({ submitting: false });
        }
      },
      dispose() {
        for (const off of offs) off();
      },
    },
  }));
  const offs = [
    client.on('argo.push', (e) => store.setState((s) => ({ pushLog: [...s.pushLog, e.text].slice(-MAX_PUSH_LINES) }))),
    client.on('argo.updated', (w) =>
      store.setState((s) => {
        const others = s.workflows.filter((x) => x.name !== w.name);
        return { workflows: s.workflows.some((x) => x.name === w.name) || w.pipeline === s.pipeline ? [w, ...others] : s.workflows };
      }),
    ),
    client.on('argo.log', (e) =>
      store.setState((s) => {
        const key = `${e.name}/${e.stepId}`;
        return { logs: { ...s.logs, [key]: ((s.logs[key] ?? '') + e.text).slice(-MAX_LOG_CHARS) } };
      }),
    ),
  ];
  return store;
}
