import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../pipeline/testing/fixtures.js';
import { pipelineDirOf, pipelineLayoutOf } from './layout.js';
import { isIgnoredPath, scanProject } from './scan.js';

describe('pipeline paths', () => {
  it('recognises both layouts and the folder their steps live in', () => {
    expect(pipelineLayoutOf('.orchest/pipeline.json')).toBe('folder');
    expect(pipelineDirOf('.orchest/pipeline.json', 'folder')).toBe('');
    expect(pipelineDirOf('a/b/.orchest/pipeline.json', 'folder')).toBe('a/b');
    expect(pipelineLayoutOf('x/y.orchest')).toBe('project');
    expect(pipelineDirOf('x/y.orchest', 'project')).toBe('x');
    expect(pipelineDirOf('y.orchest', 'project')).toBe('');
    expect(pipelineLayoutOf('x/.orchest')).toBeNull();
    expect(pipelineLayoutOf('pipeline.json')).toBeNull();
    expect(pipelineLayoutOf('a/b.py')).toBeNull();
  });
});

describe('what the watcher ignores', () => {
  it('watches .orchest folders and their pipeline.json, nothing else inside', () => {
    expect(isIgnoredPath('a/.orchest')).toBe(false);
    expect(isIgnoredPath('a/.orchest/pipeline.json')).toBe(false);
    expect(isIgnoredPath('a/.orchest/logs')).toBe(true);
    expect(isIgnoredPath('a/.orchest/data/x.pickle')).toBe(true);
    expect(isIgnoredPath('.orchest/pipelines/u/logs/s.log')).toBe(true);
    expect(isIgnoredPath('.git/index')).toBe(true);
    expect(isIgnoredPath('web/node_modules/x/index.js')).toBe(true);
    expect(isIgnoredPath('a/.pipeline.json.0123456789ab.tmp')).toBe(true);
    expect(isIgnoredPath('a/model.py')).toBe(false);
  });
});

describe('scanProject', () => {
  it('caps the file list but still finds every pipeline', async () => {
    const root = await tempDir();
    for (let i = 0; i < 30; i++) await fs.writeFile(path.join(root, `f${String(i).padStart(2, '0')}.csv`), '');
    await fs.mkdir(path.join(root, 'zz', '.orchest'), { recursive: true });
    await fs.writeFile(path.join(root, 'zz', '.orchest', 'pipeline.json'), '{}');
    await fs.writeFile(path.join(root, 'zz', 'p.orchest'), '{}');
    const scan = await scanProject(root, { maxFiles: 10, maxEntries: 1000 });
    expect(scan.files).toHaveLength(10);
    expect(scan.truncated).toBe(true);
    expect(scan.pipelines).toEqual(['zz/.orchest/pipeline.json', 'zz/p.orchest']);
  });

  it('lists linked files but does not follow linked folders', async () => {
    const root = await tempDir();
    await fs.mkdir(path.join(root, 'real'));
    await fs.writeFile(path.join(root, 'real', 'a.py'), '');
    await fs.symlink('real/a.py', path.join(root, 'link.py'));
    await fs.symlink('.', path.join(root, 'loop'));
    const scan = await scanProject(root);
    expect(scan.files).toEqual(['link.py', 'real/a.py']);
  });
});
