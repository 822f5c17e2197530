import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { linkOutside } from '../fs/link-outside.js';

/** The summary and thumbnails are small; anything bigger is not what the SDK writes. */
export const MAX_SUMMARY_FILE_BYTES = 1024 * 1024;
export const MAX_THUMBNAIL_FILE_BYTES = 1024 * 1024;

export type SmallFile = { ok: true; bytes: Buffer } | { ok: false; reason: 'absent' | 'refused'; message: string };

/**
 * One file of a step's output folder, which a step's code wrote: read only if it is a regular file
 * (no symlink, neither the file nor a folder on the way out of the project) of at most `maxBytes`.
 */
export async function readOutputFile(projectRoot: string, folder: string, name: string, maxBytes: number): Promise<SmallFile> {
  const file = path.join(folder, name);
  const outside = await linkOutside(projectRoot, folder).catch(() => null);
  if (outside) return { ok: false, reason: 'refused', message: `${folder} links to ${outside}, outside the project: it is not read.` };
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'absent', message: `${file} does not exist.` };
    if (code === 'ELOOP') return { ok: false, reason: 'refused', message: `${file} is a symbolic link: it is not read.` };
    return { ok: false, reason: 'refused', message: `${file} cannot be read: ${(err as Error).message}` };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { ok: false, reason: 'refused', message: `${file} is not a file.` };
    if (stat.size > maxBytes) return { ok: false, reason: 'refused', message: `${file} is ${stat.size} bytes, more than the ${maxBytes} a summary may have.` };
    return { ok: true, bytes: await handle.readFile() };
  } finally {
    await handle.close();
  }
}
