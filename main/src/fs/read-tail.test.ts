import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../pipeline/testing/fixtures.js';
import { readTail } from './read-tail.js';

describe('readTail', () => {
  it('reads a short file whole and a long one from its end, never half a character', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'step.log');
    await fs.writeFile(file, 'héllo\n');
    expect(await readTail(file, 1024)).toEqual({ text: 'héllo\n', size: 7, truncated: false });
    // The last 5 bytes start inside "é" (2 bytes): the tail starts after it.
    expect(await readTail(file, 6)).toEqual({ text: 'éllo\n', size: 7, truncated: true });
    expect(await readTail(file, 5)).toEqual({ text: 'llo\n', size: 7, truncated: true });
  });

  it('answers null for a missing file and throws for other errors', async () => {
    const dir = await tempDir();
    expect(await readTail(path.join(dir, 'none.log'), 10)).toBeNull();
    await expect(readTail(dir, 10)).rejects.toThrow(/EISDIR/);
  });
});
