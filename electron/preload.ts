/**
 * Sandboxed preload: exposes `window.api`, one function per contract method plus `onEvent`.
 * ipcRenderer itself never reaches the page, so the page can only send the messages listed here.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { PreloadApi } from '../main/src/api/client.js';
import type { EventName } from '../main/src/api/contract.js';
import { EVENT_NAMES, METHOD_NAMES } from '../main/src/api/method-names.js';
import { EVENT_CHANNEL, methodChannel } from './ipc-channels.js';

const knownEvents: ReadonlySet<string> = new Set(EVENT_NAMES);

function isEventMessage(msg: unknown): msg is { event: EventName; payload: unknown } {
  return typeof msg === 'object' && msg !== null && knownEvents.has((msg as { event?: unknown }).event as string);
}

function onEvent(listener: (event: EventName, payload: unknown) => void): () => void {
  // Wrapped so the page never sees the IpcRendererEvent (it carries `sender`, i.e. ipcRenderer).
  const handler = (_e: IpcRendererEvent, msg: unknown) => {
    if (isEventMessage(msg)) listener(msg.event, msg.payload);
  };
  ipcRenderer.on(EVENT_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  };
}

const calls = Object.fromEntries(METHOD_NAMES.map((method) => [method, (args: unknown) => ipcRenderer.invoke(methodChannel(method), args ?? {})]));

export const api = { ...calls, onEvent } as PreloadApi;

contextBridge.exposeInMainWorld('api', api);
