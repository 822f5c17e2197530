/**
 * The Electron shell around the core: the hardened window, the IPC bridge, the menu and the tray.
 * No business logic here: every action is a contract call. main.ts starts it once the app is ready.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BrowserWindow, Notification, app, dialog, safeStorage, session } from 'electron';
import type { FinishedNotice } from '../main/src/api/jobs.js';
import type { RunState } from '../main/src/api/runs.js';
import { createCore, type Core } from '../main/src/core/core.js';
import { defaultConfigDir, defaultDataDir } from '../main/src/core/paths.js';
import { request } from '../main/src/core/request.js';
import { hardenSession, serveRenderer } from './harden.js';
import { registerIpc } from './ipc.js';
import { safeStorageCipher } from './secret-cipher.js';
import { installAppMenu } from './menu.js';
import { createAppTray, type AppTray } from './tray.js';
import { APP_URL, webPreferences } from './window-options.js';

export const APP_NAME = 'Orchest Desktop';

export interface ShellOptions {
  /** The checkout or the packaged app folder: holds renderer/dist and resources/. */
  appRoot: string;
  /** Folder of preload.cjs (dist/electron). */
  bundleDir: string;
  dev: boolean;
  /** Open this folder at start (from the command line). */
  projectDir: string | null;
  env?: NodeJS.ProcessEnv;
}

export interface Shell {
  readonly core: Core;
  showWindow(): void;
  /** Open a folder chosen outside the page (argv, menu, tray, a second instance). */
  openProject(dir: string, opts?: { quiet?: boolean }): Promise<void>;
  dispose(): Promise<void>;
}

export async function startShell(opts: ShellOptions): Promise<Shell> {
  const rendererDist = path.join(opts.appRoot, 'renderer', 'dist');
  const iconsDir = path.join(opts.appRoot, 'resources', 'icons');
  if (!existsSync(path.join(rendererDist, 'index.html'))) {
    throw new Error(`The UI is not built (${rendererDist} is missing). Run \`npm run build\` first.`);
  }
  hardenSession(session.defaultSession);
  serveRenderer(rendererDist);

  let mainWindow: BrowserWindow | null = null;
  let tray: AppTray | null = null;

  const pickFolder = async (): Promise<string | null> => {
    const options = { title: 'Open Folder', properties: ['openDirectory' as const] };
    const picked = mainWindow && !mainWindow.isDestroyed() ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return picked.canceled ? null : (picked.filePaths[0] ?? null);
  };
  const env = opts.env ?? process.env;
  const secretCipher = safeStorageCipher(safeStorage);
  const core = await createCore({ configDir: defaultConfigDir(env), dataDir: defaultDataDir(env), mode: 'electron', pickFolder, ...(secretCipher ? { secretCipher } : {}) });

  const createWindow = (): void => {
    const window = new BrowserWindow({
      width: 1400,
      height: 900,
      minWidth: 800,
      minHeight: 560,
      title: APP_NAME,
      show: false,
      icon: path.join(iconsDir, 'app', '256x256.png'),
      webPreferences: webPreferences({ preload: path.join(opts.bundleDir, 'preload.cjs'), dev: opts.dev }),
    });
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
    void window.loadURL(APP_URL);
  };

  const showWindow = (): void => {
    if (!mainWindow || mainWindow.isDestroyed()) return createWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  const bridge = registerIpc({
    core,
    appUrl: APP_URL,
    targets: () => (mainWindow && !mainWindow.isDestroyed() ? [mainWindow.webContents] : []),
    afterCall: (method) => {
      if (method === 'project.open' || method === 'project.pickAndOpen' || method === 'config.update') return refreshMenus();
    },
  });

  const openProject = async (dir: string, { quiet = false } = {}): Promise<void> => {
    const answer = await core.call('project.open', { path: dir });
    if (answer.error) {
      dialog.showErrorBox('Could not open the folder', `${dir}\n\n${answer.error.message}`);
      return;
    }
    // The page hears of it through the core's 'project.changed' event, like any other client.
    if (!quiet) showWindow();
  };

  const pickAndOpen = async (): Promise<void> => {
    const answer = await core.call('project.pickAndOpen', {});
    if (answer.error) dialog.showErrorBox('Could not open the folder', answer.error.message);
  };

  // The menus are built synchronously: they read this copy, refreshed from the config on each change.
  let recent: string[] = [];
  const recentProjects = (): string[] => recent;

  const showAbout = async (): Promise<void> => {
    const detail = `Build and run data-science pipelines of notebooks and scripts, each step in its own Docker container.\n\nConfig: ${(await request(core, 'app.info', {})).configPath}`;
    const options = { type: 'info' as const, title: `About ${APP_NAME}`, message: `${APP_NAME} ${app.getVersion()}`, detail };
    if (mainWindow && !mainWindow.isDestroyed()) await dialog.showMessageBox(mainWindow, options);
    else await dialog.showMessageBox(options);
  };

  async function refreshMenus(): Promise<void> {
    const answer = await core.call('config.get', {});
    if (answer.result) recent = answer.result.recent_projects;
    installMenus();
  }

  function installMenus(): void {
    installAppMenu(
      { appName: APP_NAME, isMac: process.platform === 'darwin', dev: opts.dev, recent: recentProjects() },
      {
        openFolder: () => void pickAndOpen(),
        openRecent: (dir) => void openProject(dir),
        clearRecent: () => void core.call('config.update', { patch: { recent_projects: [] } }).then(refreshMenus),
        about: () => void showAbout(),
      },
    );
    tray?.refresh();
  }

  const unsubscribe = core.subscribe((event, payload) => {
    if (event === 'run.updated') tray?.onRunUpdated(payload as RunState);
    // A job's end; an interactive run's end is the tray's notification already.
    const notice = payload as FinishedNotice;
    if (event === 'notify.finished' && notice.kind === 'job' && Notification.isSupported()) new Notification({ title: notice.title, body: notice.body }).show();
    if (event === 'project.changed') void refreshMenus();
  });

  // Opened through the contract (not createCore's projectDir) so a bad folder is an error box, not a crash.
  if (opts.projectDir) await openProject(opts.projectDir, { quiet: true });

  try {
    const icon = path.join(iconsDir, process.platform === 'linux' ? 'tray-22.png' : 'tray-16.png');
    tray = createAppTray({ iconPath: icon, recent: recentProjects, show: showWindow, openProject: (dir) => void openProject(dir), quit: () => app.quit() });
  } catch (err) {
    // Some Linux desktops have no status area; the app works without a tray.
    console.warn(`Orchest: no system tray (${err instanceof Error ? err.message : String(err)})`);
  }
  await refreshMenus();
  createWindow();

  return {
    core,
    showWindow,
    openProject,
    async dispose() {
      unsubscribe();
      bridge.dispose();
      tray?.destroy();
      await core.dispose();
    },
  };
}
