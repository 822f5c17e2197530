/**
 * `orchest job run` end to end: the real command (bin/orchest.js) against Docker and the test
 * image with a temp HOME: the grid reaches the steps, the JSON result, the history it leaves.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireDockerAndImage, TEST_IMAGE } from '../../runs/testing/docker-env.js';
import { createProject } from '../../runs/testing/project-fixture.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = path.join(repo, 'bin', 'orchest.js');

const cleanups: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  await requireDockerAndImage();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function orchest(home: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { XDG_CONFIG_HOME: _c, XDG_DATA_HOME: _d, ...env } = process.env;
  const child = spawn(process.execPath, [bin, ...args], { cwd: repo, env: { ...env, HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

describe('orchest job run (Docker)', () => {
  it('runs every combination of --grid in containers and prints the runs as JSON; runs list shows them', async () => {
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-home-'));
    cleanups.push(() => fs.rm(home, { recursive: true, force: true }));
    await fs.mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
    await fs.writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ default_image: TEST_IMAGE }));
    const fx = await createProject({
      parameters: { n: 0 },
      steps: [{ uuid: 'sq', title: 'Square', file: 'sq.py', source: 'import orchest\nn = orchest.get_pipeline_param("n")\nprint("square", n * n)\n' }],
    });
    cleanups.push(() => fx.cleanup());
    const grid = path.join(fx.root, 'grid.json');
    await fs.writeFile(grid, JSON.stringify({ pipeline_parameters: { n: [3, 4] } }));

    const { code, stdout, stderr } = await orchest(home, ['job', 'run', path.join(fx.root, 'pipe'), '--grid', grid, '--parallel-runs', '2', '--json']);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as { status: string; runs: Array<{ status: string; parameters: { pipeline_parameters: { n: number } }; snapshot_path: string; steps: Array<{ log_path: string; attempts: number }> }> };
    expect(result.status).toBe('SUCCESS');
    expect(result.runs.map((r) => r.parameters.pipeline_parameters.n)).toEqual([3, 4]);
    for (const r of result.runs) {
      expect(r.snapshot_path.startsWith(path.join(home, '.local', 'share', 'orchest', 'jobs'))).toBe(true);
      expect(r.steps[0]!.attempts).toBe(1);
      expect(await fs.readFile(r.steps[0]!.log_path, 'utf8')).toContain(`square ${r.parameters.pipeline_parameters.n ** 2}`);
    }
    const listed = await orchest(home, ['runs', 'list', path.join(fx.root, 'pipe')]);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n').filter((l) => l.includes(' job ') && l.includes('SUCCESS'))).toHaveLength(2);
  });
});
