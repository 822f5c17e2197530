import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import type { EventName } from '../main/src/api/contract.js';
import type { Envelope } from '../main/src/api/errors.js';
import { METHOD_NAMES } from '../main/src/api/method-names.js';

type Handler = (event: { senderFrame: { url: string } | null }, args: unknown) => Promise<unknown>;
const handlers = vi.hoisted(() => new Map<string, Handler>());
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));

const { registerIpc } = await import('./ipc.js');

function fakeCore() {
  const calls: { method: string; args: unknown }[] = [];
  let listener: ((event: EventName, payload: unknown) => void) | null = null;
  return {
    calls,
    emit: (event: EventName, payload: unknown) => listener?.(event, payload),
    core: {
      call: async (method: string, args: unknown): Promise<Envelope<unknown>> => {
        calls.push({ method, args });
        return method === 'runs.get' ? { error: { code: 'NOT_FOUND', message: 'No run "x".' } } : { result: { method } };
      },
      subscribe: (l: (event: EventName, payload: unknown) => void) => {
        listener = l;
        return () => (listener = null);
      },
    },
  };
}

function fakeContents(url: string) {
  const sent: unknown[][] = [];
  return { sent, contents: { isDestroyed: () => false, getURL: () => url, send: (...args: unknown[]) => sent.push(args) } };
}

const app = { senderFrame: { url: 'orchest://app/index.html' } };

describe('IPC bridge', () => {
  beforeEach(() => handlers.clear());

  it("handles 'core:<method>' for every contract method and nothing else", () => {
    const { core } = fakeCore();
    const bridge = registerIpc({ core, appUrl: 'orchest://app/index.html', targets: () => [] });
    expect([...handlers.keys()].sort()).toEqual(METHOD_NAMES.map((m) => `core:${m}`).sort());
    bridge.dispose();
    expect(handlers.size).toBe(0);
  });

  it('answers the envelope of the core, results and errors alike', async () => {
    const { core, calls } = fakeCore();
    const after: string[] = [];
    registerIpc({ core, appUrl: 'orchest://app/index.html', targets: () => [], afterCall: (m) => void after.push(m) });
    await expect(handlers.get('core:project.open')!(app, { path: '/p' })).resolves.toEqual({ result: { method: 'project.open' } });
    await expect(handlers.get('core:runs.get')!(app, { runId: 'x' })).resolves.toEqual({ error: { code: 'NOT_FOUND', message: 'No run "x".' } });
    expect(calls).toEqual([
      { method: 'project.open', args: { path: '/p' } },
      { method: 'runs.get', args: { runId: 'x' } },
    ]);
    expect(after).toEqual(['project.open', 'runs.get']);
  });

  it('refuses callers that are not the app page, without reaching the core', async () => {
    const { core, calls } = fakeCore();
    registerIpc({ core, appUrl: 'orchest://app/index.html', targets: () => [] });
    for (const frame of [{ url: 'https://evil.example/' }, { url: 'file:///tmp/x.html' }, null]) {
      await expect(handlers.get('core:config.update')!({ senderFrame: frame }, { patch: {} })).rejects.toThrow(/not the Orchest page/);
    }
    expect(calls).toEqual([]);
  });

  it("forwards core events on 'core:event' to the app page only", () => {
    const { core, emit } = fakeCore();
    const page = fakeContents('orchest://app/index.html');
    const stranger = fakeContents('https://example.com/');
    const bridge = registerIpc({ core, appUrl: 'orchest://app/index.html', targets: () => [page.contents, stranger.contents] as unknown as WebContents[] });
    emit('run.log', { runId: 'r', text: 'hello' });
    emit('project.changed', { root: '/p' });
    expect(page.sent).toEqual([
      ['core:event', { event: 'run.log', payload: { runId: 'r', text: 'hello' } }],
      ['core:event', { event: 'project.changed', payload: { root: '/p' } }],
    ]);
    expect(stranger.sent).toEqual([]);
    bridge.dispose();
    emit('run.log', { runId: 'r', text: 'late' });
    expect(page.sent).toHaveLength(2);
  });
});
