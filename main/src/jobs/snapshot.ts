import { constants as fsc, promises as fs } from 'node:fs';
import path from 'node:path';
import { ProjectFilter, walkProject, type LeftOutRule } from '../environments/project-files.js';

/**
 * Snapshots: a job's frozen copy of the project, and each run's own copy of that.
 *
 * Files are cloned copy-on-write (reflink: FICLONE, on btrfs, XFS, bcachefs, APFS via libuv…)
 * where the filesystem can, else copied. Never hard-linked: a step writing to a file (as Python's
 * open(path, "w") does, in place) would change the same inode in the user's project and every
 * other run, and a step running as root ignores read-only modes. A reflinked file shares its
 * blocks until one side writes, then only that side changes.
 */

export type CopyMode = 'reflink' | 'copy';

export interface CopyStats {
  files: number;
  /** Sum of the files' sizes. */
  bytes: number;
  /** Bytes actually written (0 for reflinked files). */
  bytesCopied: number;
  /** 'reflink' when every file was cloned, else 'copy' (the filesystem cannot share blocks). */
  mode: CopyMode;
}

/**
 * What a snapshot leaves out besides what .gitignore ignores: `.git/`, and Orchest's run data —
 * `.orchest/data|logs` of folder pipelines, `.orchest/pipelines/<uuid>/data|logs` of `*.orchest`
 * ones, `.orchest/jupyter` state. Pipeline definitions and `.orchest/environments` stay.
 */
export const snapshotLeftOut: LeftOutRule = (parts) => {
  if (parts.includes('.git')) return true;
  const at = parts.lastIndexOf('.orchest');
  if (at < 0) return false;
  const below = parts.slice(at + 1);
  if (below[0] === 'data' || below[0] === 'logs' || below[0] === 'jupyter') return true;
  return below[0] === 'pipelines' && (below[2] === 'data' || below[2] === 'logs');
};

const COPY_CONCURRENCY = 16;

/** Copies one file at a time, cloning while the filesystem allows (the first refusal switches to plain copies). */
class FileCopier {
  private reflink = true;
  readonly stats: CopyStats = { files: 0, bytes: 0, bytesCopied: 0, mode: 'reflink' };

  async copy(src: string, dest: string, size: number): Promise<void> {
    if (this.reflink) {
      try {
        await fs.copyFile(src, dest, fsc.COPYFILE_FICLONE_FORCE | fsc.COPYFILE_EXCL);
        this.count(size, 0);
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'EINVAL' && code !== 'ENOSYS' && code !== 'ENOTTY') throw err;
        this.reflink = false;
        this.stats.mode = 'copy';
      }
    }
    await fs.copyFile(src, dest, fsc.COPYFILE_EXCL);
    this.count(size, size);
  }

  private count(size: number, copied: number): void {
    this.stats.files++;
    this.stats.bytes += size;
    this.stats.bytesCopied += copied;
  }
}

interface Entry {
  rel: string;
  abs: string;
  kind: 'file' | 'dir' | 'symlink';
}

/** Copy entries (parents listed before children) into `dest`, files a few at a time. */
async function copyEntries(entries: AsyncIterable<Entry>, dest: string): Promise<CopyStats> {
  const copier = new FileCopier();
  await fs.mkdir(dest, { recursive: true });
  const pending = new Set<Promise<void>>();
  const failures: unknown[] = [];
  const track = (work: Promise<void>) => {
    const p = work.catch((err: unknown) => void failures.push(err)).finally(() => pending.delete(p));
    pending.add(p);
  };
  for await (const e of entries) {
    if (failures.length) break;
    const target = path.join(dest, ...e.rel.split('/'));
    if (e.kind === 'dir') {
      await fs.mkdir(target, { recursive: true });
      continue;
    }
    if (e.kind === 'symlink') {
      // A link stays a link (to the same place): copying what it points at could pull in anything.
      await fs.symlink(await fs.readlink(e.abs), target);
      continue;
    }
    const { size } = await fs.stat(e.abs);
    track(copier.copy(e.abs, target, size));
    if (pending.size >= COPY_CONCURRENCY) await Promise.race(pending);
  }
  await Promise.all(pending);
  if (failures.length) throw failures[0];
  if (copier.stats.files === 0) copier.stats.mode = 'copy';
  return copier.stats;
}

/** The project as a job freezes it, into `dest` (which must not exist yet). */
export async function snapshotProject(projectRoot: string, dest: string): Promise<CopyStats> {
  await assertFresh(dest);
  return copyEntries(walkProject(new ProjectFilter(projectRoot, snapshotLeftOut)), dest);
}

/** Every file of a tree (a job's snapshot) into `dest`: a run's own copy. */
export async function cloneTree(src: string, dest: string): Promise<CopyStats> {
  await assertFresh(dest);
  return copyEntries(walkAll(src, ''), dest);
}

async function* walkAll(root: string, dir: string): AsyncGenerator<Entry> {
  const entries = await fs.readdir(path.join(root, dir), { withFileTypes: true });
  for (const entry of entries) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    const kind = entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : entry.isSymbolicLink() ? 'symlink' : null;
    if (!kind) continue;
    yield { rel, abs: path.join(root, rel), kind };
    if (kind === 'dir') yield* walkAll(root, rel);
  }
}

async function assertFresh(dest: string): Promise<void> {
  const exists = await fs.lstat(dest).then(
    () => true,
    () => false,
  );
  if (exists) throw new Error(`${dest} already exists: a snapshot is never written over another.`);
}

/** Bytes of the files under a folder (0 when it is gone); links are not followed. */
export async function folderBytes(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  const walk = async (d: string): Promise<void> => {
    const entries = await fs.readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        const st = await fs.lstat(p).catch(() => null);
        if (st) {
          bytes += st.size;
          files++;
        }
      }
    }
  };
  await walk(dir);
  return { bytes, files };
}
