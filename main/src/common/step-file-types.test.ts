import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { resourcesDir } from '../core/resources.js';
import { isStepFile, kernelForFile, STEP_FILE_EXTENSIONS, STEP_FILE_TEMPLATES, STEP_FILE_TYPES, stepFileType, templateFileType } from './step-file-types.js';

const run = promisify(execFile);

describe('step file types', () => {
  it('recognise step files case-insensitively by their last extension', () => {
    expect(stepFileType('a/b/load.ipynb')).toMatchObject({ kind: 'notebook', label: 'Notebook' });
    expect(stepFileType('train.py')?.kind).toBe('python');
    expect(stepFileType('x.R')?.kind).toBe('r');
    expect(stepFileType('x.r')?.kind).toBe('r');
    expect(stepFileType('RUN.SH')?.kind).toBe('shell');
    expect(stepFileType('m.jl')?.kind).toBe('julia');
    expect(stepFileType('m.js')?.kind).toBe('javascript');
    expect(stepFileType('data.csv')).toBeNull();
    expect(stepFileType('archive.py.gz')).toBeNull();
    expect(stepFileType('.py')).toBeNull(); // a hidden file named ".py", not a Python file
    expect(stepFileType('folder.py/readme')).toBeNull();
    expect(isStepFile('a.ipynb')).toBe(true);
    expect(STEP_FILE_EXTENSIONS).toEqual(['.ipynb', '.py', '.R', '.sh', '.jl', '.js']);
  });

  it('give new steps their kernel: R for R files, Python otherwise', () => {
    expect(kernelForFile('x.R')).toEqual({ name: 'r', display_name: 'R' });
    expect(kernelForFile('x.ipynb')).toEqual({ name: 'python', display_name: 'Python 3' });
    expect(kernelForFile('x.sh')).toEqual({ name: 'python', display_name: 'Python 3' });
  });

  it('name exactly the contract’s templates, each with a template file', async () => {
    expect(STEP_FILE_TYPES.flatMap((t) => t.template ?? []).sort()).toEqual([...STEP_FILE_TEMPLATES].sort());
    for (const t of STEP_FILE_TEMPLATES) {
      await expect(fs.stat(path.join(resourcesDir(), 'templates', `step${templateFileType(t).ext}`))).resolves.toBeTruthy();
    }
  });

  it('are what the step runner dispatches on', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-types-'));
    const runner = path.join(resourcesDir(), 'runner', 'run_step.py');
    await fs.writeFile(path.join(dir, 'hello.SH'), 'echo "shell says $((6 * 7))"\n');
    const { stdout } = await run('python3', [runner, 'hello.SH'], { cwd: dir });
    expect(stdout).toBe('shell says 42\n');

    await fs.writeFile(path.join(dir, 'notes.txt'), 'x');
    const refused = await run('python3', [runner, 'notes.txt'], { cwd: dir }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('no runner for .txt files') });
  });
});
