import { describe, expect, it } from 'vitest';
import type { PreloadApi } from '../../../main/src/api/client.js';
import { ClientError } from './client-error.js';
import { createConnectionSource } from './connection-state.js';
import { createCoreClient, type RendererTransport } from './core-client.js';
import { createPreloadTransport } from './preload-transport.js';

function transportAnswering(envelope: unknown, seen: unknown[] = []): RendererTransport & { emit(e: string, p: unknown): void } {
  const listeners = new Set<(e: never, p: unknown) => void>();
  return {
    connection: createConnectionSource('open'),
    invoke: async (method, args) => {
      seen.push({ method, args });
      return envelope as never;
    },
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (e, p) => listeners.forEach((l) => l(e as never, p)),
  };
}

describe('CoreClient', () => {
  it('answers the result of a successful envelope', async () => {
    const seen: unknown[] = [];
    const client = createCoreClient(transportAnswering({ result: { files: [] } }, seen));
    await expect(client.call('project.get', {})).resolves.toEqual({ files: [] });
    expect(seen).toEqual([{ method: 'project.get', args: {} }]);
  });

  it('throws a ClientError carrying the core’s code, message and details', async () => {
    const client = createCoreClient(transportAnswering({ error: { code: 'CONFLICT', message: 'x.json changed on disk', details: { hash: 'h' } } }));
    const err = await client.call('pipeline.read', { path: 'x.json' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientError);
    expect(err).toMatchObject({ code: 'CONFLICT', message: 'x.json changed on disk', details: { hash: 'h' } });
  });

  it('routes events by name and unsubscribes', () => {
    const transport = transportAnswering({ result: null });
    const client = createCoreClient(transport);
    const got: unknown[] = [];
    const off = client.on('pipeline.changed', (p) => got.push(p));
    client.on('run.log', () => got.push('wrong'));
    transport.emit('pipeline.changed', { path: 'a', hash: 'h' });
    off();
    transport.emit('pipeline.changed', { path: 'b', hash: 'h' });
    expect(got).toEqual([{ path: 'a', hash: 'h' }]);
  });
});

describe('preload transport', () => {
  it('calls the method’s own function and forwards events', async () => {
    let listener: ((e: never, p: unknown) => void) | null = null;
    const api = {
      'project.get': async () => ({ result: null }),
      onEvent: (l: (e: never, p: unknown) => void) => {
        listener = l;
        return () => undefined;
      },
    } as unknown as PreloadApi;
    const client = createCoreClient(createPreloadTransport(api));
    await expect(client.call('project.get', {})).resolves.toBeNull();
    await expect(client.call('config.get', {})).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    const events: unknown[] = [];
    client.on('project.changed', (p) => events.push(p));
    listener!('project.changed' as never, { root: '/x' });
    expect(events).toEqual([{ root: '/x' }]);
    expect(client.connection.get()).toBe('open');
  });
});
