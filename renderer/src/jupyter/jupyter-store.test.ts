import { describe, expect, it } from 'vitest';
import type { JupyterServer } from '../../../main/src/api/sessions.js';
import { ClientError } from '../client/client-error.js';
import { createConnectionSource } from '../client/connection-state.js';
import type { CoreClient } from '../client/core-client.js';
import { createJupyterStore, type JupyterTab } from './jupyter-store.js';

const server: JupyterServer = {
  id: 'orchest-jupyter-1',
  image: 'img',
  projectRoot: '/p',
  flavor: 'lab',
  baseUrl: 'http://127.0.0.1:5000/',
  token: 't',
  url: 'http://127.0.0.1:5000/lab?token=t',
  startedAt: 1,
};

function fakeClient(answer: (method: string, args: unknown) => unknown) {
  const listeners = new Map<string, (p: unknown) => void>();
  const client = {
    connection: createConnectionSource('open'),
    call: async (method: string, args: unknown) => answer(method, args),
    on: (event: string, l: (p: unknown) => void) => {
      listeners.set(event, l);
      return () => listeners.delete(event);
    },
  } as unknown as CoreClient;
  return { client, emit: (event: string, p: unknown) => listeners.get(event)?.(p) };
}

function tab() {
  const seen: string[] = [];
  const t: JupyterTab = { navigate: (url) => seen.push(url), close: () => seen.push('closed') };
  return { t, seen };
}

describe('jupyter store', () => {
  it('points the tab opened in the click at the notebook URL the core answers', async () => {
    const calls: unknown[] = [];
    const { client } = fakeClient((method, args) => {
      calls.push([method, args]);
      return { server, url: 'http://127.0.0.1:5000/lab/tree/a.ipynb?token=t', path: 'a.ipynb', reused: false };
    });
    const store = createJupyterStore(client);
    const { t, seen } = tab();
    await store.getState().actions.open({ pipeline: 'p.orchest', stepId: 's' }, t);
    expect(calls).toEqual([['jupyter.open', { pipeline: 'p.orchest', stepId: 's' }]]);
    expect(seen).toEqual(['http://127.0.0.1:5000/lab/tree/a.ipynb?token=t']);
    expect(store.getState().opening).toBe(false);
  });

  it("closes the tab and shows the core's message when it cannot start", async () => {
    const { client } = fakeClient(() => {
      throw new ClientError('IMAGE_MISSING', 'The image "x" has no Jupyter server.');
    });
    const store = createJupyterStore(client);
    const { t, seen } = tab();
    await store.getState().actions.open({ path: 'a.ipynb' }, t);
    expect(seen).toEqual(['closed']);
    expect(store.getState().error).toBe('Could not open JupyterLab: The image "x" has no Jupyter server.');
  });

  it('lists the servers the core announces', () => {
    const { client, emit } = fakeClient(() => []);
    const store = createJupyterStore(client);
    emit('jupyter.changed', [server]);
    expect(store.getState().servers).toEqual([server]);
  });
});
