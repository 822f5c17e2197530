/** Electron entry (bundled to dist/electron/main.cjs): app lifecycle and the single-instance lock. */
import path from 'node:path';
import { BrowserWindow, app, dialog, session } from 'electron';
import { projectDirFromArgv } from './argv.js';
import { hardenContents, registerAppScheme } from './harden.js';
import { JUPYTER_PARTITION } from './jupyter-window.js';
import { APP_NAME, startShell, type Shell } from './shell.js';

// Before the single-instance lock: the lock lives in the userData folder, which follows the name.
app.setName(APP_NAME);
registerAppScheme();

let shell: Shell | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    shell?.showWindow();
    const dir = projectDirFromArgv(argv, workingDirectory, Boolean(process.defaultApp));
    if (dir) void shell?.openProject(dir);
  });
  app.on('web-contents-created', (_event, contents) => {
    // Jupyter windows have their own policy (jupyter-window.ts): their server's origin only.
    if (contents.session === session.fromPartition(JUPYTER_PARTITION)) return;
    hardenContents(contents, (url) => shell?.openInApp(url) ?? false);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) shell?.showWindow();
  });
  let disposing = false;
  app.on('will-quit', (event) => {
    if (!shell || disposing) return;
    // Let the core stop its runs and watchers before the process ends.
    event.preventDefault();
    disposing = true;
    void shell.dispose().finally(() => app.quit());
  });
  app
    .whenReady()
    .then(async () => {
      shell = await startShell({
        // dist/electron/main.cjs -> the checkout, or the packaged app folder.
        appRoot: path.resolve(__dirname, '..', '..'),
        bundleDir: __dirname,
        dev: !app.isPackaged,
        projectDir: projectDirFromArgv(process.argv, process.cwd(), Boolean(process.defaultApp)),
      });
    })
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      console.error(`Orchest Desktop could not start: ${message}`);
      dialog.showErrorBox('Orchest Desktop could not start', message);
      app.exit(1);
    });
}
