/**
 * The run service end to end with the local runner: real processes on this machine, the real
 * step runner and SDK (host python3). Project/config/environment services are small fakes
 * (testing/fake-services.ts) so these tests do not wait on the other services.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../api/contract.js';
import { runStateSchema, type LogChunk, type RunRequest, type RunState } from '../api/runs.js';
import { CoreError } from '../core/core-error.js';
import { EventBus } from '../core/event-bus.js';
import { LOCAL_RUNNER_NOTICE } from './local-executor.js';
import { createRunService, type RunServiceHandle } from './run-service.js';
import { fakeConfig, fakeEnvironments, fakeProject } from './testing/fake-services.js';
import { createProject, type FixtureOptions } from './testing/project-fixture.js';
import { runRequest } from './testing/run-request.js';

let dataDir: string;
const cleanups: Array<() => Promise<unknown>> = [];
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-data-'));
  cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(opts: FixtureOptions, config: Parameters<typeof fakeConfig>[0] = {}) {
  const fx = await createProject(opts);
  const bus = new EventBus();
  const events: Array<{ event: EventName; payload: unknown }> = [];
  bus.subscribe((event, payload) => events.push({ event, payload }));
  const make = () => createRunService({ config: fakeConfig({ default_runner: 'local', ...config }), project: fakeProject(fx.root), environments: fakeEnvironments(), bus, dataDir });
  const runs = make();
  cleanups.push(async () => {
    await runs.dispose();
    await fx.cleanup();
  });
  const updates = (id: string) => events.filter((e) => e.event === 'run.updated' && (e.payload as RunState).id === id).map((e) => e.payload as RunState);
  const logs = (id: string, step: string) =>
    events
      .filter((e) => e.event === 'run.log' && (e.payload as LogChunk).runId === id && (e.payload as LogChunk).stepId === step)
      .map((e) => (e.payload as LogChunk).text)
      .join('');
  return { fx, runs, make, events, updates, logs };
}

async function runToEnd(runs: RunServiceHandle, req: RunRequest): Promise<RunState> {
  const started = await runs.start(runRequest(req));
  return runs.wait(started.id);
}

async function expectCoreError(p: Promise<unknown>, code: string, ...fragments: string[]): Promise<CoreError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CoreError);
  expect((err as CoreError).code).toBe(code);
  for (const f of fragments) expect((err as CoreError).message).toContain(f);
  return err as CoreError;
}

const step = (s: RunState, id: string) => s.steps.find((x) => x.uuid === id)!;
const status = (s: RunState) => Object.fromEntries(s.steps.map((x) => [x.uuid, x.status]));

// load (named "config", params) ─┐
// words (unnamed) ───────────────┼─> report (reads inputs)      fail (exit 3) ─> after_fail
// shell (.sh) — independent
function dataPipeline(): FixtureOptions {
  return {
    parameters: { alpha: 0.25 },
    steps: [
      {
        uuid: 'load',
        title: 'Load config',
        file: 'load.py',
        parameters: { rows: 3 },
        source: 'import orchest\nrows = orchest.get_step_param("rows")\nprint("rows", rows, "alpha", orchest.get_pipeline_param("alpha"))\norchest.output({"rows": rows}, name="config")\n',
      },
      { uuid: 'words', title: 'Words', file: 'src/words.py', source: 'import orchest\norchest.output(["a", "b"])\n' },
      { uuid: 'nums', title: 'Numbers', file: 'nums.py', source: 'import orchest\norchest.output([1, 2])\n' },
      {
        uuid: 'report',
        title: 'Report',
        file: 'report.py',
        parents: ['nums', 'load', 'words'],
        source: 'import orchest, os\ninputs = orchest.get_inputs()\nprint("config", inputs["config"])\nprint("unnamed", inputs["unnamed"])\nprint("step", os.environ["ORCHEST_STEP_UUID"], "cwd", os.path.basename(os.getcwd()))\n',
      },
      { uuid: 'shell', title: 'Shell', file: 'hello.sh', source: 'echo "hello from bash"\necho "to stderr" >&2\n' },
      { uuid: 'fail', title: 'Fails', file: 'fail.py', source: 'print("about to fail")\nraise SystemExit(3)\n' },
      { uuid: 'after_fail', title: 'After fail', file: 'after.py', parents: ['fail'], source: 'print("must not run")\n' },
    ],
  };
}

describe('run service, local runner', () => {
  it('runs the steps in order with data passing and parameters; a failure stops only its descendants', async () => {
    const { fx, runs, updates, logs, events } = await setup(dataPipeline());
    const before = await fs.readFile(path.join(fx.root, fx.pipelinePath), 'utf8');
    const started = await runs.start(runRequest({ pipeline: fx.pipelinePath }));
    expect(started.runner).toBe('local');
    expect(started.message).toBe(LOCAL_RUNNER_NOTICE);
    const final = await runs.wait(started.id);

    expect(final.status).toBe('FAILURE');
    expect(status(final)).toEqual({ load: 'SUCCESS', words: 'SUCCESS', nums: 'SUCCESS', report: 'SUCCESS', shell: 'SUCCESS', fail: 'FAILURE', after_fail: 'ABORTED' });
    expect(final.message).toContain(LOCAL_RUNNER_NOTICE);
    expect(final.message).toContain('1 step failed: "Fails"');
    const failStep = final.steps.find((s) => s.uuid === 'fail')!;
    expect(failStep.exitCode).toBe(3);
    const after = final.steps.find((s) => s.uuid === 'after_fail')!;
    expect(after.message).toBe('Not started: step "Fails" failed.');
    expect(after.startedAt).toBeUndefined();
    // parents come before children in the plan
    const order = final.steps.map((s) => s.uuid);
    for (const p of ['nums', 'load', 'words']) expect(order.indexOf(p)).toBeLessThan(order.indexOf('report'));

    const report = await fx.readLog('report');
    expect(report).toContain("config {'rows': 3}");
    expect(report).toContain("unnamed [[1, 2], ['a', 'b']]"); // incoming_connections order
    expect(report).toContain('step report cwd pipe');
    expect(await fx.readLog('load')).toBe('rows 3 alpha 0.25\n');
    expect((await fx.readLog('shell')).split('\n').sort().join('\n')).toBe('\nhello from bash\nto stderr');
    expect(await fx.readLog('fail')).toContain('[orchest] Exited with code 3.');
    await expect(fs.stat(fx.logOf('after_fail'))).rejects.toThrow(); // never started: no log
    expect(logs(final.id, 'report')).toBe(report); // live events carry the same text
    // ... each at its byte offset in the file, which is how clients place them after a read
    const chunks = events.filter((e) => e.event === 'run.log' && (e.payload as LogChunk).stepId === 'report').map((e) => e.payload as LogChunk);
    const file = Buffer.from(report);
    expect(chunks[0]!.offset).toBe(0);
    for (const c of chunks) expect(file.subarray(c.offset, c.offset + Buffer.byteLength(c.text)).toString('utf8')).toBe(c.text);

    // every state change was published, ending with the final state; the pipeline file is untouched
    const seen = updates(final.id);
    expect(seen[0]!.status).toBe('PENDING');
    expect(seen.at(-1)).toEqual(final);
    expect(seen.some((s) => s.steps.find((x) => x.uuid === 'report')?.status === 'STARTED')).toBe(true);
    for (const s of seen) expect(runStateSchema.safeParse(s).success).toBe(true); // what clients validate against
    expect(await fs.readFile(path.join(fx.root, fx.pipelinePath), 'utf8')).toBe(before);
  });

  it('selection reads its parents\' outputs from the last run; incoming runs the ancestors', async () => {
    const { fx, runs } = await setup({
      steps: [
        { uuid: 'a', title: 'A', file: 'a.py', source: 'import orchest\norchest.output("first", name="v")\n' },
        { uuid: 'b', title: 'B', file: 'b.py', parents: ['a'], source: 'import orchest\nv = orchest.get_inputs()["v"]\nprint("b got", v)\norchest.output(v + "+b")\n' },
        { uuid: 'c', title: 'C', file: 'c.py', parents: ['b'], source: 'import orchest\nprint("c got", orchest.get_inputs()["unnamed"][0])\n' },
      ],
    });
    expect((await runToEnd(runs, { pipeline: fx.pipelinePath })).status).toBe('SUCCESS');
    await fx.writeStep('a.py', 'import orchest\norchest.output("second", name="v")\n');

    const sel = await runToEnd(runs, { pipeline: fx.pipelinePath, kind: 'selection', steps: ['c'] });
    expect(sel.steps.map((s) => s.uuid)).toEqual(['c']);
    expect(await fx.readLog('c')).toBe('c got first+b\n'); // b's output from the full run

    const inc = await runToEnd(runs, { pipeline: fx.pipelinePath, kind: 'incoming', steps: ['c'] });
    expect(inc.steps.map((s) => s.uuid)).toEqual(['a', 'b']);
    expect(await fx.readLog('b')).toBe('b got second\n');
    expect(await fx.readLog('c')).toBe('c got first+b\n'); // c did not run

    const incl = await runToEnd(runs, { pipeline: fx.pipelinePath, kind: 'incoming', steps: ['c'], inclusive: true });
    expect(incl.steps.map((s) => s.uuid)).toEqual(['a', 'b', 'c']);
    expect(await fx.readLog('c')).toBe('c got second+b\n');
  });

  it('a step\'s previous output is removed when it runs again', async () => {
    const { fx, runs } = await setup({
      steps: [
        { uuid: 'a', file: 'a.py', source: 'import orchest\norchest.output(1)\n' },
        { uuid: 'b', file: 'b.py', parents: ['a'], source: 'import orchest\nprint(orchest.get_inputs(ignore_failure=True))\n' },
      ],
    });
    await runToEnd(runs, { pipeline: fx.pipelinePath });
    expect(await fx.readLog('b')).toBe("{'unnamed': [1]}\n");
    await fx.writeStep('a.py', 'print("no output this time")\n');
    await runToEnd(runs, { pipeline: fx.pipelinePath });
    expect(await fx.readLog('b')).toBe("{'unnamed': [None]}\n");
  });

  it('pre-flight refuses bad requests before anything runs, naming the step', async () => {
    const { fx, runs } = await setup({
      steps: [
        { uuid: 'ok', title: 'Fine', file: 'ok.py', source: 'print(1)\n' },
        { uuid: 'txt', title: 'Notes', file: 'notes.txt', source: 'hi' },
        { uuid: 'gone', title: 'Missing file', file: 'missing.py' },
      ],
    });
    const err = await expectCoreError(runs.start(runRequest({ pipeline: fx.pipelinePath })), 'INVALID_ARGUMENT', 'Step "Notes" (txt)', '.txt', 'Step "Missing file" (gone)', 'missing.py');
    expect((err.details as { problems: unknown[] }).problems).toHaveLength(2);
    await expectCoreError(runs.start(runRequest({ pipeline: fx.pipelinePath, kind: 'selection', steps: ['ok', 'nope'] })), 'INVALID_ARGUMENT', 'nope');
    // a selection of the fine step alone runs
    expect((await runToEnd(runs, { pipeline: fx.pipelinePath, kind: 'selection', steps: ['ok'] })).status).toBe('SUCCESS');
    await expect(fs.stat(fx.logOf('txt'))).rejects.toThrow();

    // an invalid pipeline file (a cycle)
    const def = JSON.parse(await fs.readFile(path.join(fx.root, fx.pipelinePath), 'utf8'));
    def.steps.ok.incoming_connections = ['ok'];
    await fs.writeFile(path.join(fx.root, fx.pipelinePath), JSON.stringify(def));
    await expectCoreError(runs.start(runRequest({ pipeline: fx.pipelinePath, kind: 'selection', steps: ['ok'] })), 'INVALID_ARGUMENT', 'cannot run');
    await fs.writeFile(path.join(fx.root, fx.pipelinePath), '{"name": ');
    await expectCoreError(runs.start(runRequest({ pipeline: fx.pipelinePath })), 'INVALID_ARGUMENT', 'Invalid JSON');
  });

  it('Docker unreachable is DOCKER_UNAVAILABLE, saying where it looked', async () => {
    const { fx, runs } = await setup({ steps: [{ uuid: 'a', file: 'a.py', source: 'print(1)\n' }] }, { docker_host: '/nonexistent/docker.sock' });
    await expectCoreError(runs.start(runRequest({ pipeline: fx.pipelinePath, runner: 'docker' })), 'DOCKER_UNAVAILABLE', '/nonexistent/docker.sock', '--runner local');
  });

  it('one run per pipeline (BUSY); cancel kills the steps, keeps their logs, ends ABORTED', async () => {
    const { fx, runs } = await setup({
      steps: [
        { uuid: 'sleepy', title: 'Sleepy', file: 'sleepy.sh', source: 'echo "pid $$"\necho started\nsleep 60\necho never\n' },
        { uuid: 'child', file: 'child.py', parents: ['sleepy'], source: 'print("never")\n' },
      ],
    });
    const started = await runs.start(runRequest({ pipeline: fx.pipelinePath }));
    await expectCoreError(runs.start(runRequest({ pipeline: fx.pipelinePath })), 'BUSY', started.id);
    let log = '';
    for (let i = 0; i < 100 && !log.includes('started'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      log = await fx.readLog('sleepy').catch(() => '');
    }
    const pid = Number(/pid (\d+)/.exec(log)?.[1]);
    expect(pid).toBeGreaterThan(0);
    const cancelled = await runs.cancel(started.id);
    expect(cancelled.status).toBe('ABORTED');
    expect(status(cancelled)).toEqual({ sleepy: 'ABORTED', child: 'ABORTED' });
    expect(() => process.kill(pid, 0)).toThrow(); // the step's process is gone
    expect(await fx.readLog('sleepy')).toMatch(/started\n\[orchest\] Cancelled\.\n$/);
    // the pipeline is free again
    await runs.start(runRequest({ pipeline: fx.pipelinePath, kind: 'selection', steps: ['child'] })).then((s) => runs.wait(s.id));
  });

  it('the last run of a pipeline survives a restart; logs read from the tail', async () => {
    const { fx, runs, make } = await setup({ steps: [{ uuid: 'a', file: 'a.py', source: 'for i in range(1000):\n    print("line", i)\n' }] });
    const final = await runToEnd(runs, { pipeline: fx.pipelinePath });
    expect(await runs.last(fx.pipelinePath)).toEqual(final);
    await runs.dispose();
    const again = make();
    cleanups.push(() => again.dispose());
    expect(await again.last(fx.pipelinePath)).toEqual(final);
    expect(await again.last('elsewhere/.orchest/pipeline.json')).toBeNull();

    const whole = await again.readLog(fx.pipelinePath, 'a', 1024 * 1024);
    expect(whole.truncated).toBe(false);
    expect(whole.text.split('\n').length - 1).toBe(1000);
    const tail = await again.readLog(fx.pipelinePath, 'a', 20);
    expect(tail.truncated).toBe(true);
    expect(tail.size).toBe(whole.size);
    expect(whole.text.endsWith(tail.text)).toBe(true);
    await expectCoreError(again.readLog(fx.pipelinePath, 'no-such-step', 100), 'NOT_FOUND');
    await expectCoreError(again.readLog(fx.pipelinePath, '../../etc/passwd', 100), 'INVALID_ARGUMENT');
  });

  it('dispatches on the file type: .js runs with node; a missing interpreter fails with a clear message', async () => {
    const { fx, runs } = await setup({
      steps: [
        { uuid: 'js', title: 'Node step', file: 'step.js', source: 'console.log("node says", process.env.ORCHEST_STEP_UUID)\n' },
        { uuid: 'r', title: 'R step', file: 'step.R', source: 'print("hi")\n' },
      ],
    });
    const final = await runToEnd(runs, { pipeline: fx.pipelinePath });
    expect(await fx.readLog('js')).toBe('node says js\n');
    expect(step(final, 'js').status).toBe('SUCCESS');
    const hasR = spawnSync('Rscript', ['--version']).error === undefined;
    if (hasR) expect(step(final, 'r').status).toBe('SUCCESS');
    else {
      expect(step(final, 'r').status).toBe('FAILURE');
      expect(await fx.readLog('r')).toContain('Rscript is not installed where this step runs, so step.R cannot run (Debian package: r-base-core)');
    }
  });

  it('a *.orchest pipeline keeps its artefacts under .orchest/pipelines/<uuid>/', async () => {
    const { fx, runs } = await setup({
      layout: 'project',
      uuid: 'b1c2d3',
      steps: [
        { uuid: 'a', file: 'a.py', source: 'import orchest, os\nprint(os.environ["ORCHEST_PIPELINE_PATH"])\norchest.output(5)\n' },
        { uuid: 'b', file: 'b.py', parents: ['a'], source: 'import orchest\nprint(orchest.get_inputs())\n' },
      ],
    });
    const final = await runToEnd(runs, { pipeline: fx.pipelinePath, parallelism: 1 });
    expect(final.status).toBe('SUCCESS');
    expect(final.steps[0]!.logPath).toBe(path.join(fx.root, '.orchest', 'pipelines', 'b1c2d3', 'logs', 'a.log'));
    expect(await fx.readLog('a')).toBe(`${path.join(fx.root, 'main.orchest')}\n`);
    expect(await fx.readLog('b')).toBe("{'unnamed': [5]}\n");
    expect(await fs.readdir(path.join(fx.root, '.orchest', 'pipelines', 'b1c2d3', 'data'))).toEqual(['a']);
  });
});
