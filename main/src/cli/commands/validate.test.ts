import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../bin/orchest.js');

async function orchest(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('orchest validate / --help / --version (the real command)', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-validate-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('prints --version from package.json and --help listing the commands', async () => {
    const pkg = JSON.parse(await readFile(path.resolve(path.dirname(bin), '../package.json'), 'utf8'));
    expect(await orchest('--version')).toEqual({ code: 0, out: `${pkg.version}\n` });
    const help = await orchest('--help');
    expect(help.code).toBe(0);
    for (const cmd of ['run', 'validate', 'env', 'serve']) expect(help.out).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
  });

  it('exits 0 for a valid pipeline folder and lists a missing step file as a warning', async () => {
    const dir = path.join(tmp, 'ok');
    await mkdir(path.join(dir, '.orchest'), { recursive: true });
    const def = { name: 'ok', uuid: 'p', steps: { a: { uuid: 'a', title: 'Load', file_path: 'load.py', incoming_connections: [] } } };
    await writeFile(path.join(dir, '.orchest', 'pipeline.json'), JSON.stringify(def));
    const r = await orchest('validate', dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/warning: .*load\.py/);
    expect(r.out).toMatch(/valid \(1 warning\)/);
  });

  it('exits 2 and prints every problem of an invalid pipeline', async () => {
    const file = path.join(tmp, 'bad.orchest');
    const def = {
      name: 'bad',
      uuid: 'p',
      steps: {
        a: { uuid: 'a', title: 'A', file_path: '/etc/passwd', incoming_connections: ['b'] },
        b: { uuid: 'b', title: 'B', file_path: 'b.py', incoming_connections: ['a', 'ghost'] },
        c: { uuid: 'not-c', title: 'C', file_path: 'c.py', incoming_connections: [] },
      },
    };
    await writeFile(file, JSON.stringify(def, null, 2));
    const r = await orchest('validate', file);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/absolute/i);
    expect(r.out).toMatch(/ghost/);
    expect(r.out).toMatch(/cycle/i);
    expect(r.out).toMatch(/not-c/);
  });

  it('exits 2 with the line and column of broken JSON', async () => {
    const file = path.join(tmp, 'broken.orchest');
    await writeFile(file, '{\n  "name": "x",\n  "steps": {\n');
    const r = await orchest('validate', file);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/:4:1: error: Invalid JSON at line 4, column 1/);
  });

  it('exits 2 with a message, not a stack trace, for a file nested 200,000 levels deep', async () => {
    const file = path.join(tmp, 'deep.orchest');
    await writeFile(file, `{"name": "deep", "uuid": "p", "steps": {}, "parameters": {"x": ${'['.repeat(200_000)}${']'.repeat(200_000)}}}`);
    const r = await orchest('validate', file);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/deep\.orchest:1:\d+: error: Invalid JSON at line 1, column \d+: Nested more than 256 levels deep/);
    expect(r.out).not.toMatch(/RangeError|    at /);
  });

  it('exits 2 with the line and column of bytes that are not UTF-8, leaving the file as it was', async () => {
    const file = path.join(tmp, 'latin1.orchest');
    const bytes = Buffer.concat([Buffer.from('{\n  "name": "caf'), Buffer.from([0xe9]), Buffer.from('",\n  "uuid": "p",\n  "steps": {}\n}\n')]);
    await writeFile(file, bytes);
    const r = await orchest('validate', file);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/latin1\.orchest:2:15: error: The pipeline file cannot be read: it is not UTF-8 text: byte 0xE9 at line 2, column 15/);
    expect((await readFile(file)).equals(bytes)).toBe(true);
  });

  it('exits 2 for a .orchest/pipeline.json that links outside its folder', async () => {
    const outside = path.join(tmp, 'outside.json');
    await writeFile(outside, JSON.stringify({ name: 'o', uuid: 'o', steps: {} }));
    const dir = path.join(tmp, 'linked');
    await mkdir(path.join(dir, '.orchest'), { recursive: true });
    await symlink(outside, path.join(dir, '.orchest', 'pipeline.json'));
    const r = await orchest('validate', dir);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`is a symbolic link to ${outside}, outside ${dir}`);
  });

  it('exits 2 for a path with no pipeline', async () => {
    const r = await orchest('validate', path.join(tmp, 'nothing-here'));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/orchest: /);
  });
});
