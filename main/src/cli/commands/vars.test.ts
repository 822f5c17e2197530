/** `orchest vars` in-process with the real core (temp config folder, temp project). */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, type ProjectFixture } from '../../runs/testing/project-fixture.js';
import { registerVarsCommand } from './vars.js';

let tmp: string;
let fx: ProjectFixture;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-cli-vars-'));
  fx = await createProject({ layout: 'project', pipelineDir: '', steps: [{ uuid: 's', file: 's.py', source: 'print(1)\n' }] });
});
afterEach(async () => {
  await fx.cleanup();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function orchest(args: string[], secretInput = '') {
  let stdout = '';
  let stderr = '';
  let code: number | undefined;
  const program = new Command('orchest').exitOverride().configureOutput({ writeErr: (s) => (stderr += s), writeOut: (s) => (stdout += s) });
  registerVarsCommand(program, {
    configDir: path.join(tmp, 'config'),
    dataDir: path.join(tmp, 'data'),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    setExitCode: (c) => (code = c),
    readSecret: async () => secretInput,
  });
  try {
    await program.parseAsync(['vars', ...args], { from: 'user' });
  } catch (err) {
    code = 2;
    stderr += String(err);
  }
  return { stdout, stderr, code };
}

describe('orchest vars', () => {
  it('sets, lists (secrets as *** unless --reveal) and unsets project and pipeline variables', async () => {
    expect((await orchest(['set', fx.root, 'REGION=eu', 'LEVEL=project'])).code).toBe(0);
    const secret = await orchest(['set', fx.root, 'TOKEN', '--secret'], 'tok-from-stdin');
    expect(secret.code, secret.stderr).toBe(0);
    expect(secret.stderr).toContain(`TOKEN saved in ${path.join(tmp, 'config', 'variables')}`);
    expect((await orchest(['list', fx.root])).stdout).toBe('REGION=eu\nLEVEL=project\nTOKEN=***  (secret)\n');
    expect((await orchest(['list', fx.root, '--reveal'])).stdout).toContain('TOKEN=tok-from-stdin  (secret)\n');
    // Replacing a secret's value keeps it secret; the others stay as they were.
    await orchest(['set', fx.root, 'TOKEN=tok-2', 'REGION=us']);
    expect((await orchest(['list', fx.root, '--reveal'])).stdout).toBe('REGION=us\nLEVEL=project\nTOKEN=tok-2  (secret)\n');

    const file = path.join(fx.root, fx.pipelinePath);
    expect((await orchest(['set', fx.root, 'LEVEL=pipeline', '--pipeline', file])).code).toBe(0);
    expect((await orchest(['list', fx.root, '--pipeline', fx.pipelinePath])).stdout).toBe('LEVEL=pipeline\n');
    expect((await orchest(['unset', fx.root, 'LEVEL'])).code).toBe(0);
    expect((await orchest(['list', fx.root])).stdout).toBe('REGION=us\nTOKEN=***  (secret)\n');
  });

  it('refuses reserved names and unknown ones with exit 2, saying why', async () => {
    const reserved = await orchest(['set', fx.root, 'ORCHEST_X=1']);
    expect(reserved.code).toBe(2);
    expect(reserved.stderr).toContain('"ORCHEST_X" is reserved');
    const unknown = await orchest(['unset', fx.root, 'NOPE']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no variable NOPE here');
  });
});
