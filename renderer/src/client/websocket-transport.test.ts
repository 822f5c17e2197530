import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readAccessToken, webSocketUrl } from './access-token.js';
import { ClientError } from './client-error.js';
import { createCoreClient } from './core-client.js';
import { createWebSocketTransport, type SocketLike } from './websocket-transport.js';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Array<{ id: number; method: string; args: unknown }> = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as { id: number; method: string; args: unknown });
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
  receive(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

describe('WebSocket transport', () => {
  let sockets: FakeSocket[];
  const make = () =>
    createWebSocketTransport({
      url: 'ws://127.0.0.1:4567/ws?token=t',
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      initialDelayMs: 100,
      maxDelayMs: 400,
    });

  beforeEach(() => {
    sockets = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('queues calls until open, matches answers by id, and delivers events', async () => {
    const transport = make();
    const client = createCoreClient(transport);
    expect(transport.connection.get()).toBe('connecting');
    const info = client.call('app.info', {});
    const read = client.call('pipeline.read', { path: 'p.json' });
    expect(sockets[0]!.sent).toEqual([]);
    sockets[0]!.open();
    expect(transport.connection.get()).toBe('open');
    const [first, second] = sockets[0]!.sent;
    expect(first).toMatchObject({ method: 'app.info', args: {} });
    expect(second).toMatchObject({ method: 'pipeline.read', args: { path: 'p.json' } });
    const events: unknown[] = [];
    client.on('pipeline.changed', (p) => events.push(p));
    sockets[0]!.receive({ id: second!.id, error: { code: 'NOT_FOUND', message: 'No pipeline at p.json' } });
    sockets[0]!.receive({ event: 'pipeline.changed', payload: { path: 'p.json', hash: 'h2' } });
    sockets[0]!.receive({ id: first!.id, result: { version: '1' } });
    await expect(info).resolves.toEqual({ version: '1' });
    await expect(read).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No pipeline at p.json' });
    expect(events).toEqual([{ path: 'p.json', hash: 'h2' }]);
  });

  it('rejects calls in flight when the connection drops, then reconnects with backoff', async () => {
    const transport = make();
    const client = createCoreClient(transport);
    const states: string[] = [];
    transport.connection.subscribe((s) => states.push(s));
    sockets[0]!.open();
    const pending = client.call('project.get', {});
    sockets[0]!.drop();
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientError);
    expect(err).toMatchObject({ code: 'DISCONNECTED', message: expect.stringContaining('Lost the connection to Orchest while waiting for project.get') });
    expect(transport.connection.get()).toBe('reconnecting');

    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop(); // still down: next wait doubles
    vi.advanceTimersByTime(199);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    expect(sockets[2]!.url).toBe('ws://127.0.0.1:4567/ws?token=t');

    // A call made while down goes out once the socket is back.
    const later = client.call('config.get', {});
    sockets[2]!.open();
    expect(states).toEqual(['open', 'reconnecting', 'open']);
    sockets[2]!.receive({ id: sockets[2]!.sent[0]!.id, result: { recent_projects: [] } });
    await expect(later).resolves.toEqual({ recent_projects: [] });
    transport.dispose();
  });
});

describe('access token', () => {
  it('takes the token from the URL and remembers it for reloads', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(readAccessToken('?token=abc', storage)).toBe('abc');
    expect(readAccessToken('', storage)).toBe('abc');
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:4567' }, 'a b')).toBe('ws://127.0.0.1:4567/ws?token=a%20b');
    expect(webSocketUrl({ protocol: 'http:', host: 'localhost:1' }, null)).toBe('ws://localhost:1/ws');
  });
});
