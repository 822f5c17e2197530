/**
 * `orchest run` end to end: the real `orchest` command (bin/orchest.js → cli/main.ts → the real
 * core) against Docker and the test image, with a temp HOME: the JSON result, and Ctrl+C (a real
 * SIGINT) removing the run's containers.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { projectUuid } from '../../project/project-id.js';
import { fakeProject } from '../../runs/testing/fake-services.js';
import { createVariableService } from '../../variables/variable-service.js';
import { containerRoles, containersOfProject, requireDockerAndImage, TEST_IMAGE, waitFor } from '../../runs/testing/docker-env.js';
import { createProject, type FixtureOptions } from '../../runs/testing/project-fixture.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = path.join(repo, 'bin', 'orchest.js');

let docker: Docker;
let home: string;
const cleanups: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  docker = await requireDockerAndImage();
});
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-home-'));
  cleanups.push(() => fs.rm(home, { recursive: true, force: true }));
  // The user's config names the image for steps that name none.
  await fs.mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
  await fs.writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ default_image: TEST_IMAGE }));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function orchest(args: string[]) {
  const { XDG_CONFIG_HOME: _c, XDG_DATA_HOME: _d, ...env } = process.env;
  const child = spawn(process.execPath, [bin, 'run', ...args], {
    cwd: repo,
    env: { ...env, HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function project(opts: FixtureOptions) {
  const fx = await createProject(opts);
  cleanups.push(() => fx.cleanup());
  return fx;
}

describe('orchest run (Docker)', () => {
  it('--env overrides the project\'s and pipeline\'s variables; a secret stays *** in the log', async () => {
    const fx = await project({
      layout: 'project',
      uuid: 'cli-env',
      steps: [{ uuid: 'show', title: 'Show', file: 'show.py', source: 'import os\nprint(os.environ["LEVEL"], os.environ["TOKEN"], os.environ["ONLY_CLI"])\n' }],
    });
    // As the app would have kept them, in the user's config folder.
    const variables = createVariableService({ configDir: path.join(home, '.config', 'orchest'), project: fakeProject(fx.root) });
    await variables.set({}, [{ name: 'LEVEL', value: 'project', secret: false }, { name: 'TOKEN', value: 'tok-project', secret: true }]);
    await variables.set({ pipeline: fx.pipelinePath }, [{ name: 'LEVEL', value: 'pipeline', secret: false }]);
    const plain = orchest([path.join(fx.root, 'main.orchest'), '--env', 'ONLY_CLI=1']);
    expect(await plain.exited, plain.err()).toBe(0);
    expect(await fx.readLog('show')).toBe('pipeline *** 1\n');
    const run = orchest([path.join(fx.root, 'main.orchest'), '--env', 'LEVEL=cli', '--env', 'TOKEN=tok-cli', '--env', 'ONLY_CLI=2']);
    expect(await run.exited, run.err()).toBe(0);
    const log = await fx.readLog('show');
    expect(log).toBe('cli *** 2\n');
    expect(run.err()).not.toContain('tok-cli');
  }, 120_000);

  it('runs in containers and prints one JSON result', async () => {
    const fx = await project({
      layout: 'project',
      uuid: 'cli-json',
      steps: [
        { uuid: 'a', title: 'Make', file: 'a.py', source: 'import orchest\norchest.output(20, name="n")\n' },
        { uuid: 'b', title: 'Double', file: 'b.py', parents: ['a'], source: 'import orchest\nprint("double", 2 * orchest.get_inputs()["n"])\n' },
      ],
    });
    const run = orchest([path.join(fx.root, 'main.orchest'), '--json']);
    expect(await run.exited, run.err()).toBe(0);
    expect(JSON.parse(run.out())).toEqual({
      status: 'SUCCESS',
      steps: [
        { uuid: 'a', title: 'Make', status: 'SUCCESS', exit_code: 0, log_path: fx.logOf('a') },
        { uuid: 'b', title: 'Double', status: 'SUCCESS', exit_code: 0, log_path: fx.logOf('b') },
      ],
    });
    expect(run.err()).toContain('(full, docker runner on local)');
    expect(await fx.readLog('b')).toBe('double 40\n');
    // the last run is kept under the user's data dir
    const runsDir = path.join(home, '.local', 'share', 'orchest', 'runs');
    const [projectDir] = await fs.readdir(runsDir);
    expect(await fs.readdir(path.join(runsDir, projectDir!))).toHaveLength(1);
  });

  it('Ctrl+C cancels the run, removes its containers and exits 1', async () => {
    const fx = await project({
      steps: [
        { uuid: 'slow', title: 'Slow', file: 'slow.sh', source: 'echo up\nsleep 120\n' },
        { uuid: 'slow2', title: 'Slow too', file: 'slow2.sh', source: 'echo up\nsleep 120\n' },
      ],
    });
    const projectId = projectUuid(fx.pipelineDir); // a lone pipeline folder is its own project
    const run = orchest([fx.pipelineDir]);
    await waitFor('both steps to start', async () => (await fx.readLog('slow').catch(() => '')).includes('up') && (await fx.readLog('slow2').catch(() => '')).includes('up'), 30_000);
    expect(containerRoles(await containersOfProject(docker, projectId))).toEqual(['network running', 'step running', 'step running']);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(1); // the steps would sleep for 120 s (the time it takes: bench/cancel.bench.ts)
    expect(await containersOfProject(docker, projectId)).toEqual([]);
    expect(run.err()).toContain('cancelling');
    expect(run.err()).toMatch(/orchest run: ABORTED/);
    expect(await fx.readLog('slow')).toBe('up\n[orchest] Cancelled.\n');
  });
});

describe('the bundled example project (Docker)', () => {
  it('runs examples/hello-pipeline: script, shell and notebook steps pass data to each other', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-example-'));
    cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
    await fs.cp(path.join(repo, 'examples', 'hello-pipeline'), dir, { recursive: true });
    const run = orchest([dir, '--json']);
    expect(await run.exited, run.err()).toBe(0);
    const result = JSON.parse(run.out()) as { status: string; steps: { title: string; status: string; log_path: string }[] };
    expect(result.status).toBe('SUCCESS');
    // Its step uuids share their first characters: each still gets its own container.
    expect(result.steps.map((s) => `${s.title}:${s.status}`).sort()).toEqual(['Load numbers:SUCCESS', 'Report:SUCCESS', 'Square them:SUCCESS', 'Sum them:SUCCESS']);
    const report = await fs.readFile(result.steps.find((s) => s.title === 'Report')!.log_path, 'utf8');
    expect(report).toContain('total of squares: 385');
    expect(report).not.toContain('this cell is skipped');
  });
});
