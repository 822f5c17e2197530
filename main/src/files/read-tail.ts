import { promises as fs } from 'node:fs';

import type { LogTail } from '../api/runs.js';

/**
 * The end of a log file, at most `tailBytes`, from a character boundary; null when the file does
 * not exist (or cannot be opened). Live log events carry byte offsets into the same file, so a
 * client places the text at `size - bytes(text)`.
 */
export async function readTail(file: string, tailBytes: number): Promise<LogTail | null> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return null;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - tailBytes);
    const buf = Buffer.alloc(size - start);
    const { bytesRead } = await handle.read(buf, 0, buf.length, start);
    let from = 0;
    if (start > 0) while (from < bytesRead && (buf[from]! & 0xc0) === 0x80) from++; // no half character
    return { text: buf.subarray(from, bytesRead).toString('utf8'), size: start + bytesRead, truncated: start + from > 0 };
  } finally {
    await handle.close();
  }
}
