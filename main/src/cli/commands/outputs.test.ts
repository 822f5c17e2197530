/** `orchest outputs` in-process with the real core, on outputs the real SDK wrote (Debian's python3 with pandas). */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findStepResources } from '../../runs/resources.js';
import { createProject, type ProjectFixture } from '../../runs/testing/project-fixture.js';
import { registerOutputsCommand } from './outputs.js';

let tmp: string;
let fx: ProjectFixture;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-cli-outputs-'));
  fx = await createProject({
    steps: [
      { uuid: 'load', title: 'Load', file: 'load.py' },
      { uuid: 'use', title: 'Use', file: 'use.py', parents: ['load'] },
    ],
  });
});
afterEach(async () => {
  await fx.cleanup();
  await fs.rm(tmp, { recursive: true, force: true });
});

/** What the step "load" would do in a run. */
function outputAsLoad(code: string) {
  const r = spawnSync('/usr/bin/python3', ['-c', `import orchest, pandas as pd\n${code}`], {
    env: { PATH: process.env.PATH, PYTHONPATH: findStepResources().sdkDir, ORCHEST_STEP_UUID: 'load', ORCHEST_PIPELINE_PATH: path.join(fx.root, fx.pipelinePath), ORCHEST_PIPELINE_DATA_DIR: fx.dataDir, ORCHEST_RUN_UUID: 'run-0001-abcd' },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
}

async function orchest(args: string[]) {
  let stdout = '';
  let stderr = '';
  let code: number | undefined;
  const program = new Command('orchest').exitOverride();
  registerOutputsCommand(program, {
    configDir: path.join(tmp, 'config'),
    dataDir: path.join(tmp, 'data'),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    setExitCode: (c) => (code = c),
  });
  await program.parseAsync(['outputs', ...args], { from: 'user' });
  return { stdout, stderr, code };
}

describe('orchest outputs', () => {
  it("prints a step's DataFrame (shape, dtypes, first rows) and who receives it; --json gives the summaries", async () => {
    outputAsLoad('orchest.output(pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]}), name="df")');
    const all = await orchest([path.join(fx.root, fx.pipelinePath)]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain('Load (load) — ready: Written in run run-0001.');
    expect(all.stdout).toMatch(/ {2}df: pandas\.DataFrame · 3 rows × 2 columns · \d+ bytes in memory · \d+ bytes stored/);
    expect(all.stdout).toContain('    dtypes: a int64, b object\n    a  b\n    1  x\n    2  y\n    3  z\n');
    expect(all.stdout).toContain('  → "Use" gets it as inputs["df"]');
    expect(all.stdout).toContain('Use (use) — no-run: No run yet');

    const one = await orchest([path.join(fx.root, 'pipe'), 'use', '--json']);
    const parsed = JSON.parse(one.stdout) as Array<{ stepId: string; outputs: unknown[] }>;
    expect(parsed.map((s) => s.stepId)).toEqual(['use']);
    expect(parsed[0]!.outputs).toEqual([]);
  });

  it('a step that is not in the pipeline exits 2 and names the steps', async () => {
    const r = await orchest([path.join(fx.root, 'pipe'), 'Nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No step "Nope" in the pipeline; its steps are: "Load" (load), "Use" (use)');
  });
});
