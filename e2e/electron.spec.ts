/**
 * The real desktop app (dist/electron/main.cjs in the Electron binary), with a temp HOME and a temp
 * copy of the example project. Runs wherever an Electron binary exists or can be downloaded; skips,
 * saying so, only where there is none (this machine is offline). Needs `npm run build` first.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { PreloadApi } from '../main/src/api/client.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mainScript = path.join(repoRoot, 'dist', 'electron', 'main.cjs');
const SKIP_REASON = 'Electron binary not installed on this machine (offline); run where it can be downloaded';

/** `require('electron')` answers the binary's path, downloading it if missing; null when that fails. */
function electronBinary(): string | null {
  const marker = '@@electron-path@@';
  const probe = spawnSync(process.execPath, ['-e', `process.stdout.write(${JSON.stringify(marker)} + require('electron'))`], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  const at = probe.stdout?.lastIndexOf(marker) ?? -1;
  const binary = probe.status === 0 && at >= 0 ? probe.stdout.slice(at + marker.length).trim() : '';
  return binary && existsSync(binary) ? binary : null;
}

/** On a Linux machine without a display, a private Xvfb (the binary exists, so the test must run). */
async function ensureDisplay(env: NodeJS.ProcessEnv): Promise<ChildProcess | null> {
  if (process.platform !== 'linux' || env.DISPLAY || env.WAYLAND_DISPLAY) return null;
  const display = `:${90 + Math.floor(Math.random() * 100)}`;
  const xvfb = spawn('Xvfb', [display, '-screen', '0', '1600x1000x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  const failed = await new Promise<string | null>((resolve) => {
    xvfb.once('error', (err) => resolve(`no display and no Xvfb to make one (apt-get install -y xvfb): ${err.message}`));
    xvfb.once('exit', (code) => resolve(`Xvfb ${display} exited with ${code}`));
    setTimeout(() => resolve(null), 1500);
  });
  if (failed) throw new Error(failed);
  env.DISPLAY = display;
  return xvfb;
}

const binary = electronBinary();
if (!binary) console.log(`e2e/electron.spec.ts skipped: ${SKIP_REASON}`);

test.describe('Electron app', () => {
  test.skip(!binary, SKIP_REASON);

  let tmp: string;
  let project: string;
  let app: ElectronApplication;
  let page: Page;
  let xvfb: ChildProcess | null = null;

  test.beforeAll(async () => {
    expect(existsSync(mainScript), 'dist/electron/main.cjs is missing: run `npm run build` first').toBe(true);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-electron-e2e-'));
    const home = path.join(tmp, 'home');
    project = path.join(tmp, 'hello-pipeline');
    await mkdir(home, { recursive: true });
    const example = path.join(repoRoot, 'examples', 'hello-pipeline');
    if (existsSync(example)) await cp(example, project, { recursive: true });
    else {
      await mkdir(path.join(project, '.orchest'), { recursive: true });
      await writeFile(path.join(project, '.orchest', 'pipeline.json'), JSON.stringify({ name: 'hello', uuid: 'e2e-hello', version: '1.0.0', settings: {}, parameters: {}, steps: {} }));
    }
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share') };
    delete env.ELECTRON_RUN_AS_NODE;
    xvfb = await ensureDisplay(env);
    // Chromium will not start as root with its sandbox; the page is still sandboxed (webPreferences.sandbox).
    const flags = process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    app = await _electron.launch({
      executablePath: binary!,
      args: [...flags, mainScript, project],
      cwd: repoRoot,
      env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
    });
    page = await app.firstWindow();
  });

  test.afterAll(async () => {
    await app?.close().catch(() => {});
    xvfb?.kill();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('shows the editor on the project from the command line', async () => {
    await expect(page.getByRole('button', { name: 'Open Folder' })).toBeVisible();
    expect(page.url()).toBe('orchest://app/index.html');
    const info = await page.evaluate(() => (window as unknown as { api: PreloadApi }).api['app.info']({}));
    expect(info.result).toMatchObject({ mode: 'electron', canPickFolder: true });
    const opened = await page.evaluate(() => (window as unknown as { api: PreloadApi }).api['project.get']({}));
    expect(opened.result?.root).toBe(project);
  });

  test('runs the page hardened: isolated, sandboxed, no Node', async () => {
    // getLastWebPreferences() is undocumented (so untyped); where it still exists it shows what the window got.
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]!.webContents as unknown as { getLastWebPreferences?: () => Record<string, unknown> };
      return contents.getLastWebPreferences?.() ?? null;
    });
    if (prefs) expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    else test.info().annotations.push({ type: 'note', description: 'no getLastWebPreferences() in this Electron: hardening checked by behaviour only' });
    // Behaviour: no Node in the page; window.api exists, which contextBridge allows only with contextIsolation.
    const globals = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return { require: typeof w.require, process: typeof w.process, module: typeof w.module, ipcRenderer: typeof w.ipcRenderer, api: Object.keys((w.api as object | undefined) ?? {}) };
    });
    expect(globals).toMatchObject({ require: 'undefined', process: 'undefined', module: 'undefined', ipcRenderer: 'undefined' });
    expect(globals.api).toContain('project.open');
    expect(globals.api).toContain('onEvent');
  });

  test('serves the page with a CSP that forbids eval', async () => {
    const csp = await page.evaluate(() => fetch('orchest://app/index.html').then((r) => r.headers.get('content-security-policy')));
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    const evalBlocked = await page.evaluate(() => {
      try {
        return (0, eval)('1 + 1') !== 2;
      } catch {
        return true;
      }
    });
    expect(evalBlocked).toBe(true);
  });

  test('denies navigation away and new windows', async () => {
    // file: rather than https: so the denied navigation does not open the machine's browser.
    await page.evaluate(() => {
      window.location.href = 'file:///etc/hostname';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('orchest://app/index.html');
    expect(await page.evaluate(() => window.open('orchest://app/index.html') === null)).toBe(true);
    await page.waitForTimeout(300);
    expect(app.windows()).toHaveLength(1);
  });
});
