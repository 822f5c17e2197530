/** Applies the policies of window-options.ts to Electron's session and web contents. */
import { readFile } from 'node:fs/promises';
import { protocol, shell, type Session, type WebContents } from 'electron';
import { contentTypeOf, resolveAppFile } from './app-protocol.js';
import { APP_SCHEME, APP_URL, CONTENT_SECURITY_POLICY, decideWindowOpen, externalUrl, isAllowedNavigation } from './window-options.js';

/** Must run before `app.ready`: the app scheme behaves like https (origin, fetch, secure context). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
}

/** Serve renderer/dist on the app scheme, every response with the CSP header. */
export function serveRenderer(rendererDist: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererDist, request.url);
    const data = file ? await readFile(file).catch(() => null) : null;
    if (!file || !data) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    return new Response(new Uint8Array(data), {
      headers: { 'Content-Type': contentTypeOf(file), 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}

export function hardenSession(ses: Session): void {
  // The UI needs no camera, notifications-from-page, geolocation...: refuse every request and check.
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // Belt and braces for anything served over http(s) in this session (the app scheme sets it itself).
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/** `openInApp`: a URL the shell shows in a window of its own (a running Jupyter server's), not the browser. */
export function hardenContents(contents: WebContents, openInApp?: (url: string) => boolean): void {
  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url, APP_URL)) return;
    event.preventDefault();
    const url = externalUrl(event.url);
    if (url) void shell.openExternal(url);
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url, APP_URL)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (openInApp?.(url)) return { action: 'deny' };
    const decision = decideWindowOpen(url);
    if (decision.openExternally) void shell.openExternal(decision.openExternally);
    return { action: decision.action };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
