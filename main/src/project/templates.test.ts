import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { resourcesDir } from '../core/resources.js';
import { tempDir } from '../pipeline/testing/fixtures.js';
import { STEP_FILE_TEMPLATES } from '../common/step-file-types.js';
import { templateFile, templatePath } from './templates.js';

const run = promisify(execFile);

/** The environment a step runs with (see resources/sdk/orchest/_context.py), for a one-step pipeline. */
async function stepContext(fileName: string) {
  const dir = await tempDir();
  const pipelineFile = path.join(dir, 'p.orchest');
  await fs.writeFile(pipelineFile, JSON.stringify({ name: 'p', uuid: 'pipe-1', steps: { s1: { uuid: 's1', title: 'S', file_path: fileName } } }));
  const env = {
    ...process.env,
    PYTHONPATH: path.join(resourcesDir(), 'sdk'),
    ORCHEST_STEP_UUID: 's1',
    ORCHEST_PIPELINE_UUID: 'pipe-1',
    ORCHEST_PIPELINE_PATH: pipelineFile,
    ORCHEST_PIPELINE_DATA_DIR: path.join(dir, 'data'),
    ORCHEST_PROJECT_DIR: dir,
  };
  return { dir, env };
}

describe('step file templates', () => {
  it('exist for every template kind, shell scripts executable', async () => {
    for (const t of STEP_FILE_TEMPLATES) {
      expect((await fs.stat(templatePath(t))).size, t).toBeGreaterThan(0);
    }
    expect(templateFile('sh')).toEqual({ ext: '.sh', mode: 0o755 });
    expect(templateFile('R')).toEqual({ ext: '.R', mode: 0o644 });
  });

  it('the Python template runs as a step with the SDK and writes its output', async () => {
    const { dir, env } = await stepContext('step.py');
    await run('python3', [templatePath('py')], { env, cwd: dir });
    expect((await fs.readdir(path.join(dir, 'data', 's1'))).length).toBeGreaterThan(0);
  });

  it('the notebook template is nbformat 4 with a Python kernel, and its code runs with the SDK', async () => {
    const nb = JSON.parse(await fs.readFile(templatePath('ipynb'), 'utf8'));
    expect(nb).toMatchObject({ nbformat: 4, metadata: { kernelspec: { name: 'python3', language: 'python' } } });
    const code = nb.cells.filter((c: { cell_type: string }) => c.cell_type === 'code');
    expect(code).toHaveLength(1);
    for (const cell of nb.cells) expect(cell.id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/); // required by nbformat 4.5
    const { dir, env } = await stepContext('step.ipynb');
    await run('python3', ['-c', (code[0].source as string[]).join('')], { env, cwd: dir });
    expect((await fs.readdir(path.join(dir, 'data', 's1'))).length).toBeGreaterThan(0);
  });

  it('the shell template is strict bash and runs', async () => {
    const text = await fs.readFile(templatePath('sh'), 'utf8');
    expect(text.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(text).toContain('set -euo pipefail');
    const { env } = await stepContext('step.sh');
    const { stdout } = await run('bash', [templatePath('sh')], { env });
    expect(stdout).toBe('step s1 of pipeline pipe-1\n');
  });

  it('the R template reaches the SDK through reticulate', async () => {
    const text = await fs.readFile(templatePath('R'), 'utf8');
    expect(text).toContain('library(reticulate)');
    expect(text).toContain('orchest <- import("orchest")');
    expect(text).toContain('orchest$get_inputs()');
  });
});
