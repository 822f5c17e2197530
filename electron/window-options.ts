/**
 * The window's security settings and policies, as plain data and pure functions: the Electron
 * shell applies them, and the unit tests check them without an Electron binary.
 */
import type { WebPreferences } from 'electron';
import { contentSecurityPolicy } from '../main/src/common/csp.js';

/**
 * The UI is served from a privileged custom scheme rather than file://: it gives the page a real
 * origin (so CSP 'self' and the IPC sender check mean "our files only") and no path to the disk.
 */
export const APP_SCHEME = 'orchest';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** The policy of every page and response of the app scheme. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

export interface WindowPreferencesOptions {
  /** Absolute path of the bundled preload (dist/electron/preload.cjs). */
  preload: string;
  /** Developer tools only in a development checkout. */
  dev: boolean;
}

/** Every page of the app's windows: no Node, Chromium's sandbox, no webviews or insecure content. */
export const ISOLATED_PAGE: Readonly<WebPreferences> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
};

/** The renderer gets no Node, runs in Chromium's sandbox, and reaches the core only via `window.api`. */
export function webPreferences({ preload, dev }: WindowPreferencesOptions): WebPreferences {
  return {
    ...ISOLATED_PAGE,
    preload,
    experimentalFeatures: false,
    spellcheck: false,
    devTools: dev,
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The page may only reload itself (a change of #hash included); everything else is refused. */
export function isAllowedNavigation(url: string, appUrl: string): boolean {
  const target = parse(url);
  const app = parse(appUrl);
  if (!target || !app) return false;
  return target.protocol === app.protocol && target.host === app.host && target.pathname === app.pathname && target.search === app.search;
}

/** A link the user may open in their browser: http(s) only, never file:, javascript:, custom schemes. */
export function externalUrl(url: string): string | null {
  const parsed = parse(url);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return null;
  return parsed.href;
}

export interface WindowOpenDecision {
  /** Always 'deny': the app never opens a second Electron window. */
  action: 'deny';
  /** Set when the URL should go to the system browser instead. */
  openExternally: string | null;
}

/** `setWindowOpenHandler` policy: no new windows; web links go to the user's browser. */
export function decideWindowOpen(url: string): WindowOpenDecision {
  return { action: 'deny', openExternally: externalUrl(url) };
}

/** IPC is answered only for our own page (main frame or not, but served from the app origin). */
export function isTrustedSender(frameUrl: string | null | undefined, appUrl: string): boolean {
  if (!frameUrl) return false;
  const frame = parse(frameUrl);
  const app = parse(appUrl);
  return Boolean(frame && app && frame.protocol === app.protocol && frame.host === app.host);
}
