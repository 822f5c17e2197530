/** `orchest job run|list` and `orchest runs list` in-process, on the real core with the local runner. */
import { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, type FixtureStep } from '../../runs/testing/project-fixture.js';
import { registerJobCommand, registerRunsCommand } from './job.js';

let home: string;
const cleanups: Array<() => Promise<unknown>> = [];
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-jobcli-'));
  await fs.writeFile(path.join(home, 'config.json'), JSON.stringify({ default_runner: 'local' }));
  cleanups.push(() => fs.rm(home, { recursive: true, force: true }));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function orchest(args: string[]) {
  let stdout = '';
  let stderr = '';
  let code: number | undefined;
  const program = new Command('orchest').exitOverride().configureOutput({ writeErr: (s) => (stderr += s), writeOut: (s) => (stdout += s) });
  const ctx = {
    configDir: home,
    dataDir: home,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    signals: new EventEmitter(),
    setExitCode: (c: number) => (code = c),
  };
  registerJobCommand(program, ctx);
  registerRunsCommand(program, ctx);
  await program.parseAsync(['node', 'orchest', ...args]);
  return { stdout, stderr, code };
}

const PRINT = `import orchest\nstep, pipe = orchest.get_params()\nprint("x =", step["x"], "mode =", pipe.get("mode"))\nif step["x"] == 13:\n    raise SystemExit(4)\n`;

async function project(steps: FixtureStep[] = [{ uuid: 's1', title: 'Print', file: 'print.py', source: PRINT, parameters: { x: 1 } }]) {
  const fx = await createProject({ parameters: { mode: 'a' }, steps });
  cleanups.push(() => fx.cleanup());
  return fx;
}

describe('orchest job run', () => {
  it('runs the grid of the parameters file beside the pipeline and prints the runs as JSON', async () => {
    const fx = await project();
    await fs.writeFile(path.join(fx.root, 'pipe/.orchest/pipeline.parameters.json'), JSON.stringify({ s1: { x: [1, 2] } }));
    const { stdout, stderr, code } = await orchest(['job', 'run', path.join(fx.root, 'pipe'), '--param', 'mode="b"', '--json']);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as { status: string; runs: Array<Record<string, unknown> & { steps: Array<Record<string, unknown>>; snapshot_path: string }> };
    expect(Object.keys(result)).toEqual(['status', 'runs']);
    expect(result.status).toBe('SUCCESS');
    expect(result.runs.map((r) => r.parameters)).toEqual([
      { s1: { x: 1 }, pipeline_parameters: { mode: 'b' } },
      { s1: { x: 2 }, pipeline_parameters: { mode: 'b' } },
    ]);
    for (const r of result.runs) {
      expect(Object.keys(r)).toEqual(['uuid', 'status', 'parameters', 'snapshot_path', 'steps']);
      expect(Object.keys(r.steps[0]!)).toEqual(['uuid', 'title', 'status', 'attempts', 'log_path']);
      expect(r.steps[0]).toMatchObject({ uuid: 's1', title: 'Print', status: 'SUCCESS', attempts: 1 });
      expect(r.snapshot_path.startsWith(home)).toBe(true);
    }
    expect(await fs.readFile(result.runs[1]!.steps[0]!.log_path as string, 'utf8')).toContain('x = 2 mode = b');
    expect(stderr).toMatch(/SUCCESS: 2 of 2 succeeded/);

    // A folder pipeline without environments above it is its own project.
    const list = await orchest(['job', 'list', path.join(fx.root, 'pipe')]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/test pipeline \(orchest job run\).*SUCCESS\s+2\/2 ok/);
    const runs = await orchest(['runs', 'list', path.join(fx.root, 'pipe'), '--json']);
    expect((JSON.parse(runs.stdout) as unknown[]).length).toBe(2);
  });

  it('exits 1 when a run fails and 2 for bad input', async () => {
    const fx = await project();
    const grid = path.join(fx.root, 'grid.json');
    await fs.writeFile(grid, JSON.stringify({ s1: { x: [12, 13] } }));
    const failed = await orchest(['job', 'run', path.join(fx.root, 'pipe'), '--grid', grid, '--parallel-runs', '2', '--json']);
    expect(failed.code).toBe(1);
    const result = JSON.parse(failed.stdout) as { status: string; runs: Array<{ status: string }> };
    expect(result.status).toBe('FAILURE');
    expect(result.runs.map((r) => r.status)).toEqual(['SUCCESS', 'FAILURE']);
    expect(failed.stderr).toMatch(/FAILURE .*x=13/);

    await fs.writeFile(grid, JSON.stringify({ s1: { x: 12 } }));
    expect((await orchest(['job', 'run', path.join(fx.root, 'pipe'), '--grid', grid])).code).toBe(2);
    const badParam = await orchest(['job', 'run', path.join(fx.root, 'pipe'), '--param', 'nope']);
    expect(badParam.code).toBe(2);
    expect(badParam.stderr).toMatch(/NAME=VALUE/);
    expect((await orchest(['job', 'run', path.join(fx.root, 'pipe'), '--retries', '-1'])).code).toBe(2);
    expect((await orchest(['job', 'run', path.join(fx.root, 'nothing-here')])).code).toBe(2);
  });
});
