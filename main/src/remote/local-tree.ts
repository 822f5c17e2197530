import { createHash } from 'node:crypto';
import { createReadStream, promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ProjectFilter } from '../environments/project-files.js';

/** A regular file to copy to a remote engine: '/'-separated path as it lands in the volume. */
export interface LocalFile {
  rel: string;
  abs: string;
  size: number;
  mtimeMs: number;
  mode: number;
}

/**
 * Run artefacts (step outputs, logs) are not project files: outputs stay on the engine that wrote
 * them (runs.fetchOutputs brings them back) and logs are streamed here live.
 * folder layout: <dir>/.orchest/data|logs; project layout: .orchest/pipelines/<uuid>/data|logs.
 */
const ARTEFACT_DIR = /(^|\/)\.orchest\/(pipelines\/[^/]+\/)?(data|logs)$/;
export const isArtefactDir = (rel: string): boolean => ARTEFACT_DIR.test(rel);
/** The same rule, for the Python listing on the engine (a regex both languages read alike). */
export const ARTEFACT_DIR_PATTERN = ARTEFACT_DIR.source;

/**
 * What of a project a remote run needs: what an environment build sees (.gitignore respected,
 * no .git), plus the .orchest/ folders (pipeline definitions, which the SDK reads) without their
 * run artefacts.
 */
export function projectIncludes(root: string): (rel: string, isDir: boolean) => Promise<boolean> {
  const filter = new ProjectFilter(root);
  return async (rel, isDir) => {
    const parts = rel.split('/');
    if (parts.includes('.git')) return false;
    if (isDir && isArtefactDir(rel)) return false;
    const orchestAt = parts.indexOf('.orchest');
    if (orchestAt >= 0) return orchestAt === 0 || filter.includes(parts.slice(0, orchestAt).join('/'), true);
    return filter.includes(rel, isDir);
  };
}

/** Every regular file under `root` that `includes` keeps, its path prefixed with `prefix`. Symlinks and special files are left out. */
export async function listLocalFiles(root: string, includes: (rel: string, isDir: boolean) => Promise<boolean>, prefix = ''): Promise<LocalFile[]> {
  const out: LocalFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(path.join(root, dir), { withFileTypes: true });
    } catch (err) {
      if (dir === '') throw err;
      return;
    }
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (await includes(rel, true)) await walk(rel);
      } else if (e.isFile() && (await includes(rel, false))) {
        const abs = path.join(root, ...rel.split('/'));
        const st = await fs.stat(abs).catch(() => null);
        if (st?.isFile()) out.push({ rel: prefix + rel, abs, size: st.size, mtimeMs: Math.floor(st.mtimeMs), mode: st.mode & 0o777 });
      }
    }
  };
  await walk('');
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

export async function hashFile(abs: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(abs), hash);
  return hash.digest('hex');
}

/** One hash of a set of files (paths and contents): names a volume whose content never changes, e.g. the SDK of this version. */
export async function hashTree(files: readonly LocalFile[]): Promise<string> {
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.rel}\0${await hashFile(f.abs)}\0`);
  return hash.digest('hex');
}
