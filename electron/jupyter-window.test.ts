/**
 * Jupyter app windows with a fake BrowserWindow (the policies are what matters here): the
 * preferences, which URLs open in one, and where its navigations may go.
 */
import { describe, expect, it } from 'vitest';
import type { JupyterServer } from '../main/src/api/sessions.js';
import { createJupyterWindows, hardenJupyterSession, JUPYTER_PARTITION, jupyterOriginOf, type JupyterWindowDeps } from './jupyter-window.js';

type Listener = (event: { url?: string; preventDefault(): void }) => void;

function fakeElectron() {
  const windows: FakeWindow[] = [];
  const external: string[] = [];
  class FakeWindow {
    url: string | null = null;
    closed = false;
    listeners = new Map<string, Listener>();
    onClosed: (() => void) | null = null;
    openHandler: ((d: { url: string }) => { action: string }) | null = null;
    webContents = {
      on: (event: string, l: Listener) => this.listeners.set(event, l),
      setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => (this.openHandler = h),
    };
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      windows.push(this);
    }
    async loadURL(url: string) {
      this.url = url;
    }
    on(event: string, l: () => void) {
      if (event === 'closed') this.onClosed = l;
    }
    close() {
      this.closed = true;
      this.onClosed?.();
    }
    isDestroyed() {
      return this.closed;
    }
    /** What the page asking for `url` ends with: true = it went there. */
    navigate(kind: 'will-navigate' | 'will-redirect', url: string): boolean {
      let prevented = false;
      this.listeners.get(kind)!({ url, preventDefault: () => (prevented = true) });
      return !prevented;
    }
  }
  const deps = { BrowserWindow: FakeWindow, openExternal: (url: string) => external.push(url) } as unknown as JupyterWindowDeps;
  return { deps, windows, external };
}

const server = (port: number): JupyterServer => ({
  id: `s${port}`,
  image: 'img',
  projectRoot: '/p',
  flavor: 'lab',
  baseUrl: `http://127.0.0.1:${port}/`,
  token: 't',
  url: `http://127.0.0.1:${port}/lab?token=t`,
  startedAt: 1,
});

describe('Jupyter windows', () => {
  it("opens a running server's URL in a sandboxed window without preload, in its own session", () => {
    const { deps, windows } = fakeElectron();
    const jw = createJupyterWindows(deps);
    const url = 'http://127.0.0.1:5000/lab/tree/a.ipynb?token=t';
    expect(jw.open(url)).toBe(false); // no server runs yet
    jw.update([server(5000)]);
    expect(jw.open(url)).toBe(true);
    expect(windows).toHaveLength(1);
    expect(windows[0]!.url).toBe(url);
    const prefs = windows[0]!.options.webPreferences;
    expect(prefs).toMatchObject({ partition: JUPYTER_PARTITION, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(prefs).not.toHaveProperty('preload');
    expect(jw.open('http://127.0.0.1:5001/lab?token=t')).toBe(false); // another port: not a Jupyter server of ours
    expect(jw.open('https://example.org/')).toBe(false);
  });

  it("keeps the window on its server's origin; other web links go to the browser, other schemes nowhere", () => {
    const { deps, windows, external } = fakeElectron();
    const jw = createJupyterWindows(deps);
    jw.update([server(5000)]);
    jw.open('http://127.0.0.1:5000/lab?token=t');
    const win = windows[0]!;
    expect(win.navigate('will-navigate', 'http://127.0.0.1:5000/lab/tree/b.ipynb')).toBe(true);
    expect(win.navigate('will-redirect', 'http://127.0.0.1:5000/login?next=%2Flab')).toBe(true);
    expect(win.navigate('will-navigate', 'https://jupyter.org/')).toBe(false);
    expect(win.navigate('will-navigate', 'file:///etc/passwd')).toBe(false);
    expect(win.navigate('will-navigate', 'http://127.0.0.1:5001/')).toBe(false);
    expect(win.navigate('will-redirect', 'http://evil.example/')).toBe(false);
    expect(external).toEqual(['https://jupyter.org/', 'http://127.0.0.1:5001/']);
    let attachPrevented = false;
    win.listeners.get('will-attach-webview')!({ preventDefault: () => (attachPrevented = true) });
    expect(attachPrevented).toBe(true);

    // window.open: the same server in another window of ours; elsewhere in the browser; never Electron's own.
    expect(win.openHandler!({ url: 'http://127.0.0.1:5000/lab/tree/c.ipynb' })).toEqual({ action: 'deny' });
    expect(windows).toHaveLength(2);
    expect(windows[1]!.url).toBe('http://127.0.0.1:5000/lab/tree/c.ipynb');
    expect(windows[1]!.options.webPreferences).toMatchObject({ sandbox: true, partition: JUPYTER_PARTITION });
    expect(win.openHandler!({ url: 'https://docs.python.org/' })).toEqual({ action: 'deny' });
    expect(windows).toHaveLength(2);
    expect(external).toContain('https://docs.python.org/');
  });

  it('closes the windows of a server that stopped', () => {
    const { deps, windows } = fakeElectron();
    const jw = createJupyterWindows(deps);
    jw.update([server(5000), server(6000)]);
    jw.open('http://127.0.0.1:5000/lab');
    jw.open('http://127.0.0.1:6000/lab');
    jw.update([server(6000)]);
    expect(windows.map((w) => w.closed)).toEqual([true, false]);
  });

  it('tells a running server by its origin, and its session refuses every permission', () => {
    expect(jupyterOriginOf('http://127.0.0.1:5000/x?token=t', [server(5000)])).toBe('http://127.0.0.1:5000');
    expect(jupyterOriginOf('javascript:alert(1)', [server(5000)])).toBeNull();
    const answers: boolean[] = [];
    let check: (() => boolean) | null = null;
    hardenJupyterSession({
      setPermissionRequestHandler: ((h: (wc: unknown, p: string, cb: (ok: boolean) => void) => void) => h(null, 'media', (ok) => answers.push(ok))) as never,
      setPermissionCheckHandler: ((h: () => boolean) => (check = h)) as never,
    });
    expect(answers).toEqual([false]);
    expect(check!()).toBe(false);
  });
});
