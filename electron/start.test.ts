/**
 * `npm start` (bin/start.js) in a throw-away copy of the app layout: a fake `electron` package and
 * binary, and a fake `bin/orchest.js` that reports how web mode was started. Checks what the user
 * sees: when Electron runs, and when it cannot, the one line saying why and web mode.
 */
import { spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let app: string;
let binDir: string;

async function put(rel: string, text: string, mode = 0o644) {
  const file = path.join(app, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  await chmod(file, mode);
}

beforeAll(async () => {
  app = await mkdtemp(path.join(os.tmpdir(), 'orchest-start-'));
  await mkdir(path.join(app, 'bin'));
  await copyFile(path.join(repo, 'bin', 'start.js'), path.join(app, 'bin', 'start.js'));
  await put('package.json', '{"type":"module"}');
  await put('bin/orchest.js', 'console.log("web mode: orchest " + process.argv.slice(2).join(" "));\n');
  await put('renderer/dist/index.html', '<!doctype html>');
  await put('dist/electron/main.cjs', '');
  await put('examples/hello-pipeline/.keep', '');
  // Like the real package: the path of the binary, or a failed download when it is missing.
  await put('node_modules/electron/package.json', '{"name":"electron","main":"index.js"}');
  await put(
    'node_modules/electron/index.js',
    `const path = require('path');
if (process.env.ELECTRON_OVERRIDE_DIST_PATH) module.exports = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
else {
  console.log('Downloading Electron binary...');
  console.error('TypeError: fetch failed\\n    at node:internal/deps/undici/undici:14976:13');
  throw new Error('Electron failed to install correctly. Please delete node_modules/electron and run "npx install-electron --no" manually.');
}
`,
  );
  binDir = path.join(app, 'electron-dist');
  await put(
    'electron-dist/electron',
    `#!/bin/sh
echo "electron args: $*"
case "$FAKE_ELECTRON" in
  crash) echo "[123:ERROR:ozone_platform_x11.cc] Missing X server or \\$DISPLAY" >&2; exit 1 ;;
  handoff) exit 0 ;;
  run) sleep 3; exit 3 ;;
esac
`,
    0o755,
  );
});
afterAll(async () => {
  await rm(app, { recursive: true, force: true });
});

function start(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; out: string }> {
  const base: NodeJS.ProcessEnv = { ...process.env, ORCHEST_ELECTRON_STARTUP_MS: '1500' };
  for (const key of ['DISPLAY', 'WAYLAND_DISPLAY', 'ELECTRON_OVERRIDE_DIST_PATH', 'ELECTRON_RUN_AS_NODE']) delete base[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(app, 'bin', 'start.js'), ...args], { cwd: app, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const fallbackLines = (out: string) => out.split('\n').filter((l) => l.startsWith('Electron is not available here'));
const example = () => path.join(app, 'examples', 'hello-pipeline');

describe.runIf(process.platform === 'linux')('npm start', () => {
  it('without a display, says so and serves the example project in web mode', async () => {
    const { code, out } = await start([], {});
    expect(fallbackLines(out)).toEqual(['Electron is not available here (no display: $DISPLAY and $WAYLAND_DISPLAY are unset): starting web mode instead']);
    expect(out).toContain(`web mode: orchest serve ${example()}`);
    expect(code).toBe(0);
  });

  it('without an Electron binary, gives the cause in one line, none of the download noise', async () => {
    const { code, out } = await start(['examples/hello-pipeline'], { DISPLAY: ':99' });
    expect(fallbackLines(out)).toEqual(['Electron is not available here (no Electron binary, and downloading it failed: fetch failed): starting web mode instead']);
    expect(out).not.toContain('Downloading Electron binary');
    expect(out).not.toContain('at node:internal');
    expect(out).toContain(`web mode: orchest serve ${example()}`);
    expect(code).toBe(0);
  });

  it('when Electron dies at start, passes its error on and falls back', async () => {
    const { code, out } = await start([], { DISPLAY: ':99', ELECTRON_OVERRIDE_DIST_PATH: binDir, FAKE_ELECTRON: 'crash' });
    expect(fallbackLines(out)).toEqual(['Electron is not available here (Electron exited at start with code 1: [123:ERROR:ozone_platform_x11.cc] Missing X server or $DISPLAY): starting web mode instead']);
    expect(out).toContain('web mode: orchest serve');
    expect(code).toBe(0);
  });

  it('runs Electron on the bundle and the project, and exits with it', async () => {
    const { code, out } = await start([example()], { WAYLAND_DISPLAY: 'wayland-0', ELECTRON_OVERRIDE_DIST_PATH: binDir, FAKE_ELECTRON: 'run' });
    const sandboxFlag = process.getuid?.() === 0 ? '--no-sandbox ' : '';
    expect(out).toContain(`electron args: ${sandboxFlag}${path.join(app, 'dist', 'electron', 'main.cjs')} ${example()}`);
    expect(fallbackLines(out)).toEqual([]);
    expect(out).not.toContain('web mode');
    expect(code).toBe(3);
  });

  it('does not fall back when Electron hands the folder to an instance already running', async () => {
    const { code, out } = await start([], { DISPLAY: ':0', ELECTRON_OVERRIDE_DIST_PATH: binDir, FAKE_ELECTRON: 'handoff' });
    expect(out).not.toContain('web mode');
    expect(code).toBe(0);
  });

  it('--web goes straight to web mode', async () => {
    const { out } = await start(['--web'], { DISPLAY: ':0', ELECTRON_OVERRIDE_DIST_PATH: binDir, FAKE_ELECTRON: 'run' });
    expect(out).not.toContain('electron args');
    expect(out).toContain(`web mode: orchest serve ${example()}`);
  });

  it('refuses a folder that does not exist', async () => {
    const { code, out } = await start(['no/such/folder'], {});
    expect(out).toContain(`No such folder: ${path.join(app, 'no', 'such', 'folder')}`);
    expect(code).toBe(2);
  });

  it('asks for `npm run build` when the UI is not built', async () => {
    await rm(path.join(app, 'renderer'), { recursive: true });
    try {
      const { code, out } = await start([], {});
      expect(out).toContain('run `npm run build` first');
      expect(out).not.toContain('web mode');
      expect(code).toBe(1);
    } finally {
      await put('renderer/dist/index.html', '<!doctype html>');
    }
  });
});
