import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Where `abs` really is when a symlink on the way takes it out of `folder` (e.g. a
 * .orchest/pipeline.json linked to a file elsewhere), else null. For a path that does not exist
 * yet, its nearest existing parent decides: a write there would land outside too. `folder` must
 * be a real path itself (the project root is resolved when it is opened).
 */
export async function linkOutside(folder: string, abs: string): Promise<string | null> {
  for (let p = abs; ; p = path.dirname(p)) {
    let real: string;
    try {
      real = await fs.realpath(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && path.dirname(p) !== p) continue;
      throw err;
    }
    const rel = path.relative(folder, real);
    return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel) ? real : null;
  }
}

/** The refusal, for people: what links where, and what to do. */
export function linkOutsideMessage(name: string, target: string, folder: string): string {
  return (
    `"${name}" is a symbolic link to ${target}, outside ${folder}: Orchest reads and writes only files inside the project, so it was not used. ` +
    `Put the file itself in its place (e.g. cp --remove-destination "${target}" "${name}").`
  );
}
