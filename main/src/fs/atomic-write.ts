import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Mode of a new file (an existing file keeps its own). Default 0o666 minus the umask. */
  mode?: number;
  /** Fail with EEXIST instead of replacing an existing file (still never a half-written file). */
  exclusive?: boolean;
}

const TEMP_NAME = /^\..+\.[0-9a-f]{12}\.tmp$/;

/** Our temp files (".<name>.<12 hex>.tmp"): the watcher and file lists ignore them. */
export function isAtomicTempFile(fileName: string): boolean {
  return TEMP_NAME.test(fileName);
}

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

function existsError(p: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`EEXIST: file already exists, '${p}'`), { code: 'EEXIST', path: p });
}

/**
 * Write a file so readers see either the old or the new content, never a mix, even if the
 * process dies: a temp file in the same folder, fsync, then rename over the target. The file
 * keeps its mode (and owner, when we may); a symlink keeps pointing at the file it named.
 */
export async function atomicWrite(absPath: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  let target = absPath;
  try {
    target = await fs.realpath(absPath);
  } catch (err) {
    if (errCode(err) !== 'ENOENT') throw err;
  }
  let existing: { mode: number; uid: number; gid: number } | null = null;
  try {
    const st = await fs.stat(target);
    existing = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch (err) {
    if (errCode(err) !== 'ENOENT') throw err;
  }
  if (existing && opts.exclusive) {
    throw existsError(absPath);
  }

  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await fs.open(tmp, 'wx', existing?.mode ?? opts.mode ?? 0o666);
  try {
    try {
      await fh.writeFile(data);
      // open() applied the umask; an existing file's mode is restored exactly.
      if (existing) {
        await fh.chmod(existing.mode);
        if (process.getuid?.() === 0) await fh.chown(existing.uid, existing.gid).catch(() => undefined);
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (opts.exclusive) {
      // link() refuses an existing target, unlike rename(): no race with another writer.
      let linked = false;
      try {
        await fs.link(tmp, target);
        linked = true;
      } catch (err) {
        if (errCode(err) === 'EEXIST') throw err;
        // A filesystem without hard links: check, then rename (a small race, only there).
        if (await fs.stat(target).then(() => true, () => false)) throw existsError(absPath);
        await fs.rename(tmp, target);
      }
      if (linked) await fs.unlink(tmp);
    } else {
      await fs.rename(tmp, target);
    }
  } catch (err) {
    await fs.unlink(tmp).catch(() => undefined);
    throw err;
  }
  // Make the rename itself durable; not every platform lets us open a folder.
  const dirHandle = await fs.open(dir, 'r').catch(() => null);
  if (dirHandle) await dirHandle.sync().catch(() => undefined).finally(() => dirHandle.close());
}
