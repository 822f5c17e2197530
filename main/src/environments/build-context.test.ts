/**
 * What an environment build sees of the project (the tar the engine gets), and which project
 * files make an environment out of date.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../pipeline/testing/fixtures.js';
import { packBuildContext } from './build-context.js';
import { buildInputs, candidatePaths, changedInputs } from './build-inputs.js';

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), content);
  }
}

async function project(): Promise<string> {
  const root = await tempDir('orchest-ctx-');
  await write(root, {
    '.gitignore': 'data/\n*.log\n!keep.log\n',
    'requirements.txt': '-r base-requirements.txt\naenum==3.1.17\n',
    'base-requirements.txt': 'six\n',
    'Install.r': 'source("r/helpers.R")\n',
    'r/helpers.R': 'x <- 1\n',
    'train.ipynb': '{}',
    'keep.log': 'kept',
    'debug.log': 'ignored',
    'data/big.csv': '1,2,3',
    'sub/.gitignore': 'secret.txt\n',
    'sub/secret.txt': 'no',
    'sub/code.py': 'print(1)',
    'mypkg/setup.py': '',
    'mypkg/mypkg/__init__.py': '',
    '.orchest/environments/e1/setup_script.sh': 'echo',
    '.orchest/data/out.pickle': 'x',
    '.git/HEAD': 'ref',
    'pipelines/.orchest/pipeline.json': '{}',
  });
  await fs.symlink('requirements.txt', path.join(root, 'reqs-link.txt'));
  return root;
}

async function tarNames(stream: NodeJS.ReadableStream, dir: string): Promise<string[]> {
  const file = path.join(dir, 'ctx.tar');
  await pipeline(stream, createWriteStream(file));
  return execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n').sort();
}

describe('build context', () => {
  it('holds the Dockerfile, the script, the SDK package and the project minus .gitignore, .orchest and .git', async () => {
    const root = await project();
    const sdkDir = await tempDir('orchest-sdk-');
    await write(sdkDir, { 'orchest/__init__.py': '', 'orchest/__pycache__/x.pyc': '', 'tests/test_x.py': '', 'README.md': '' });
    const out = await tempDir('orchest-ctx-out-');
    const { stream, done } = packBuildContext({ dockerfile: 'FROM x\n', setupScript: 'echo a\r\n', projectRoot: root, sdkDir });
    const names = await tarNames(stream, out);
    const stats = await done;
    expect(names.filter((n) => !n.endsWith('/'))).toEqual(
      [
        'Dockerfile',
        'setup_script.sh',
        'sdk/orchest/__init__.py',
        'project/.gitignore',
        'project/Install.r',
        'project/base-requirements.txt',
        'project/keep.log',
        'project/mypkg/mypkg/__init__.py',
        'project/mypkg/setup.py',
        'project/r/helpers.R',
        'project/reqs-link.txt',
        'project/requirements.txt',
        'project/sub/.gitignore',
        'project/sub/code.py',
        'project/train.ipynb',
      ].sort(),
    );
    expect(names).toContain('project/pipelines/'); // the folder stays, its .orchest does not
    expect(stats.files).toBe(11);
    execFileSync('tar', ['-xf', path.join(out, 'ctx.tar'), '-C', out]);
    expect(await fs.readFile(path.join(out, 'setup_script.sh'), 'utf8')).toBe('echo a\n');
    expect(await fs.readlink(path.join(out, 'project/reqs-link.txt'))).toBe('requirements.txt');
  });
});

describe('files the build uses', () => {
  it('finds paths in shell, R and requirements text', () => {
    const words = candidatePaths('pip install -r requirements.txt && Rscript /project-dir/Install.r; pip install ./mypkg --requirement=other.txt $HOME/x /etc/passwd https://x/y');
    expect(words).toEqual(['pip', 'install', 'requirements.txt', 'Rscript', 'Install.r', 'mypkg', 'other.txt']);
  });

  it('are the files the script names, what those name, and folders it names; not step code or ignored files', async () => {
    const root = await project();
    const script = 'pip install -r requirements.txt\nRscript Install.r\npip install ./mypkg\ncat debug.log sub/secret.txt\npip install .\n';
    const inputs = await buildInputs(root, script);
    expect(Object.keys(inputs)).toEqual(['Install.r', 'base-requirements.txt', 'mypkg/mypkg/__init__.py', 'mypkg/setup.py', 'r/helpers.R', 'requirements.txt']);

    await fs.writeFile(path.join(root, 'train.ipynb'), '{"cells": []}');
    await fs.writeFile(path.join(root, 'sub/code.py'), 'print(2)');
    expect(await buildInputs(root, script)).toEqual(inputs);

    await fs.writeFile(path.join(root, 'base-requirements.txt'), 'six==1.16.0\n');
    const after = await buildInputs(root, script);
    expect(changedInputs(inputs, after)).toEqual(['base-requirements.txt']);
  });
});
