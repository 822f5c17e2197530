/**
 * Jupyter in app windows: a link to a running Jupyter server (its URL carries the token) opens in
 * a window of its own instead of the browser. The window has no preload, runs sandboxed in its own
 * in-memory session (the app's CSP would break JupyterLab, and the two share no cookies), and may
 * only navigate within the server's origin; other links go to the user's browser.
 * Electron's classes come in as dependencies, so this is unit-tested without Electron.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, Event, HandlerDetails, Session, WebContents, WebPreferences } from 'electron';
import type { JupyterServer } from '../main/src/api/sessions.js';
import { externalUrl, ISOLATED_PAGE } from './window-options.js';

/** The Jupyter windows' session: in memory, apart from the app's. */
export const JUPYTER_PARTITION = 'orchest-jupyter';

export function jupyterWebPreferences(): WebPreferences {
  return { ...ISOLATED_PAGE, partition: JUPYTER_PARTITION };
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** The origin of the running server `url` points at, or null. */
export function jupyterOriginOf(url: string, servers: readonly Pick<JupyterServer, 'baseUrl'>[]): string | null {
  const origin = originOf(url);
  return origin && servers.some((s) => originOf(s.baseUrl) === origin) ? origin : null;
}

/** Ask nothing of the user's machine from a Jupyter page (camera, location...): JupyterLab needs none. */
export function hardenJupyterSession(ses: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

export interface JupyterWindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => Pick<BrowserWindow, 'loadURL' | 'on' | 'close' | 'isDestroyed'> & { webContents: JupyterContents };
  openExternal(url: string): void;
}

type JupyterContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;
type JupyterWindow = InstanceType<JupyterWindowDeps['BrowserWindow']>;

/** The app's Jupyter windows: opens them for running servers' URLs, closes them when their server stops. */
export interface JupyterWindows {
  /** The running servers (from 'jupyter.changed'). */
  update(servers: readonly JupyterServer[]): void;
  /** Opens `url` in a Jupyter window when it is a running server's; false otherwise. */
  open(url: string): boolean;
}

export function createJupyterWindows(deps: JupyterWindowDeps): JupyterWindows {
  let servers: readonly JupyterServer[] = [];
  const windows = new Map<JupyterWindow, string>(); // window -> origin

  function openAt(url: string, origin: string): void {
    const win = new deps.BrowserWindow({ width: 1280, height: 860, title: 'Jupyter', webPreferences: jupyterWebPreferences() });
    const contents = win.webContents;
    const away = (target: string) => originOf(target) !== origin;
    contents.on('will-navigate', (event: Event & { url: string }) => {
      if (!away(event.url)) return;
      event.preventDefault();
      const external = externalUrl(event.url);
      if (external) deps.openExternal(external);
    });
    contents.on('will-redirect', (event: Event & { url: string }) => {
      if (away(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event: Event) => event.preventDefault());
    // A new tab of the same server is another hardened window of ours; anything else goes to the browser.
    contents.setWindowOpenHandler(({ url: target }: HandlerDetails) => {
      if (!away(target)) openAt(target, origin);
      else {
        const external = externalUrl(target);
        if (external) deps.openExternal(external);
      }
      return { action: 'deny' };
    });
    win.on('closed', () => windows.delete(win));
    windows.set(win, origin);
    void win.loadURL(url);
  }

  return {
    update(next) {
      servers = next;
      for (const [win, origin] of windows) {
        if (!servers.some((s) => originOf(s.baseUrl) === origin) && !win.isDestroyed()) win.close();
      }
    },
    open(url) {
      const origin = jupyterOriginOf(url, servers);
      if (!origin) return false;
      openAt(url, origin);
      return true;
    },
  };
}
