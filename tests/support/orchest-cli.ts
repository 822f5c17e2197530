/** Runs `bin/orchest.js` as a user would, with its own HOME (config and data there), for acceptance tests. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function orchest(args: string[], home: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const { XDG_CONFIG_HOME: _c, XDG_DATA_HOME: _d, ...env } = process.env;
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/orchest.js'), ...args], { env: { ...env, HOME: home } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
