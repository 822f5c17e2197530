import type { PreloadApi } from '../../../main/src/api/client.js';
import { readAccessToken, webSocketUrl } from './access-token.js';
import { createCoreClient, type CoreClient } from './core-client.js';
import { createPreloadTransport } from './preload-transport.js';
import { createWebSocketTransport } from './websocket-transport.js';

declare global {
  interface Window {
    /** Present only in Electron, exposed by the preload script. */
    api?: PreloadApi;
  }
}

/** Pick the transport once at start: Electron's preload if present, else the bridge's WebSocket. */
export function createClientForPage(win: Window = window): CoreClient {
  if (win.api) return createCoreClient(createPreloadTransport(win.api));
  const token = readAccessToken(win.location.search, win.sessionStorage);
  if (new URLSearchParams(win.location.search).has('token')) {
    // Keep the secret out of the address bar, history and screenshots; sessionStorage keeps it.
    const url = new URL(win.location.href);
    url.searchParams.delete('token');
    win.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return createCoreClient(createWebSocketTransport({ url: webSocketUrl(win.location, token) }));
}
