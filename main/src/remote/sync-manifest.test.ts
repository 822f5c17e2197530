import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isArtefactDir, listLocalFiles, projectIncludes } from './local-tree.js';
import { loadManifest, planSync, saveManifest } from './sync-manifest.js';

async function project(files: Record<string, string>): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-sync-'));
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), text);
  }
  return root;
}

describe('what a remote run copies', () => {
  it('the project without what .gitignore ignores, .git and run artefacts, with the pipeline definitions', async () => {
    const root = await project({
      '.gitignore': 'big/\n*.tmp\n',
      'a.py': '', 'big/data.csv': '', 'x.tmp': '', '.git/HEAD': '',
      '.orchest/pipeline.json': '{}', '.orchest/data/s/out': '', '.orchest/logs/s.log': '',
      'sub/.orchest/pipelines/u/data/s/o': '', 'sub/p.orchest': '{}',
    });
    const files = await listLocalFiles(root, projectIncludes(root));
    expect(files.map((f) => f.rel)).toEqual(['.gitignore', '.orchest/pipeline.json', 'a.py', 'sub/p.orchest']);
    expect(isArtefactDir('x/.orchest/pipelines/u/logs')).toBe(true);
    expect(isArtefactDir('data')).toBe(false);
  });

  it('copies only what changed since the last copy, and removes what is gone', async () => {
    const root = await project({ 'a.py': 'a', 'b.py': 'b', 'c.py': 'c' });
    const file = path.join(root, '..', `${path.basename(root)}.json`);
    const first = await planSync(await listLocalFiles(root, projectIncludes(root)), await loadManifest(file, 'vol', 'id1'));
    expect(first.upload.map((f) => f.rel)).toEqual(['a.py', 'b.py', 'c.py']);
    await saveManifest(file, first.next);

    await fs.writeFile(path.join(root, 'b.py'), 'changed');
    await fs.rm(path.join(root, 'c.py'));
    const later = new Date(Date.now() + 5000);
    await fs.utimes(path.join(root, 'a.py'), later, later); // touched, same content
    const second = await planSync(await listLocalFiles(root, projectIncludes(root)), await loadManifest(file, 'vol', 'id1'));
    expect(second.upload.map((f) => f.rel)).toEqual(['b.py']);
    expect(second.remove).toEqual(['c.py']);

    // The volume was recreated (another id): everything again.
    expect((await planSync(await listLocalFiles(root, projectIncludes(root)), await loadManifest(file, 'vol', 'id2'))).upload).toHaveLength(2);
  });
});
