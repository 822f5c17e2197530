/** The application menu as a template (pure, so it is tested without Electron). */
import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  appName: string;
  isMac: boolean;
  /** Development checkout: adds Reload and Toggle Developer Tools. */
  dev: boolean;
  recent: readonly string[];
}

export interface AppMenuActions {
  openFolder(): void;
  openRecent(dir: string): void;
  clearRecent(): void;
  about(): void;
}

export function buildAppMenuTemplate(opts: AppMenuOptions, actions: AppMenuActions): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] = opts.recent.length
    ? [
        ...opts.recent.map((dir): MenuItemConstructorOptions => ({ label: dir, click: () => actions.openRecent(dir) })),
        { type: 'separator' },
        { label: 'Clear Recently Opened', click: () => actions.clearRecent() },
      ]
    : [{ label: 'No recent projects', enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { id: 'open-folder', label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFolder() },
      { id: 'open-recent', label: 'Open Recent', submenu: recent },
      { type: 'separator' },
      // On macOS Quit lives in the app menu.
      opts.isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  };

  const devItems: MenuItemConstructorOptions[] = opts.dev ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] : [];
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [...devItems, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: `About ${opts.appName}`, click: () => actions.about() }],
  };

  const macApp: MenuItemConstructorOptions[] = opts.isMac
    ? [
        {
          label: opts.appName,
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];
  return [...macApp, file, edit, view, help];
}
