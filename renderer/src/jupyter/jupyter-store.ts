/**
 * Jupyter servers of the app (jupyter.open/list/stop), fed by 'jupyter.changed': one store per app
 * instance. Opening shows the notebook in a tab the click opened (see OpenInJupyterButton).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { JupyterOpenRequest, JupyterServer } from '../../../main/src/api/sessions.js';
import { errorMessage } from '../client/client-error.js';
import type { CoreClient } from '../client/core-client.js';

/** Where the URL goes: the tab opened in the click (web mode), else a new window (Electron's shell routes it). */
export interface JupyterTab {
  navigate(url: string): void;
  close(): void;
}

export interface JupyterActions {
  refresh(): Promise<void>;
  open(req: JupyterOpenRequest, tab: JupyterTab): Promise<void>;
  stop(id: string): Promise<void>;
  clearError(): void;
  dispose(): void;
}

export interface JupyterState {
  servers: JupyterServer[];
  /** True while a server starts (the first start of JupyterLab takes a while). */
  opening: boolean;
  error: string | null;
  actions: JupyterActions;
}

export type JupyterStore = StoreApi<JupyterState>;

export function createJupyterStore(client: CoreClient): JupyterStore {
  const store = createStore<JupyterState>()((set) => ({
    servers: [],
    opening: false,
    error: null,
    actions: {
      async refresh() {
        try {
          set({ servers: await client.call('jupyter.list', {}) });
        } catch (err) {
          set({ error: errorMessage(err) });
        }
      },
      async open(req, tab) {
        set({ opening: true, error: null });
        try {
          const { url } = await client.call('jupyter.open', req);
          tab.navigate(url);
        } catch (err) {
          tab.close();
          set({ error: `Could not open JupyterLab: ${errorMessage(err)}` });
        } finally {
          set({ opening: false });
        }
      },
      async stop(id) {
        try {
          await client.call('jupyter.stop', { id });
        } catch (err) {
          set({ error: errorMessage(err) });
        }
        await store.getState().actions.refresh();
      },
      clearError() {
        set({ error: null });
      },
      dispose() {
        off();
      },
    },
  }));
  const off = client.on('jupyter.changed', (servers) => store.setState({ servers }));
  return store;
}

/**
 * A tab opened now, in the click (a browser blocks a window.open that comes after an await), that
 * shows a note until the URL is known. Where no window opens (Electron denies it and sends web
 * links to the browser), the URL is opened the same way once known.
 */
export function openPendingTab(win: Window = window): JupyterTab {
  const tab = win.open('', '_blank');
  if (tab) {
    tab.opener = null;
    tab.document.title = 'Starting Jupyter…';
    tab.document.body.textContent = 'Starting a Jupyter server in the environment… (a first start can take a minute)';
  }
  return {
    navigate: (url) => {
      if (tab && !tab.closed) tab.location.href = url;
      else win.open(url, '_blank', 'noopener');
    },
    close: () => tab?.close(),
  };
}
