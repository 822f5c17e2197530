import { spawn } from 'node:child_process';
import { splitShellWords } from '../common/shell-words.js';
import { CoreError } from '../core/core-error.js';

/** Split a command line into words the way a shell would for quotes and backslashes (no expansion). */
export function splitCommand(command: string): string[] {
  try {
    return splitShellWords(command);
  } catch (err) {
    throw new CoreError('INVALID_ARGUMENT', `The external_editor command ${(err as Error).message}: ${command}`);
  }
}

/** argv for opening `file`: every {file} replaced by it, or it appended when there is none. */
export function editorArgv(command: string, file: string): string[] {
  const words = splitCommand(command);
  if (!words.some((w) => w.includes('{file}'))) return [...words, file];
  return words.map((w) => w.split('{file}').join(file));
}

/** A command line a user could paste into a shell, for showing what was run. */
export function formatCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * Start the editor detached (it outlives the app) and wait until it started or failed, so a
 * wrong command answers with an error instead of silently doing nothing.
 */
export async function launchDetached(argv: readonly string[], cwd: string, configPath: string): Promise<void> {
  const [cmd, ...args] = argv;
  if (!cmd) throw new CoreError('INVALID_ARGUMENT', `The external_editor setting in ${configPath} is empty.`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, detached: true, stdio: 'ignore' });
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
    child.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'ENOENT' ? `"${cmd}" was not found` : err.message;
      reject(new CoreError('INVALID_ARGUMENT', `Could not start the external editor (${why}). Check "external_editor" in ${configPath}.`));
    });
  });
}
