import type { Args, EventName, MethodName, Result } from '../../../main/src/api/contract.js';
import type { Envelope } from '../../../main/src/api/errors.js';
import type { WireRequest, WireServerMessage } from '../../../main/src/api/wire.js';
import { ClientError } from './client-error.js';
import { createConnectionSource } from './connection-state.js';
import type { RendererTransport } from './core-client.js';

/** The part of the DOM WebSocket this transport uses; tests pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface WebSocketTransportOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** Reconnect delays double from `initialDelayMs` up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface WebSocketTransport extends RendererTransport {
  /** Stop for good: close the socket, no reconnect (tests, page unload). */
  dispose(): void;
}

const OPEN = 1;

type Pending = { method: string; resolve: (envelope: Envelope<unknown>) => void; reject: (err: Error) => void };

/** Browser (web mode): JSON frames over ws://host/ws (wire.ts), reconnecting with backoff. */
export function createWebSocketTransport(opts: WebSocketTransportOptions): WebSocketTransport {
  const createSocket = opts.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const initialDelay = opts.initialDelayMs ?? 250;
  const maxDelay = opts.maxDelayMs ?? 5000;
  const connection = createConnectionSource('connecting');
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const pending = new Map<number, Pending>();
  // Requests made while the socket is down go out as soon as it is back.
  const queue: WireRequest[] = [];
  let socket: SocketLike | null = null;
  let nextId = 1;
  let attempts = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  const send = (req: WireRequest) => {
    if (socket && socket.readyState === OPEN) socket.send(JSON.stringify(req));
    else queue.push(req);
  };

  const handleMessage = (data: unknown) => {
    let msg: WireServerMessage;
    try {
      msg = JSON.parse(String(data)) as WireServerMessage;
    } catch {
      console.error('Ignoring a malformed message from the core');
      return;
    }
    if ('event' in msg) {
      for (const listener of [...listeners]) listener(msg.event as EventName, msg.payload);
      return;
    }
    const call = pending.get(msg.id);
    if (!call) {
      if ('error' in msg) console.error(`The core refused a request: ${msg.error.message}`);
      return;
    }
    pending.delete(msg.id);
    call.resolve('error' in msg ? { error: msg.error } : { result: msg.result });
  };

  const connect = () => {
    timer = null;
    const ws = createSocket(opts.url);
    socket = ws;
    ws.onopen = () => {
      attempts = 0;
      connection.set('open');
      for (const req of queue.splice(0)) ws.send(JSON.stringify(req));
    };
    ws.onmessage = (ev) => handleMessage(ev.data);
    ws.onerror = () => {
      // A close event always follows; reconnecting is handled there.
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // Answers to these will never come: say so instead of hanging the UI.
      for (const [id, call] of pending) {
        pending.delete(id);
        call.reject(
          new ClientError('DISCONNECTED', `Lost the connection to Orchest while waiting for ${call.method}; reconnecting…`),
        );
      }
      if (disposed) return;
      connection.set('reconnecting');
      const delay = Math.min(maxDelay, initialDelay * 2 ** attempts);
      attempts += 1;
      timer = setTimeout(connect, delay);
    };
  };

  connect();

  return {
    connection,
    invoke<M extends MethodName>(method: M, args: Args<M>): Promise<Envelope<Result<M>>> {
      if (disposed) return Promise.reject(new ClientError('DISCONNECTED', 'The connection to Orchest is closed.'));
      const id = nextId++;
      return new Promise<Envelope<Result<M>>>((resolve, reject) => {
        pending.set(id, { method, resolve: resolve as (e: Envelope<unknown>) => void, reject });
        send({ id, method, args });
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      const ws = socket;
      if (ws) {
        ws.close();
        ws.onclose?.({});
      }
      for (const req of queue.splice(0)) {
        pending.get(req.id)?.reject(new ClientError('DISCONNECTED', 'The connection to Orchest is closed.'));
        pending.delete(req.id);
      }
    },
  };
}
