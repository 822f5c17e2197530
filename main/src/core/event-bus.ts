import type { EventName, EventPayload } from '../api/contract.js';

export type BusListener = (event: EventName, payload: unknown) => void;

/** Core -> clients events; every transport subscribes once and forwards everything. */
export class EventBus {
  private readonly listeners = new Set<BusListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event, payload);
      } catch {
        // A broken client must not stop the others from hearing the event.
      }
    }
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
