import path from 'node:path';

/**
 * The project folder named on a command line, absolute, or null.
 * argv is [exe, ...] packaged, or [exe, ...flags, appPath, ...] when run as `electron dist/electron/main.cjs`
 * (`defaultApp`). Chromium/Playwright switches (`--x`, `--x=y`) may sit anywhere, so they are skipped.
 */
export function projectDirFromArgv(argv: readonly string[], cwd: string, defaultApp: boolean): string | null {
  const positional = argv.slice(1).filter((arg) => !arg.startsWith('-'));
  const dir = positional[defaultApp ? 1 : 0];
  return dir ? path.resolve(cwd, dir) : null;
}
