import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** An executable `name` in the PATH's folders or in `extraDirs` (e.g. /usr/sbin, absent from a user's PATH). */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env, extraDirs: readonly string[] = []): string | null {
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...extraDirs];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
