import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * The project files an environment build sees at /project-dir, as in Orchest: everything except
 * what a .gitignore ignores (the root's and nested ones, git's rules via the `ignore` library),
 * `.orchest/` folders (pipeline data, logs, environments) and `.git/`.
 */

/** Never in a build: Orchest's own state and git's. */
const ALWAYS_LEFT_OUT = new Set(['.orchest', '.git']);

/** Path parts ('/'-split, relative to the root) -> always left out, whatever .gitignore says. */
export type LeftOutRule = (parts: readonly string[]) => boolean;
const buildLeftOut: LeftOutRule = (parts) => parts.some((p) => ALWAYS_LEFT_OUT.has(p));

export interface ProjectFile {
  /** '/'-separated, relative to the project root. */
  rel: string;
  abs: string;
  kind: 'file' | 'dir' | 'symlink';
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/** Answers "is this path in the build?" with the .gitignore files of its folders, read once each. */
export class ProjectFilter {
  /** Folder ('' = root) → its .gitignore rules, or null when it has none. */
  private readonly rules = new Map<string, Ignore | null>();

  /** `leftOut`: what is never included (default: a build's rule, `.orchest/` and `.git/`). */
  constructor(
    readonly root: string,
    private readonly leftOut: LeftOutRule = buildLeftOut,
  ) {}

  private async rulesOf(dir: string): Promise<Ignore | null> {
    if (this.rules.has(dir)) return this.rules.get(dir)!;
    let found: Ignore | null = null;
    try {
      found = ignore().add(await fs.readFile(path.join(this.root, dir, '.gitignore'), 'utf8'));
    } catch {
      // No .gitignore here (or unreadable): nothing ignored by this folder.
    }
    this.rules.set(dir, found);
    return found;
  }

  /** `rel` is '/'-separated; `isDir` matters for patterns like "build/". */
  async includes(rel: string, isDir: boolean): Promise<boolean> {
    const parts = rel.split('/').filter(Boolean);
    if (parts.length === 0) return true;
    if (this.leftOut(parts)) return false;
    // Each ancestor's .gitignore judges the path relative to that ancestor; so does each
    // ancestor folder itself (git does not look inside an ignored folder).
    for (let depth = 0; depth < parts.length; depth++) {
      const rules = await this.rulesOf(parts.slice(0, depth).join('/'));
      if (!rules) continue;
      for (let end = depth + 1; end <= parts.length; end++) {
        const sub = parts.slice(depth, end).join('/');
        const subIsDir = end < parts.length || isDir;
        if (rules.ignores(subIsDir ? `${sub}/` : sub)) return false;
      }
    }
    return true;
  }
}

/** Every file, symlink and folder of the build, parents before children, in a stable order. */
export async function* walkProject(filter: ProjectFilter, dir = ''): AsyncGenerator<ProjectFile> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(path.join(filter.root, dir), { withFileTypes: true });
  } catch (err) {
    if (dir === '') throw err; // the project itself must be readable; a vanished subfolder is skipped
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    const kind = entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : entry.isSymbolicLink() ? 'symlink' : null;
    if (!kind || !(await filter.includes(rel, kind === 'dir'))) continue; // sockets, fifos: nothing to copy
    yield { rel, abs: path.join(filter.root, ...rel.split('/')), kind };
    if (kind === 'dir') yield* walkProject(filter, rel);
  }
}

/** The project-relative, '/'-separated form of `p` (absolute or relative to the root), or null outside it. */
export function projectRelative(root: string, p: string): string | null {
  const rel = toPosix(path.relative(root, path.resolve(root, p)));
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) return null;
  return rel;
}
