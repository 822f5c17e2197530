import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../pipeline/testing/fixtures.js';
import { linkOutside } from './link-outside.js';

describe('linkOutside', () => {
  it('finds links that leave the folder, for existing and new paths alike', async () => {
    const root = await tempDir();
    const elsewhere = await tempDir();
    await fs.writeFile(path.join(elsewhere, 'secret.json'), '{}');
    await fs.mkdir(path.join(root, 'a'));
    await fs.writeFile(path.join(root, 'a', 'real.json'), '{}');
    await fs.symlink(path.join(elsewhere, 'secret.json'), path.join(root, 'a', 'out.json'));
    await fs.symlink(path.join(root, 'a', 'real.json'), path.join(root, 'a', 'in.json'));
    await fs.symlink(elsewhere, path.join(root, 'linked-dir'));

    expect(await linkOutside(root, path.join(root, 'a', 'real.json'))).toBeNull();
    expect(await linkOutside(root, path.join(root, 'a', 'in.json'))).toBeNull();
    expect(await linkOutside(root, path.join(root, 'a', 'out.json'))).toBe(path.join(elsewhere, 'secret.json'));
    expect(await linkOutside(root, path.join(root, 'a', 'new', 'file.json'))).toBeNull();
    expect(await linkOutside(root, path.join(root, 'linked-dir', 'new', 'file.json'))).toBe(elsewhere);
  });
});
