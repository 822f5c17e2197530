/** Serves the contract over IPC: one `core:<method>` handler per method, events on `core:event`. */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { EventName, MethodName } from '../main/src/api/contract.js';
import type { Envelope } from '../main/src/api/errors.js';
import { METHOD_NAMES } from '../main/src/api/method-names.js';
import type { Core } from '../main/src/core/core.js';
import { EVENT_CHANNEL, methodChannel } from './ipc-channels.js';
import { isTrustedSender } from './window-options.js';

export interface IpcBridgeOptions {
  core: Pick<Core, 'call' | 'subscribe'>;
  /** Only frames served from this URL's origin may call the core or hear its events. */
  appUrl: string;
  /** Web contents that receive core events (the main window's). */
  targets(): WebContents[];
  /** After each answered call, e.g. to refresh menus listing recent projects. */
  afterCall?(method: MethodName, envelope: Envelope<unknown>): void | Promise<void>;
}

export interface IpcBridge {
  dispose(): void;
}

export function registerIpc({ core, appUrl, targets, afterCall }: IpcBridgeOptions): IpcBridge {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(methodChannel(method), async (event: IpcMainInvokeEvent, args: unknown) => {
      // Any frame could reach ipcRenderer if something went wrong elsewhere; only our page may call.
      if (!isTrustedSender(event.senderFrame?.url, appUrl)) {
        throw new Error(`Refused "${method}": the caller is not the Orchest page.`);
      }
      const envelope = await core.call(method, args);
      await afterCall?.(method, envelope);
      return envelope;
    });
  }

  const forward = (event: EventName, payload: unknown) => {
    for (const contents of targets()) {
      if (!contents.isDestroyed() && isTrustedSender(contents.getURL(), appUrl)) contents.send(EVENT_CHANNEL, { event, payload });
    }
  };
  const unsubscribe = core.subscribe(forward);

  return {
    dispose() {
      unsubscribe();
      for (const method of METHOD_NAMES) ipcMain.removeHandler(methodChannel(method));
    },
  };
}
