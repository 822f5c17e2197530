/**
 * `orchest run` in-process with a commander program, the real run service (local runner: real
 * processes on this machine) and the test fakes of the project/config/environment services.
 */
import { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeCoreFactory } from '../../runs/testing/fake-core.js';
import { fakeProject } from '../../runs/testing/fake-services.js';
import { createVariableService } from '../../variables/variable-service.js';
import { createProject, type FixtureOptions } from '../../runs/testing/project-fixture.js';
import { findProjectRoot, registerRunCommand } from './run.js';

let dataDir: string;
const cleanups: Array<() => Promise<unknown>> = [];
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-cli-'));
  cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function orchest(args: string[], signals = new EventEmitter()) {
  let stdout = '';
  let stderr = '';
  let code: number | undefined;
  const program = new Command('orchest').exitOverride().configureOutput({ writeErr: (s) => (stderr += s), writeOut: (s) => (stdout += s) });
  registerRunCommand(program, {
    createCore: fakeCoreFactory({ default_runner: 'local' }),
    configDir: dataDir,
    dataDir,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    signals,
    setExitCode: (c) => (code = c),
  });
  try {
    await program.parseAsync(['run', ...args], { from: 'user' });
  } catch (err) {
    code = 2; // commander usage error (main.ts maps these to 2)
    stderr += String(err);
  }
  return { stdout, stderr, code };
}

const pipeline: FixtureOptions = {
  steps: [
    { uuid: 'load-1', title: 'Load data', file: 'load.py', source: 'import orchest\norchest.output(41)\n' },
    { uuid: 'train-1', title: 'Train model', file: 'train.py', parents: ['load-1'], source: 'import orchest\nprint("got", orchest.get_inputs()["unnamed"][0] + 1)\n' },
    { uuid: 'dup-a', title: 'Twin', file: 'twin.sh', source: 'echo a\n' },
    { uuid: 'dup-b', title: 'Twin', file: 'twin.sh', source: 'echo b\n' },
  ],
};

async function project(opts: FixtureOptions = pipeline) {
  const fx = await createProject(opts);
  cleanups.push(() => fx.cleanup());
  return fx;
}

describe('orchest run --env', () => {
  it('sets variables over the pipeline\'s and project\'s for this run only', async () => {
    // A *.orchest file at the top of a folder: the CLI takes that folder as the project, like the app.
    const fx = await project({ layout: 'project', pipelineDir: '', steps: [{ uuid: 'show', file: 'show.py', source: 'import os\nprint(os.environ["LEVEL"], os.environ["KEEP"], os.environ.get("EXTRA"))\n' }] });
    const file = path.join(fx.root, fx.pipelinePath);
    const variables = createVariableService({ configDir: dataDir, project: fakeProject(fx.root) });
    await variables.set({}, [{ name: 'LEVEL', value: 'project', secret: false }, { name: 'KEEP', value: 'kept', secret: false }]);
    await variables.set({ pipeline: fx.pipelinePath }, [{ name: 'LEVEL', value: 'pipeline', secret: false }]);
    const plain = await orchest([file]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(await fx.readLog('show')).toBe('pipeline kept None\n');
    const { code, stderr } = await orchest([file, '--env', 'LEVEL=cli', '--env', 'EXTRA=a=b']);
    expect(code, stderr).toBe(0);
    expect(await fx.readLog('show')).toBe('cli kept a=b\n');
  });

  it('refuses a reserved or malformed --env with exit 2, saying why', async () => {
    const fx = await project({ steps: [{ uuid: 'show', file: 'show.py', source: 'print(1)\n' }] });
    const reserved = await orchest([fx.pipelineDir, '--env', 'ORCHEST_STEP_UUID=x']);
    expect(reserved.code).toBe(2);
    expect(reserved.stderr).toContain('--env ORCHEST_STEP_UUID=x: "ORCHEST_STEP_UUID" is reserved');
    const malformed = await orchest([fx.pipelineDir, '--env', 'JUSTANAME']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--env JUSTANAME: write it as NAME=VALUE');
  });
});

describe('orchest run', () => {
  it('runs a pipeline folder, printing progress on stderr, exit 0', async () => {
    const fx = await project();
    const { code, stderr, stdout } = await orchest([fx.pipelineDir]);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('local runner: steps run on this machine without isolation');
    expect(stderr).toMatch(/\[1\/4\] STARTED  Load data\n/);
    expect(stderr).toMatch(/\[1\/4\] SUCCESS  Load data \d+\.\ds\n/);
    expect(stderr).toMatch(/\[2\/4\] SUCCESS  Train model \d+\.\ds/);
    expect(stderr.indexOf('SUCCESS  Load data')).toBeLessThan(stderr.indexOf('STARTED  Train model'));
    expect(stderr).toMatch(/orchest run: SUCCESS in \d+\.\ds\n$/);
    expect(await fx.readLog('train-1')).toBe('got 42\n');
  });

  it('--json prints exactly one JSON object; a failed step exits 1 and names its log', async () => {
    const fx = await project({
      steps: [
        { uuid: 'ok', title: 'Fine', file: 'ok.sh', source: 'echo fine\n' },
        { uuid: 'bad', title: 'Broken', file: 'bad.py', parents: ['ok'], source: 'raise SystemExit(4)\n' },
        { uuid: 'after', title: 'Later', file: 'later.sh', parents: ['bad'], source: 'echo no\n' },
      ],
    });
    const { code, stdout, stderr } = await orchest([path.join(fx.root, fx.pipelinePath), '--json']);
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toEqual({
      status: 'FAILURE',
      steps: [
        { uuid: 'ok', title: 'Fine', status: 'SUCCESS', exit_code: 0, log_path: fx.logOf('ok') },
        { uuid: 'bad', title: 'Broken', status: 'FAILURE', exit_code: 4, log_path: fx.logOf('bad') },
        { uuid: 'after', title: 'Later', status: 'ABORTED', exit_code: null, log_path: fx.logOf('after') },
      ],
    });
    expect(stderr).toContain(`[2/3] FAILURE  Broken`);
    expect(stderr).toContain('(exit code 4)');
    expect(stderr).toContain(`log: ${fx.logOf('bad')}`);
    expect(stderr).toContain('[3/3] ABORTED  Later — Not started: step "Broken" failed.');
  });

  it('--steps and --incoming take titles or uuids; --inclusive adds the named steps', async () => {
    const fx = await project();
    expect((await orchest([fx.pipelineDir, '--steps', 'Load data'])).code).toBe(0);
    const sel = await orchest([fx.pipelineDir, '--steps', 'train-1', '--json']);
    expect(JSON.parse(sel.stdout).steps.map((s: { uuid: string }) => s.uuid)).toEqual(['train-1']);
    const inc = await orchest([fx.pipelineDir, '--incoming', 'train model', '--json']);
    expect(JSON.parse(inc.stdout).steps.map((s: { uuid: string }) => s.uuid)).toEqual(['load-1']);
    const incl = await orchest([fx.pipelineDir, '--incoming', 'Train model', '--inclusive', '--json', '--parallelism', '1']);
    expect(JSON.parse(incl.stdout).steps.map((s: { uuid: string }) => s.uuid)).toEqual(['load-1', 'train-1']);
  });

  it('invalid input exits 2 with a clear message (and a JSON error with --json)', async () => {
    const fx = await project();
    const twin = await orchest([fx.pipelineDir, '--steps', 'Twin']);
    expect(twin.code).toBe(2);
    expect(twin.stderr).toContain('"Twin" names 2 steps; use one of their uuids: dup-a, dup-b');
    const unknown = await orchest([fx.pipelineDir, '--steps', 'Nope', '--json']);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout)).toEqual({ status: 'ERROR', error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('No step "Nope"') }, steps: [] });
    expect((await orchest([fx.pipelineDir, '--parallelism', '0'])).code).toBe(2);
    expect((await orchest([fx.pipelineDir, '--steps', 'a', '--incoming', 'b'])).stderr).toContain('--steps and --incoming cannot be used together');
    expect((await orchest([fx.pipelineDir, '--inclusive'])).code).toBe(2);
    expect((await orchest([fx.pipelineDir, '--runner', 'kubernetes'])).code).toBe(2);
    const missing = await orchest([path.join(fx.root, 'nowhere')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
    // a step whose file is missing: pre-flight names it
    await fs.rm(path.join(fx.pipelineDir, 'train.py'));
    const preflight = await orchest([fx.pipelineDir]);
    expect(preflight.code).toBe(2);
    expect(preflight.stderr).toContain('Step "Train model" (train-1): the file "train.py" does not exist');
  });

  it('Ctrl+C cancels the run, kills its steps and exits 1', async () => {
    const fx = await project({ steps: [{ uuid: 'slow', title: 'Slow', file: 'slow.sh', source: 'echo "pid $$"\nsleep 60\n' }] });
    const signals = new EventEmitter();
    const running = orchest([fx.pipelineDir, '--json'], signals);
    let log = '';
    for (let i = 0; i < 200 && !log.includes('pid'); i++) {
      await new Promise((r) => setTimeout(r, 25));
      log = await fx.readLog('slow').catch(() => '');
    }
    const pid = Number(/pid (\d+)/.exec(log)?.[1]);
    signals.emit('SIGINT');
    const { code, stdout, stderr } = await running;
    expect(code).toBe(1);
    expect(stderr).toContain('cancelling');
    expect(JSON.parse(stdout).status).toBe('ABORTED');
    expect(() => process.kill(pid, 0)).toThrow();
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });
});

describe('findProjectRoot', () => {
  it('a *.orchest file belongs to the nearest folder with .orchest/; a pipeline folder to one with .orchest/environments', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-root-'));
    cleanups.push(() => fs.rm(root, { recursive: true, force: true }));
    await fs.mkdir(path.join(root, '.orchest', 'environments'), { recursive: true });
    await fs.mkdir(path.join(root, 'pipelines', 'etl', '.orchest'), { recursive: true });
    expect(findProjectRoot(path.join(root, 'pipelines', 'a.orchest'), 'project', path.join(root, 'pipelines'))).toBe(root);
    expect(findProjectRoot(path.join(root, 'pipelines', 'etl', '.orchest', 'pipeline.json'), 'folder', path.join(root, 'pipelines', 'etl'))).toBe(root);
    const lone = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-lone-'));
    cleanups.push(() => fs.rm(lone, { recursive: true, force: true }));
    expect(findProjectRoot(path.join(lone, 'p.orchest'), 'project', lone)).toBe(lone);
    expect(findProjectRoot(path.join(lone, '.orchest', 'pipeline.json'), 'folder', lone)).toBe(lone);
  });
});
