import WebSocket from 'ws';
import type { EventName } from '../../api/contract.js';
import type { Envelope } from '../../api/errors.js';
import type { WireServerMessage } from '../../api/wire.js';

/** A minimal Node client of the bridge, for tests and benchmarks. */
export async function connectWs(url: string, token: string, origin?: string) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws').replace(/\/?\?.*$/, '')}/ws?token=${token}`, origin ? { origin } : {});
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  let nextId = 1;
  const pending = new Map<number, (e: Envelope<unknown>) => void>();
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as WireServerMessage;
    if ('event' in msg) {
      for (const l of listeners) l(msg.event as EventName, msg.payload);
    } else {
      pending.get(msg.id)?.('error' in msg ? { error: msg.error } : { result: msg.result });
      pending.delete(msg.id);
    }
  });
  return {
    call(method: string, args: unknown): Promise<Envelope<unknown>> {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method, args }));
      });
    },
    subscribe(listener: (event: EventName, payload: unknown) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      ws.close();
    },
  };
}
