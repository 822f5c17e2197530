import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface Owner {
  uid: number;
  gid: number;
}

/** The project folder's owner on Linux (steps run as them); undefined elsewhere (Docker Desktop maps users). */
export async function projectOwner(absRoot: string, platform: NodeJS.Platform = process.platform): Promise<Owner | undefined> {
  if (platform !== 'linux') return undefined;
  const st = await fs.stat(absRoot);
  return { uid: st.uid, gid: st.gid };
}

/** Only root makes files another user must own; everyone else's files are theirs already. */
function needsChown(owner: Owner | undefined): owner is Owner {
  return !!owner && typeof process.getuid === 'function' && process.getuid() === 0 && owner.uid !== 0;
}

/**
 * mkdir -p, giving the folders it creates to `owner`: when the app runs as root on a user's
 * project, the step (running as that user) must be able to write its data and the user to delete it.
 */
export async function ensureOwnedDir(dir: string, owner: Owner | undefined): Promise<void> {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    try {
      await fs.stat(d);
      break;
    } catch {
      missing.push(d);
      if (path.dirname(d) === d) break;
    }
  }
  await fs.mkdir(dir, { recursive: true });
  if (needsChown(owner)) for (const d of missing) await fs.chown(d, owner.uid, owner.gid);
}

export async function chownIfRoot(file: string, owner: Owner | undefined): Promise<void> {
  if (needsChown(owner)) await fs.chown(file, owner.uid, owner.gid);
}

/** The /data folder every step and service shares (<dataDir>/data). */
export async function ensureSharedDataDir(dir: string): Promise<void> {
  const existed = await fs.stat(dir).then(
    () => true,
    () => false,
  );
  await fs.mkdir(dir, { recursive: true });
  // Shared by every project, like /tmp: when root makes it, steps of any user must write there.
  if (!existed && process.getuid?.() === 0) await fs.chmod(dir, 0o1777);
}
