import { spawn } from 'node:child_process';
import { CoreError } from '../core/core-error.js';

/** The system's "open with the default application" (Electron's shell.openPath); '' on success, else why not. */
export type OpenPath = (absPath: string) => Promise<string>;

/** What opens a file with its default application here, without a shell. */
export function systemOpener(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'open';
  if (platform === 'win32') return 'explorer.exe';
  return 'xdg-open';
}

/**
 * Start a program detached (an editor outlives the app) and wait until it started or failed, so a
 * wrong command answers with an error instead of silently doing nothing. `fix` says what to change.
 */
export async function launchDetached(argv: readonly string[], cwd: string, fix: string): Promise<void> {
  const [cmd, ...args] = argv;
  if (!cmd) throw new CoreError('INVALID_ARGUMENT', `The editor command is empty. ${fix}`);
  await new Promise<void>((resolve, reject) => {
    // shell: false (the default) always; said here because it is the point.
    const child = spawn(cmd, args, { cwd, detached: true, stdio: 'ignore', shell: false });
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
    child.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'ENOENT' ? `"${cmd}" was not found` : err.message;
      reject(new CoreError('INVALID_ARGUMENT', `Could not start ${cmd} (${why}). ${fix}`));
    });
  });
}
