/** What the acceptance tests share: the real CLI in a child process, with its own HOME. */
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const execFileP = promisify(execFile);

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `orchest ARGS` with HOME=home (so ~/.config/orchest is the test's), without the caller's XDG dirs. */
export function orchest(args: string[], home: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const { XDG_CONFIG_HOME: _c, XDG_DATA_HOME: _d, ...env } = process.env;
    const child = spawn(process.execPath, [path.join(repo, 'bin/orchest.js'), ...args], { env: { ...env, HOME: home } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Fails (never skips) with the command that builds the image when Docker lacks it. */
export async function requireImage(image: string, packages: string): Promise<void> {
  try {
    await execFileP('docker', ['image', 'inspect', image]);
  } catch {
    throw new Error(`The image ${image} is missing (or Docker is not running). Build it with: node bin/orchest.js image build-offline ${image} --packages "${packages}"`);
  }
}

/** Remove the environment images a temp project built: each temp project gets its own tags. */
export async function removeEnvironmentImages(project: string, home: string): Promise<void> {
  const listed = await orchest(['env', 'list', project, '--json'], home);
  const images = (JSON.parse(listed.stdout || '[]') as { image: string }[]).map((e) => e.image);
  if (images.length) await execFileP('docker', ['image', 'rm', '-f', ...images]).catch(() => undefined);
}

export interface RunResult {
  status: string;
  steps: { title: string; status: string; log_path: string }[];
}
