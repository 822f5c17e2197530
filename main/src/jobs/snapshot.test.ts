import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cloneTree, snapshotLeftOut, snapshotProject } from './snapshot.js';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-snapshot-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function write(rel: string, text: string) {
  const abs = path.join(tmp, 'project', rel);
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, text);
}

const listFiles = async (root: string): Promise<string[]> => {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(path.relative(root, p).split(path.sep).join('/'));
    }
  };
  await walk(root);
  return out.sort();
};

describe('snapshotProject', () => {
  it('copies the project without what .gitignore ignores, .git and Orchest run data; the copy is independent', async () => {
    await write('.gitignore', 'big/\n*.tmp\n');
    await write('train.py', 'print(1)\n');
    await write('big/huge.bin', 'x');
    await write('notes.tmp', 'x');
    await write('.git/HEAD', 'ref');
    await write('.orchest/pipeline.json', '{}');
    await write('.orchest/data/s1/out', 'x');
    await write('.orchest/logs/s1.log', 'x');
    await write('.orchest/environments/e1/properties.json', '{}');
    await write('p.orchest', '{}');
    await write('.orchest/pipelines/u1/data/s/out', 'x');
    await write('.orchest/pipelines/u1/logs/s.log', 'x');
    const dest = path.join(tmp, 'snap');
    const stats = await snapshotProject(path.join(tmp, 'project'), dest);
    expect(await listFiles(dest)).toEqual(['.gitignore', '.orchest/environments/e1/properties.json', '.orchest/pipeline.json', 'p.orchest', 'train.py']);
    expect(stats.files).toBe(5);
    expect(stats.bytesCopied).toBe(stats.mode === 'reflink' ? 0 : stats.bytes);

    // Editing the project does not change the snapshot, nor the other way round.
    await write('train.py', 'print(2)\n');
    expect(await fs.readFile(path.join(dest, 'train.py'), 'utf8')).toBe('print(1)\n');
    await fs.writeFile(path.join(dest, '.gitignore'), 'changed');
    expect(await fs.readFile(path.join(tmp, 'project', '.gitignore'), 'utf8')).toBe('big/\n*.tmp\n');

    const run = path.join(tmp, 'run');
    await cloneTree(dest, run);
    expect(await listFiles(run)).toEqual(await listFiles(dest));
    await expect(snapshotProject(path.join(tmp, 'project'), dest)).rejects.toThrow(/already exists/);
  });

  it('leaves out run data of both layouts, keeps definitions and environments', () => {
    const out = (p: string) => snapshotLeftOut(p.split('/'));
    expect(out('sub/.orchest/data')).toBe(true);
    expect(out('.orchest/logs/a.log')).toBe(true);
    expect(out('.orchest/pipelines/u/data')).toBe(true);
    expect(out('.orchest/pipelines/u/logs')).toBe(true);
    expect(out('.orchest/pipelines/u')).toBe(false);
    expect(out('.orchest/environments/e/setup_script.sh')).toBe(false);
    expect(out('data/x.csv')).toBe(false);
  });
});
