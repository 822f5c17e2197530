import type { ApiError } from './errors.js';

/**
 * Messages on the WebSocket bridge (`ws://127.0.0.1:PORT/ws?token=TOKEN`), JSON, one per frame.
 * Electron's IPC carries the same envelopes via ipcRenderer.invoke / webContents.send.
 */
export type WireRequest = { id: number; method: string; args: unknown };
export type WireResponse = { id: number; result: unknown } | { id: number; error: ApiError };
export type WireEvent = { event: string; payload: unknown };
export type WireServerMessage = WireResponse | WireEvent;
