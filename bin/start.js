#!/usr/bin/env node
// `npm start -- [PROJECT_DIR] [--web]`: the desktop app on PROJECT_DIR (default: the example
// project). Where Electron cannot run (no binary, no display, it dies at once) it says why in one
// line and starts web mode instead (`orchest serve PROJECT_DIR`, which prints the URL to open).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** Electron still running after this long has started; an earlier failure means "fall back". */
const STARTUP_GRACE_MS = Number(process.env.ORCHEST_ELECTRON_STARTUP_MS) || 5000;
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

const USAGE = `Usage: npm start -- [PROJECT_DIR] [--web]

Starts Orchest Desktop on PROJECT_DIR (default: examples/hello-pipeline).
  --web   skip Electron: serve the UI to a browser on 127.0.0.1 (orchest serve)`;

function parseArgs(argv) {
  const opts = { web: false, projectDir: null };
  for (const arg of argv) {
    if (arg === '--web') opts.web = true;
    else if (arg === '-h' || arg === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith('-')) {
      console.error(`Unknown option ${arg}\n\n${USAGE}`);
      process.exit(2);
    } else if (opts.projectDir) {
      console.error(`Only one PROJECT_DIR, please (got ${opts.projectDir} and ${arg}).\n\n${USAGE}`);
      process.exit(2);
    } else opts.projectDir = path.resolve(arg);
  }
  opts.projectDir ??= path.join(root, 'examples', 'hello-pipeline');
  return opts;
}

/** Mirror a child: forward Ctrl-C / termination to it, exit with its status. */
function mirror(child) {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function startWebMode(projectDir) {
  const cli = path.join(root, 'bin', 'orchest.js');
  if (!existsSync(cli)) {
    console.error(`Cannot start web mode either: ${path.relative(root, cli)} is missing.`);
    process.exit(1);
  }
  const child = spawn(process.execPath, [cli, 'serve', projectDir], { stdio: 'inherit' });
  child.on('error', (err) => {
    console.error(`Cannot start web mode: ${err.message}`);
    process.exit(1);
  });
  mirror(child);
}

/**
 * The Electron binary, or why there is none. `require('electron')` answers its path and, when the
 * binary is missing, first tries to download it, printing progress and stack traces; it runs in a
 * child so that noise stays out of the one line this script prints.
 */
async function resolveElectron(env) {
  try {
    require.resolve('electron');
  } catch {
    return { reason: 'the electron package is not installed (run `npm ci`)' };
  }
  const marker = '@@electron-path@@';
  const child = spawn(process.execPath, ['-e', `process.stdout.write(${JSON.stringify(marker)} + require('electron'))`], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  // Only said when a real download is going on (a machine with a network, first start).
  const slow = setTimeout(() => console.log('Downloading the Electron binary (first start)…'), 3000);
  const killer = setTimeout(() => child.kill('SIGKILL'), DOWNLOAD_TIMEOUT_MS);
  const code = await new Promise((resolve) => {
    child.on('error', () => resolve(-1));
    child.on('close', (c) => resolve(c ?? -1));
  });
  clearTimeout(slow);
  clearTimeout(killer);
  const at = out.lastIndexOf(marker);
  if (code === 0 && at >= 0) {
    const binary = out.slice(at + marker.length).trim();
    return existsSync(binary) ? { binary } : { reason: `the Electron binary ${binary} does not exist` };
  }
  // The first "SomeError: message" line is the cause (e.g. "fetch failed" offline).
  const cause = err.match(/^\w*Error: (.+)$/m)?.[1]?.trim();
  return { reason: `no Electron binary, and downloading it failed${cause ? `: ${cause}` : ''}` };
}

function displayProblem(env) {
  if (process.platform !== 'linux' || env.DISPLAY || env.WAYLAND_DISPLAY) return null;
  return 'no display: $DISPLAY and $WAYLAND_DISPLAY are unset';
}

/** Runs Electron; answers a reason when it fails at once, else mirrors it until it exits. */
function launchElectron(binary, mainScript, projectDir, env) {
  // Chromium refuses to run as root with its sandbox on; pages stay sandboxed (webPreferences.sandbox).
  const flags = process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const child = spawn(binary, [...flags, mainScript, projectDir], { cwd: root, env, stdio: ['inherit', 'inherit', 'pipe'] });
  let errTail = '';
  child.stderr.on('data', (d) => {
    process.stderr.write(d);
    errTail = (errTail + d).slice(-4000);
  });
  return new Promise((resolve) => {
    let committed = false;
    const started = setTimeout(() => {
      committed = true;
      mirror(child);
      resolve(null);
    }, STARTUP_GRACE_MS);
    child.on('error', (err) => {
      clearTimeout(started);
      resolve(`cannot run ${binary}: ${err.message}`);
    });
    child.on('exit', (code, signal) => {
      if (committed) return; // mirror() exits with it
      clearTimeout(started);
      if (code === 0) process.exit(0); // e.g. handed the folder to an instance already running
      const last = errTail.split('\n').map((l) => l.trim()).filter(Boolean).pop();
      resolve(`Electron exited at start with ${signal ? `signal ${signal}` : `code ${code}`}${last ? `: ${last}` : ''}`);
    });
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(opts.projectDir) || !statSync(opts.projectDir).isDirectory()) {
    console.error(`No such folder: ${opts.projectDir}`);
    process.exit(2);
  }
  if (!existsSync(path.join(root, 'renderer', 'dist', 'index.html'))) {
    console.error('The UI is not built (renderer/dist is missing): run `npm run build` first.');
    process.exit(1);
  }
  if (opts.web) return startWebMode(opts.projectDir);

  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would make the Electron binary behave as plain Node
  const mainScript = path.join(root, 'dist', 'electron', 'main.cjs');
  let reason = displayProblem(env);
  if (!reason && !existsSync(mainScript)) reason = 'dist/electron/main.cjs is missing: run `npm run build`';
  let binary = null;
  if (!reason) ({ binary, reason } = await resolveElectron(env));
  if (!reason) reason = await launchElectron(binary, mainScript, opts.projectDir, env);
  if (!reason) return; // Electron is running; mirror() exits with it.

  console.log(`Electron is not available here (${reason}): starting web mode instead`);
  startWebMode(opts.projectDir);
}

await main();
