import type { CoreTransport } from '../../../main/src/api/client.js';
import type { Args, EventName, EventPayload, MethodName, Result } from '../../../main/src/api/contract.js';
import { ClientError } from './client-error.js';
import type { ConnectionSource } from './connection-state.js';

/** A transport plus what the UI needs to know about the link (WebSocket reconnects). */
export interface RendererTransport extends CoreTransport {
  readonly connection: ConnectionSource;
}

/** What the app talks to; it cannot tell Electron's IPC from the browser's WebSocket. */
export interface CoreClient {
  /** Resolves with the result, or rejects with a ClientError carrying the core's code and message. */
  call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>>;
  /** Returns an unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  readonly connection: ConnectionSource;
}

type AnyListener = (payload: unknown) => void;

export function createCoreClient(transport: RendererTransport): CoreClient {
  const listeners = new Map<EventName, Set<AnyListener>>();
  // One subscription to the transport, fanned out by event name.
  transport.subscribe((event, payload) => {
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (err) {
        console.error(`listener for ${event} failed`, err);
      }
    }
  });

  return {
    connection: transport.connection,
    async call(method, args) {
      const envelope = await transport.invoke(method, args);
      if (envelope.error) {
        throw new ClientError(envelope.error.code, envelope.error.message, envelope.error.details);
      }
      return envelope.result;
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // The core validated the payload against the contract before emitting it.
      const untyped = listener as AnyListener;
      set.add(untyped);
      return () => {
        set.delete(untyped);
      };
    },
  };
}
