import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atomicWrite, isAtomicTempFile } from './atomic-write.js';
import { tempDir } from '../pipeline/testing/fixtures.js';

describe('atomicWrite', () => {
  it('replaces the content, keeps the mode, and leaves no temp file behind', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'pipeline.json');
    await fs.writeFile(file, 'old');
    await fs.chmod(file, 0o640);
    await atomicWrite(file, 'new content\n');
    expect(await fs.readFile(file, 'utf8')).toBe('new content\n');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o640);
    expect(await fs.readdir(dir)).toEqual(['pipeline.json']);
  });

  it('creates a new file with the requested mode', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'run.sh');
    await atomicWrite(file, '#!/bin/sh\n', { mode: 0o755 });
    expect((await fs.stat(file)).mode & 0o111).not.toBe(0);
  });

  it('writes through a symlink, which keeps pointing at the real file', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'real.json'), '1');
    await fs.symlink('real.json', path.join(dir, 'link.json'));
    await atomicWrite(path.join(dir, 'link.json'), '2');
    expect((await fs.lstat(path.join(dir, 'link.json'))).isSymbolicLink()).toBe(true);
    expect(await fs.readFile(path.join(dir, 'real.json'), 'utf8')).toBe('2');
  });

  it('in exclusive mode refuses an existing file and leaves it as it was', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a.py');
    await atomicWrite(file, 'first', { exclusive: true });
    await expect(atomicWrite(file, 'second', { exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await fs.readFile(file, 'utf8')).toBe('first');
    expect(await fs.readdir(dir)).toEqual(['a.py']);
  });

  it('fails without writing anything when the folder does not exist', async () => {
    const dir = await tempDir();
    await expect(atomicWrite(path.join(dir, 'missing', 'x.json'), '{}')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('names its temp files so watchers can ignore them', () => {
    expect(isAtomicTempFile('.pipeline.json.0123456789ab.tmp')).toBe(true);
    expect(isAtomicTempFile('pipeline.json')).toBe(false);
    expect(isAtomicTempFile('.notes.tmp')).toBe(false);
  });
});
