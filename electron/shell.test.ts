/**
 * The shell's wiring with a fake 'electron' and the real core (temp HOME, temp project): what the
 * window is given, what the app scheme serves, and that IPC reaches the core.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions, WebPreferences } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (event: { senderFrame: { url: string } | null }, args?: unknown) => Promise<unknown>;
type Template = MenuItemConstructorOptions[];

const fake = vi.hoisted(() => {
  const state = {
    windows: [] as { options: { webPreferences: WebPreferences }; url: string | null }[],
    ipc: new Map<string, Handler>(),
    protocolHandler: null as null | ((req: { url: string }) => Promise<Response>),
    permissionRequest: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
    permissionCheck: null as null | (() => boolean),
    appMenu: [] as Template,
    errors: [] as string[],
    pick: null as string | null,
    tooltip: '',
    sent: [] as unknown[][],
    restored: 0,
  };
  class BrowserWindow {
    record: { options: { webPreferences: WebPreferences }; url: string | null };
    webContents = { isDestroyed: () => false, getURL: () => this.record.url ?? '', send: (...args: unknown[]) => state.sent.push(args) };
    constructor(options: { webPreferences: WebPreferences }) {
      this.record = { options, url: null };
      state.windows.push(this.record);
    }
    once() {}
    on() {}
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return true;
    }
    restore() {
      state.restored++;
    }
    show() {}
    focus() {}
    async loadURL(url: string) {
      this.record.url = url;
    }
  }
  class Tray {
    setToolTip(t: string) {
      state.tooltip = t;
    }
    setContextMenu() {}
    on() {}
    destroy() {}
  }
  return {
    state,
    module: {
      app: { getVersion: () => '0.0.0-test', quit: () => {}, isPackaged: false },
      BrowserWindow,
      Tray,
      Notification: class {
        static isSupported(): boolean {
          return false;
        }
        show() {}
      },
      nativeImage: { createFromPath: (p: string) => ({ path: p }) },
      Menu: { buildFromTemplate: (t: Template) => t, setApplicationMenu: (t: Template) => (state.appMenu = t) },
      dialog: {
        showOpenDialog: async () => ({ canceled: state.pick === null, filePaths: state.pick ? [state.pick] : [] }),
        showErrorBox: (title: string, body: string) => state.errors.push(`${title}: ${body}`),
        showMessageBox: async () => ({ response: 0 }),
      },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (h: typeof state.permissionRequest) => (state.permissionRequest = h),
          setPermissionCheckHandler: (h: typeof state.permissionCheck) => (state.permissionCheck = h),
          webRequest: { onHeadersReceived: () => {} },
        },
        fromPartition: () => ({ setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {} }),
      },
      protocol: { handle: (_scheme: string, h: typeof state.protocolHandler) => (state.protocolHandler = h) },
      ipcMain: {
        handle: (channel: string, h: Handler) => state.ipc.set(channel, h),
        removeHandler: (channel: string) => state.ipc.delete(channel),
      },
      shell: { openExternal: async () => {} },
      // A keychain stand-in: reversible, and the stored form is not the plain text.
      safeStorage: {
        isEncryptionAvailable: () => true,
        getSelectedStorageBackend: () => 'gnome_libsecret',
        encryptString: (s: string) => Buffer.from(`kc:${s}`).reverse(),
        decryptString: (b: Buffer) => Buffer.from(b).reverse().toString().slice(3),
      },
    },
  };
});
vi.mock('electron', () => fake.module);

const { startShell } = await import('./shell.js');

const page = { senderFrame: { url: 'orchest://app/index.html' } };
const call = (method: string, args: unknown = {}) => fake.state.ipc.get(`core:${method}`)!(page, args) as Promise<{ result?: Record<string, unknown>; error?: { message: string } }>;
const fileMenu = () => (fake.state.appMenu.find((m) => m.label === 'File')!.submenu as Template);

let tmp: string;
let appRoot: string;
let project: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-shell-'));
  appRoot = path.join(tmp, 'app');
  project = path.join(tmp, 'project');
  await mkdir(path.join(appRoot, 'renderer', 'dist'), { recursive: true });
  await writeFile(path.join(appRoot, 'renderer', 'dist', 'index.html'), '<!doctype html><title>Orchest</title>');
  await writeFile(path.join(appRoot, 'secret.txt'), 'not for the page');
  await mkdir(project, { recursive: true });
  env = { HOME: path.join(tmp, 'home'), XDG_CONFIG_HOME: path.join(tmp, 'home', '.config'), XDG_DATA_HOME: path.join(tmp, 'home', '.local', 'share') };
  Object.assign(fake.state, { windows: [], appMenu: [], errors: [], pick: null, sent: [], restored: 0 });
  fake.state.ipc.clear();
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('Electron shell', () => {
  it('opens one hardened window on the app page, with the bundled preload', async () => {
    const shell = await startShell({ appRoot, bundleDir: '/b/dist/electron', dev: false, projectDir: null, env });
    expect(fake.state.windows).toHaveLength(1);
    const [win] = fake.state.windows;
    expect(win!.url).toBe('orchest://app/index.html');
    expect(win!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: path.join('/b/dist/electron', 'preload.cjs') });
    await shell.dispose();
    expect(fake.state.ipc.size).toBe(0);
  });

  it('serves renderer/dist with the CSP header and nothing outside it', async () => {
    const shell = await startShell({ appRoot, bundleDir: '/b', dev: false, projectDir: null, env });
    const index = await fake.state.protocolHandler!({ url: 'orchest://app/index.html' });
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>Orchest</title>');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await fake.state.protocolHandler!({ url: 'orchest://app/../secret.txt' })).status).toBe(404);
    expect((await fake.state.protocolHandler!({ url: 'orchest://app/%2e%2e/secret.txt' })).status).toBe(404);
    await shell.dispose();
  });

  it('refuses every permission the page asks for', async () => {
    const shell = await startShell({ appRoot, bundleDir: '/b', dev: false, projectDir: null, env });
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) fake.state.permissionRequest!(null, permission, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false]);
    expect(fake.state.permissionCheck!()).toBe(false);
    await shell.dispose();
  });

  it('answers contract calls from the page through the real core', async () => {
    const shell = await startShell({ appRoot, bundleDir: '/b', dev: false, projectDir: null, env });
    const info = await call('app.info');
    expect(info.result).toMatchObject({ mode: 'electron', canPickFolder: true });
    expect(String(info.result!.configPath)).toBe(path.join(env.XDG_CONFIG_HOME!, 'orchest', 'config.json'));
    expect((await call('project.open', {})).error?.message).toMatch(/Invalid arguments for project.open/);
    await expect(fake.state.ipc.get('core:app.info')!({ senderFrame: { url: 'https://evil.example/' } }, {})).rejects.toThrow(/not the Orchest page/);
    await shell.dispose();
  });

  it('keeps secret variables encrypted by the OS keychain (safeStorage)', async () => {
    const shell = await startShell({ appRoot, bundleDir: '/b', dev: false, projectDir: project, env });
    const set = await call('vars.set', { variables: [{ name: 'TOKEN', value: 'tok-shell-1', secret: true }] });
    expect(set.result).toMatchObject({ storage: { secretsEncrypted: true } });
    const file = String((set.result!.storage as { file: string }).file);
    expect(file.startsWith(env.XDG_CONFIG_HOME!)).toBe(true);
    expect(await readFile(file, 'utf8')).not.toContain('tok-shell-1');
    expect((await call('vars.get', { reveal: true })).result).toMatchObject({ variables: [{ name: 'TOKEN', value: 'tok-shell-1' }] });
    await shell.dispose();
  });

  it('opens the folder picked in the native dialog', async () => {
    const shell = await startShell({ appRoot, bundleDir: '/b', dev: false, projectDir: null, env });
    expect((await call('project.pickAndOpen')).result).toBeNull(); // cancelled
    fake.state.pick = project;
    expect((await call('project.pickAndOpen')).result).toMatchObject({ root: project });
    await shell.dispose();
  });

  it('opens the folder named on the command line, and reports a bad one in an error box', async () => {
    const shell = await startShell({ appRoot, bundleDir: '/b', dev: false, projectDir: project, env });
    expect((await call('project.get')).result).toMatchObject({ root: project });
    // A folder opened from the shell (menu, tray, second instance) reaches the page as an event.
    const other = path.join(tmp, 'other');
    await mkdir(other);
    await shell.openProject(other);
    expect(fake.state.sent).toContainEqual(['core:event', { event: 'project.changed', payload: expect.objectContaining({ root: other }) }]);
    expect(fake.state.restored).toBe(1); // and the window comes back to show it
    await shell.openProject(path.join(tmp, 'does-not-exist'));
    expect(fake.state.errors).toHaveLength(1);
    expect(fake.state.errors[0]).toContain('does-not-exist');
    await shell.dispose();
  });

  it('lists recent projects from the config in File → Open Recent, refreshed after a config change', async () => {
    const shell = await startShell({ appRoot, bundleDir: '/b', dev: false, projectDir: null, env });
    expect(fileMenu().find((i) => i.label === 'Open Folder…')?.accelerator).toBe('CmdOrCtrl+O');
    await call('config.update', { patch: { recent_projects: [project, '/somewhere/else'] } });
    const recent = fileMenu().find((i) => i.label === 'Open Recent')!.submenu as Template;
    expect(recent.map((i) => i.label).slice(0, 2)).toEqual([project, '/somewhere/else']);
    expect(fake.state.tooltip).toBe('Orchest — idle');
    await shell.dispose();
  });

  it('refuses to start without a built UI, saying what to run', async () => {
    await rm(path.join(appRoot, 'renderer'), { recursive: true });
    await expect(startShell({ appRoot, bundleDir: '/b', dev: false, projectDir: null, env })).rejects.toThrow(/npm run build/);
  });
});
