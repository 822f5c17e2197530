import { beforeEach, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES } from '../main/src/api/method-names.js';

// A fake 'electron' for the preload: records what it exposes and what it sends.
const fake = vi.hoisted(() => {
  type Handler = (event: unknown, msg: unknown) => void;
  const exposed = new Map<string, unknown>();
  const invoked: { channel: string; args: unknown }[] = [];
  const listeners = new Map<string, Set<Handler>>();
  return {
    exposed,
    invoked,
    listeners,
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: {
      invoke: async (channel: string, args: unknown) => {
        invoked.push({ channel, args });
        return { result: { echoed: channel } };
      },
      on: (channel: string, handler: Handler) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(handler)),
      removeListener: (channel: string, handler: Handler) => listeners.get(channel)?.delete(handler),
      send: () => {
        throw new Error('the preload must not use ipcRenderer.send');
      },
    },
  };
});
vi.mock('electron', () => ({ contextBridge: fake.contextBridge, ipcRenderer: fake.ipcRenderer }));

type Api = Record<string, (...args: unknown[]) => unknown>;

async function loadApi(): Promise<Api> {
  vi.resetModules();
  fake.exposed.clear();
  await import('./preload.js');
  return fake.exposed.get('api') as Api;
}

const emit = (msg: unknown) => fake.listeners.get('core:event')?.forEach((h) => h({ sender: 'ipcRenderer!' }, msg));

describe('preload', () => {
  beforeEach(() => {
    fake.invoked.length = 0;
    fake.listeners.clear();
  });

  it('exposes only window.api: one function per contract method, plus onEvent', async () => {
    const api = await loadApi();
    expect([...fake.exposed.keys()]).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'onEvent'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.values(api)).not.toContain(fake.ipcRenderer);
  });

  it("sends each method on its own 'core:<method>' channel with its arguments", async () => {
    const api = await loadApi();
    await expect(api['project.open']!({ path: '/home/u/proj' })).resolves.toEqual({ result: { echoed: 'core:project.open' } });
    await api['app.info']!();
    expect(fake.invoked).toEqual([
      { channel: 'core:project.open', args: { path: '/home/u/proj' } },
      { channel: 'core:app.info', args: {} },
    ]);
  });

  it('delivers core events without the IPC event object, until unsubscribed', async () => {
    const api = await loadApi();
    const heard: unknown[][] = [];
    const off = api.onEvent!((...args: unknown[]) => heard.push(args)) as () => void;
    emit({ event: 'run.log', payload: { text: 'hi' } });
    emit({ event: 'not.an.event', payload: 1 });
    emit('garbage');
    off();
    emit({ event: 'run.log', payload: { text: 'after' } });
    expect(heard).toEqual([['run.log', { text: 'hi' }]]);
    expect(fake.listeners.get('core:event')?.size).toBe(0);
  });
});
