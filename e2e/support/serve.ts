import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Served {
  url: string;
  /** The server's process id (to measure its memory). */
  pid: number;
  home: string;
  project: string | undefined;
  output: () => string;
  stop(): Promise<void>;
}

/** A temp HOME (config, data) for one test. */
export async function makeHome(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'orchest-e2e-home-'));
}

/** `orchest serve PROJECT --port 0` with its own HOME; resolves once it prints its URL. */
/** `project` undefined: the app starts with no folder open. */
export async function serve(project: string | undefined, home: string, extraEnv: Record<string, string> = {}): Promise<Served> {
  await mkdir(home, { recursive: true });
  const child: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'bin/orchest.js'), 'serve', ...(project ? [project] : []), '--port', '0'], {
    cwd: repoRoot,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share'), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`orchest serve printed no URL within 30 s:\n${out}`)), 30_000);
    const check = () => {
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`orchest serve exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    home,
    project,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
