import type { PreloadApi } from '../../../main/src/api/client.js';
import type { Args, MethodName, Result } from '../../../main/src/api/contract.js';
import type { Envelope } from '../../../main/src/api/errors.js';
import { ClientError, errorMessage } from './client-error.js';
import { createConnectionSource } from './connection-state.js';
import type { RendererTransport } from './core-client.js';

/** Electron: the preload's `window.api`, one function per method. IPC never "disconnects". */
export function createPreloadTransport(api: PreloadApi): RendererTransport {
  return {
    connection: createConnectionSource('open'),
    async invoke<M extends MethodName>(method: M, args: Args<M>): Promise<Envelope<Result<M>>> {
      const fn = api[method] as ((a: Args<M>) => Promise<Envelope<Result<M>>>) | undefined;
      if (typeof fn !== 'function') {
        return { error: { code: 'UNKNOWN_METHOD', message: `The app does not offer "${method}".` } };
      }
      try {
        return await fn(args);
      } catch (err) {
        throw new ClientError('TRANSPORT', `Calling ${method} failed: ${errorMessage(err)}`);
      }
    },
    subscribe: (listener) => api.onEvent(listener),
  };
}
