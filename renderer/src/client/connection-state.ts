/**
 * Where the link to the core stands. `window.api` is always `open`; a WebSocket goes through
 * `connecting` once, then `open` / `reconnecting` as the server comes and goes.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface ConnectionSource {
  get(): ConnectionState;
  /** Returns an unsubscribe function. */
  subscribe(listener: (state: ConnectionState) => void): () => void;
}

/** A tiny observable value, so transports report state without depending on the store. */
export function createConnectionSource(initial: ConnectionState): ConnectionSource & { set(state: ConnectionState): void } {
  let state = initial;
  const listeners = new Set<(state: ConnectionState) => void>();
  return {
    get: () => state,
    set(next) {
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener(next);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
