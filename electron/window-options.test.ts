import { describe, expect, it } from 'vitest';
import { APP_URL, decideWindowOpen, externalUrl, isAllowedNavigation, isTrustedSender, webPreferences } from './window-options.js';

describe('webPreferences', () => {
  const prefs = webPreferences({ preload: '/app/dist/electron/preload.cjs', dev: false });

  it('isolates the page from Node and runs it sandboxed', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/dist/electron/preload.cjs',
    });
  });

  it('offers developer tools only in a development checkout', () => {
    expect(prefs.devTools).toBe(false);
    expect(webPreferences({ preload: '/p.cjs', dev: true }).devTools).toBe(true);
  });
});

describe('navigation policy', () => {
  it('lets the page reload itself, with or without a #hash', () => {
    expect(isAllowedNavigation(APP_URL, APP_URL)).toBe(true);
    expect(isAllowedNavigation(`${APP_URL}#/pipelines/a`, APP_URL)).toBe(true);
  });

  it('refuses every other page, scheme or origin', () => {
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/index.html',
      'file:///etc/passwd',
      'orchest://app/other.html',
      'orchest://evil/index.html',
      `${APP_URL}?next=https://example.com`,
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedNavigation(url, APP_URL), url).toBe(false);
    }
  });
});

describe('window.open policy', () => {
  it('denies every new window and sends web links to the browser', () => {
    expect(decideWindowOpen('https://docs.orchest.io/')).toEqual({ action: 'deny', openExternally: 'https://docs.orchest.io/' });
    expect(decideWindowOpen('http://localhost:8888/lab')).toEqual({ action: 'deny', openExternally: 'http://localhost:8888/lab' });
  });

  it('opens nothing for other schemes', () => {
    for (const url of ['file:///home/user/.ssh/id_rsa', 'javascript:alert(1)', 'orchest://app/index.html', 'smb://host/share', 'about:blank']) {
      expect(decideWindowOpen(url), url).toEqual({ action: 'deny', openExternally: null });
      expect(externalUrl(url)).toBeNull();
    }
  });
});

describe('IPC sender check', () => {
  it('trusts only frames served from the app origin', () => {
    expect(isTrustedSender(APP_URL, APP_URL)).toBe(true);
    expect(isTrustedSender('orchest://app/index.html#/x', APP_URL)).toBe(true);
    expect(isTrustedSender('https://example.com/', APP_URL)).toBe(false);
    expect(isTrustedSender('file:///tmp/index.html', APP_URL)).toBe(false);
    expect(isTrustedSender('orchest://other/index.html', APP_URL)).toBe(false);
    expect(isTrustedSender('', APP_URL)).toBe(false);
    expect(isTrustedSender(null, APP_URL)).toBe(false);
  });
});
