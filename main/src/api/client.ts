import type { Args, EventName, MethodName, Result } from './contract.js';
import type { Envelope } from './errors.js';

/**
 * What the renderer talks to: `window.api` in Electron, a WebSocket in a browser.
 * `invoke` answers the envelope; `call` throws a CoreError carrying the real error.
 */
export interface CoreTransport {
  invoke<M extends MethodName>(method: M, args: Args<M>): Promise<Envelope<Result<M>>>;
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
}

/** The shape of `window.api` exposed by the preload: one function per method, plus `onEvent`. */
export type PreloadApi = {
  [M in MethodName]: (args: Args<M>) => Promise<Envelope<Result<M>>>;
} & { onEvent(listener: (event: EventName, payload: unknown) => void): () => void };

