import { promises as fs } from 'node:fs';

export interface FileTail {
  /** The last bytes of the file as text, starting at a whole UTF-8 character. */
  text: string;
  /** Where the text ends: the file's size in bytes when read. */
  size: number;
  /** Earlier bytes were left out. */
  truncated: boolean;
}

/**
 * The last `maxBytes` of a file (a log that may be huge), from a character boundary, or null when
 * there is no such file. Live log events carry byte offsets into the same file, so a client places
 * the text at `size - bytes(text)`.
 */
export async function readTail(file: string, maxBytes: number): Promise<FileTail | null> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    const { bytesRead } = await handle.read(buf, 0, buf.length, start);
    let from = 0;
    if (start > 0) while (from < bytesRead && (buf[from]! & 0xc0) === 0x80) from++; // no half character
    return { text: buf.subarray(from, bytesRead).toString('utf8'), size: start + bytesRead, truncated: start + from > 0 };
  } finally {
    await handle.close();
  }
}
