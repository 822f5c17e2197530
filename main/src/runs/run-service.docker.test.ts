/**
 * The run engine against a real Docker engine and the test image (ORCHEST_TEST_IMAGE, default
 * orchest-test-py:latest; see testing/docker-env.ts for how to build it). These tests fail, not
 * skip, when either is missing. Project/config/environment services are small fakes
 * (testing/fake-services.ts): what is under test is the scheduler, the containers, the step runner
 * and the SDK.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import DockerClient from 'dockerode';
import type Docker from 'dockerode';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Config } from '../api/config.js';
import type { EventName } from '../api/contract.js';
import type { LogChunk, RunRequest, RunState } from '../api/runs.js';
import { CoreError } from '../core/core-error.js';
import { EventBus } from '../core/event-bus.js';
import { APP_LABEL, LABEL, removeRunContainers } from '../docker/containers.js';
import { projectUuid } from '../project/project-id.js';
import { createRunService, type RunServiceHandle } from './run-service.js';
import { containerRoles, containersOfRun, requireDockerAndImage, TEST_IMAGE, waitFor } from './testing/docker-env.js';
import { fakeConfig, fakeEnvironments, fakeProject } from './testing/fake-services.js';
import { createProject, notebook, type FixtureOptions } from './testing/project-fixture.js';
import { runRequest } from './testing/run-request.js';

let docker: Docker;
let dataDir: string;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  docker = await requireDockerAndImage();
});
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-data-'));
  cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

interface SetupOptions {
  config?: Partial<Config>;
  envs?: Parameters<typeof fakeEnvironments>[0];
  chownTo?: number;
}

async function setup(opts: FixtureOptions, extra: SetupOptions = {}) {
  const fx = await createProject(opts);
  if (extra.chownTo !== undefined) spawnSync('chown', ['-R', `${extra.chownTo}:${extra.chownTo}`, fx.root]);
  const bus = new EventBus();
  const events: Array<{ event: EventName; payload: unknown }> = [];
  bus.subscribe((event, payload) => events.push({ event, payload }));
  const environments = fakeEnvironments(extra.envs ?? {});
  const make = () =>
    createRunService({ config: fakeConfig({ default_image: TEST_IMAGE, ...extra.config }), project: fakeProject(fx.root), environments, bus, dataDir });
  const runs = make();
  cleanups.push(async () => {
    await runs.dispose();
    await fx.cleanup();
  });
  const logEvents = (id: string, step: string) => events.filter((e) => e.event === 'run.log' && (e.payload as LogChunk).runId === id && (e.payload as LogChunk).stepId === step);
  return { fx, runs, make, events, environments, logEvents };
}

async function runToEnd(runs: RunServiceHandle, req: RunRequest): Promise<RunState> {
  const started = await runs.start(runRequest(req));
  return runs.wait(started.id);
}

const status = (s: RunState) => Object.fromEntries(s.steps.map((x) => [x.uuid, x.status]));
const step = (s: RunState, id: string) => s.steps.find((x) => x.uuid === id)!;

async function expectCoreError(p: Promise<unknown>, code: string, ...fragments: string[]): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CoreError);
  expect((err as CoreError).code).toBe(code);
  for (const f of fragments) expect((err as CoreError).message).toContain(f);
}

describe('runs in Docker', () => {
  it('passes data between steps (named, unnamed in order, numpy/pandas memory-mapped) into a notebook, with parameters and skip cells', async () => {
    const { fx, runs, environments, logEvents } = await setup(
      {
        pipelineDir: 'flows/etl',
        parameters: { alpha: 0.5 },
        steps: [
          {
            uuid: 'cfg',
            title: 'Config',
            file: 'cfg.py',
            parameters: { rows: 3 },
            source: [
              'import orchest, os',
              'print("rows", orchest.get_step_param("rows"), "alpha", orchest.get_pipeline_param("alpha"), "missing", orchest.get_step_param("nope", "dflt"))',
              'print("cwd", os.getcwd())',
              'print("pipeline", os.environ["ORCHEST_PIPELINE_PATH"], "project", os.environ["ORCHEST_PROJECT_UUID"])',
              'open("/data/shared.txt", "w").write("in /data")',
              'orchest.output({"rows": orchest.get_step_param("rows")}, name="config")',
            ].join('\n'),
          },
          { uuid: 'b', title: 'B (environment)', file: 'b.py', environment: 'env-py', source: 'import orchest\norchest.output("B")\n' },
          { uuid: 'c', title: 'C (aliased image)', file: 'sub/c.py', image: 'orchest/base-kernel-py', source: 'import orchest\norchest.output("C")\n' },
          {
            uuid: 'arrays',
            title: 'Arrays',
            file: 'arrays.py',
            source: [
              'import numpy as np, pandas as pd, orchest',
              'arr = np.arange(2_000_000, dtype=np.float64).reshape(1000, 2000)',
              'df = pd.DataFrame({"x": np.arange(100_000), "y": np.linspace(0, 1, 100_000), "s": ["k"] * 100_000})',
              'orchest.output({"arr": arr, "df": df}, name="tables")',
            ].join('\n'),
          },
          {
            uuid: 'nb',
            title: 'Combine',
            file: 'combine.ipynb',
            parents: ['c', 'cfg', 'b', 'arrays'],
            source: notebook([
              'import orchest\ninputs = orchest.get_inputs()\nprint("unnamed", inputs["unnamed"])\nprint("config", inputs["config"])',
              { source: 'print("SKIPPED CELL RAN")\nopen("skipped.txt", "w").write("x")', tags: ['skip'] },
              [
                'import mmap, numpy as np, pandas as pd',
                'arr = inputs["tables"]["arr"]',
                'base = arr',
                'while isinstance(base, np.ndarray) and base.base is not None:',
                '    base = base.base',
                'print("arr", arr.shape, float(arr.sum()), "mmap" if isinstance(getattr(base, "obj", None), mmap.mmap) else "copied")',
                'expected = pd.DataFrame({"x": np.arange(100_000), "y": np.linspace(0, 1, 100_000), "s": ["k"] * 100_000})',
                'print("df equal", inputs["tables"]["df"].equals(expected))',
              ].join('\n'),
              '21 * 2',
            ]),
          },
        ],
      },
      { envs: { 'env-py': { image: TEST_IMAGE } }, config: { image_aliases: { 'orchest/base-kernel-py': TEST_IMAGE } } },
    );
    const definition = await fs.readFile(path.join(fx.root, fx.pipelinePath));
    const final = await runToEnd(runs, { pipeline: fx.pipelinePath });
    expect(final.status, JSON.stringify(final, null, 1) + (await fx.readLog('nb').catch(() => ''))).toBe('SUCCESS');
    expect(final.runner).toBe('docker');
    expect(environments.ensured).toEqual([['env-py']]);

    const cfg = await fx.readLog('cfg');
    expect(cfg).toContain('rows 3 alpha 0.5 missing dflt');
    expect(cfg).toContain('cwd /project-dir/flows/etl');
    expect(cfg).toContain(`pipeline /project-dir/flows/etl/.orchest/pipeline.json project ${projectUuid(fx.root)}`);
    expect(await fs.readFile(path.join(dataDir, 'data', 'shared.txt'), 'utf8')).toBe('in /data');

    const nb = await fx.readLog('nb');
    expect(nb).toContain("unnamed ['C', 'B']"); // incoming_connections order: c, cfg, b, arrays
    expect(nb).toContain("config {'rows': 3}");
    expect(nb).toContain('arr (1000, 2000) 1999999000000.0 mmap');
    expect(nb).toContain('df equal True');
    expect(nb).toContain('42'); // an execute_result
    expect(nb).not.toContain('SKIPPED CELL RAN');
    await expect(fs.stat(path.join(fx.pipelineDir, 'skipped.txt'))).rejects.toThrow();
    expect(logEvents(final.id, 'nb').map((e) => (e.payload as LogChunk).text).join('')).toBe(nb);

    // outputs on disk, one folder per step; the raw numpy buffer beside the (small) pickle
    expect((await fs.readdir(fx.dataDir)).sort()).toEqual(['arrays', 'b', 'c', 'cfg']);
    const meta = JSON.parse(await fs.readFile(path.join(fx.dataDir, 'arrays', 'meta.json'), 'utf8'));
    expect(meta.name).toBe('tables');
    expect(meta.buffers.some(([, size]: [number, number]) => size === 2_000_000 * 8)).toBe(true);
    // a run never rewrites the pipeline file, and leaves no container behind
    expect(await fs.readFile(path.join(fx.root, fx.pipelinePath))).toEqual(definition);
    expect(await containersOfRun(docker, final.id)).toEqual([]);
  });

  it('a failing step aborts its descendants; independent steps go on; name collisions and notebook errors are reported', async () => {
    const { fx, runs } = await setup({
      steps: [
        { uuid: 'x1', title: 'Left', file: 'x1.py', source: 'import orchest\norchest.output(1, name="dup")\n' },
        { uuid: 'x2', title: 'Right', file: 'x2.py', source: 'import orchest\norchest.output(2, name="dup")\n' },
        { uuid: 'clash', title: 'Clash', file: 'clash.py', parents: ['x1', 'x2'], source: 'import orchest, time\ntime.sleep(1)  # long enough for its child to get a container\norchest.get_inputs()\n' },
        { uuid: 'after', title: 'After clash', file: 'after.sh', parents: ['clash'], source: 'echo never\n' },
        { uuid: 'nbfail', title: 'Bad notebook', file: 'bad.ipynb', source: notebook(['print("before")', 'raise ValueError("broken cell")', 'print("after the error")']) },
        { uuid: 'indep', title: 'Independent', file: 'indep.sh', source: 'echo "still ran"\n' },
      ],
    });
    const final = await runToEnd(runs, { pipeline: fx.pipelinePath });
    expect(final.status).toBe('FAILURE');
    expect(status(final)).toEqual({ x1: 'SUCCESS', x2: 'SUCCESS', clash: 'FAILURE', after: 'ABORTED', nbfail: 'FAILURE', indep: 'SUCCESS' });
    expect(step(final, 'after').message).toBe('Not started: step "Clash" failed.');
    expect(step(final, 'clash').exitCode).toBe(1);
    const clash = await fx.readLog('clash');
    expect(clash).toContain('InputNameCollisionError');
    expect(clash).toContain('Steps "Left" (x1) and "Right" (x2) both output the name "dup"');
    const bad = await fx.readLog('nbfail');
    expect(bad).toContain('before');
    expect(bad).toContain('ValueError');
    expect(bad).toContain('broken cell');
    expect(bad).not.toContain('after the error');
    expect(await fx.readLog('indep')).toBe('still ran\n');
    expect(final.message).toContain('2 steps failed');
    // "After clash" had its container created while "Clash" ran; it never started, and it is gone
    expect(await containersOfRun(docker, final.id)).toEqual([]);
  });

  it('runs every kind: full, selection (reading the last outputs), incoming, incoming inclusive', async () => {
    const { fx, runs } = await setup({
      layout: 'project',
      uuid: 'kinds-pipeline',
      steps: [
        { uuid: 'a', title: 'A', file: 'a.py', source: 'import orchest, uuid\ntoken = uuid.uuid4().hex\nprint("token", token)\norchest.output(token)\n' },
        { uuid: 'b', title: 'B', file: 'b.py', parents: ['a'], source: 'import orchest\norchest.output("b:" + orchest.get_inputs()["unnamed"][0])\n' },
        { uuid: 'c', title: 'C', file: 'c.py', parents: ['b'], source: 'import orchest\nprint("c read", orchest.get_inputs()["unnamed"][0])\n' },
        { uuid: 'd', title: 'D', file: 'd.sh', source: 'echo d\n' },
      ],
    });
    const tokenOfA = async () => /token (\w+)/.exec(await fx.readLog('a'))![1];

    const full = await runToEnd(runs, { pipeline: fx.pipelinePath });
    expect(full.status).toBe('SUCCESS');
    expect(full.steps.map((s) => s.uuid).sort()).toEqual(['a', 'b', 'c', 'd']);
    const first = await tokenOfA();
    expect(await fx.readLog('c')).toBe(`c read b:${first}\n`);
    expect(full.steps[0]!.logPath).toBe(path.join(fx.root, '.orchest', 'pipelines', 'kinds-pipeline', 'logs', `${full.steps[0]!.uuid}.log`));

    const sel = await runToEnd(runs, { pipeline: fx.pipelinePath, kind: 'selection', steps: ['c'] });
    expect(sel.steps.map((s) => s.uuid)).toEqual(['c']);
    expect(await fx.readLog('c')).toBe(`c read b:${first}\n`); // b's output of the full run

    const cBefore = await fx.readLog('c');
    const inc = await runToEnd(runs, { pipeline: fx.pipelinePath, kind: 'incoming', steps: ['c'] });
    expect(inc.steps.map((s) => s.uuid)).toEqual(['a', 'b']);
    const second = await tokenOfA();
    expect(second).not.toBe(first);
    expect(await fx.readLog('c')).toBe(cBefore); // c did not run

    const incl = await runToEnd(runs, { pipeline: fx.pipelinePath, kind: 'incoming', steps: ['c'], inclusive: true, parallelism: 1 });
    expect(incl.steps.map((s) => s.uuid)).toEqual(['a', 'b', 'c']);
    expect(await fx.readLog('c')).toBe(`c read b:${await tokenOfA()}\n`);
    expect(incl.status).toBe('SUCCESS');
  });

  it('a .py step is the container\'s PID 1 (python3 -u), and its previous output is gone before it starts (a child never reads a stale one)', async () => {
    const { fx, runs } = await setup({
      steps: [
        { uuid: 'maybe', title: 'Maybe', file: 'maybe.py', source: 'import orchest\nprint("pid1", open("/proc/1/cmdline").read().split("\\0"))\norchest.output("old")\n' },
        { uuid: 'reader', title: 'Reader', file: 'reader.py', parents: ['maybe'], source: 'import orchest\nprint(orchest.get_inputs(ignore_failure=True))\n' },
      ],
    });
    expect((await runToEnd(runs, { pipeline: fx.pipelinePath })).status).toBe('SUCCESS');
    // PID 1 is the step's interpreter (so it gets the signals), unbuffered.
    expect(await fx.readLog('maybe')).toContain("pid1 ['python3', '-u', 'maybe.py', '']");
    expect(await fx.readLog('reader')).toBe("{'unnamed': ['old']}\n");

    await fx.writeStep('maybe.py', 'print("no output this time")\n');
    expect((await runToEnd(runs, { pipeline: fx.pipelinePath })).status).toBe('SUCCESS');
    expect(await fx.readLog('reader')).toBe("{'unnamed': [None]}\n"); // not the stale "old"
    expect(await fs.readdir(fx.dataDir)).toEqual([]);
  });

  it('cancel stops every container of the run, keeps the logs, ends ABORTED; one run per pipeline', async () => {
    const { fx, runs } = await setup({
      steps: [
        { uuid: 'long1', title: 'Long 1', file: 'long1.sh', source: 'echo "started 1"\nsleep 120\n' },
        { uuid: 'long2', title: 'Long 2', file: 'long2.py', source: 'import time\nprint("started 2")\ntime.sleep(120)\n' },
        { uuid: 'child', title: 'Child', file: 'child.sh', parents: ['long1'], source: 'echo never\n' },
      ],
    });
    const started = await runs.start(runRequest({ pipeline: fx.pipelinePath }));
    await expectCoreError(runs.start(runRequest({ pipeline: fx.pipelinePath })), 'BUSY', 'already running');
    await waitFor('both steps to print', async () => (await fx.readLog('long1').catch(() => '')).includes('started 1') && (await fx.readLog('long2').catch(() => '')).includes('started 2'));
    // Both steps, and the run's network; the child's container waits behind its gate.
    const all = ['network running', 'step running', 'step running', 'step running'];
    await waitFor("the child's container to be started", async () => JSON.stringify(containerRoles(await containersOfRun(docker, started.id))) === JSON.stringify(all));

    // Both steps would sleep for 120 s; how long Cancel takes is measured by bench/cancel.bench.ts.
    const cancelled = await runs.cancel(started.id);
    expect(await containersOfRun(docker, started.id)).toEqual([]);
    expect(cancelled.status).toBe('ABORTED');
    expect(status(cancelled)).toEqual({ long1: 'ABORTED', long2: 'ABORTED', child: 'ABORTED' });
    expect(await fx.readLog('long1')).toBe('started 1\n[orchest] Cancelled.\n');
    expect(await fx.readLog('long2')).toBe('started 2\n[orchest] Cancelled.\n');
    expect((await runs.last(fx.pipelinePath))?.status).toBe('ABORTED');
  });

  it('removes containers left by a dead app when created, sparing runs going on in this process', async () => {
    const { fx, runs, make } = await setup({ steps: [{ uuid: 'long', file: 'long.sh', source: 'echo up\nsleep 120\n' }] });
    const deadPid = spawnSync('true').pid!; // exited: a crashed app's pid
    const orphan = await docker.createContainer({
      Image: TEST_IMAGE,
      Cmd: ['sleep', '300'],
      Labels: { app: APP_LABEL, project: 'p', pipeline: 'p', run: 'crashed-run', step: 's', owner_pid: String(deadPid), owner_host: os.hostname() },
    });
    cleanups.push(() => orphan.remove({ force: true }));
    await orphan.start();

    const live = await runs.start(runRequest({ pipeline: fx.pipelinePath }));
    const [liveContainer] = await waitFor('the live step container', async () => {
      const list = await containersOfRun(docker, live.id);
      return list.length ? list : null;
    });
    const restarted = make(); // what a new app instance does on start
    cleanups.push(() => restarted.dispose());
    const removed = await restarted.orphansRemoved;
    expect(removed).toContain(orphan.id);
    expect(removed).not.toContain(liveContainer!.Id);
    await expect(orphan.inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect((await containersOfRun(docker, live.id)).map((c) => c.Id)).toEqual([liveContainer!.Id]);
    await runs.cancel(live.id);
  });

  it.skipIf(process.getuid?.() !== 0)('files a step writes belong to the project folder\'s owner (needs root to chown the test project)', async () => {
    const { fx, runs } = await setup(
      {
        steps: [
          { uuid: 'w', title: 'Writer', file: 'w.py', source: 'import orchest, os\nopen("written.txt", "w").write("x")\nprint("uid", os.getuid(), "home", os.environ["HOME"])\norchest.output([1])\n' },
          { uuid: 'r', title: 'Reader', file: 'r.py', parents: ['w'], source: 'import orchest\nprint(orchest.get_inputs())\n' },
        ],
      },
      { chownTo: 1000 },
    );
    const final = await runToEnd(runs, { pipeline: fx.pipelinePath });
    expect(final.status, await fx.readLog('w').catch(() => 'no log')).toBe('SUCCESS');
    expect(await fx.readLog('w')).toContain('uid 1000 home /tmp');
    expect(await fx.readLog('r')).toContain("{'unnamed': [[1]]}");
    for (const p of [path.join(fx.pipelineDir, 'written.txt'), fx.dataDir, path.join(fx.dataDir, 'w', 'meta.json'), fx.logsDir, fx.logOf('w')]) {
      expect((await fs.stat(p)).uid, p).toBe(1000);
    }
  });

  it('a step printing a million lines has a million lines in its log; live events are batched', async () => {
    const { fx, runs, logEvents } = await setup({
      steps: [
        {
          uuid: 'loud',
          file: 'loud.py',
          source: [
            'import sys',
            'out, err = sys.stdout.write, sys.stderr.write',
            'for i in range(1_000_000):',
            '    (err if i % 1000 == 999 else out)(f"line {i}\\n")',
          ].join('\n'),
        },
      ],
    });
    const final = await runToEnd(runs, { pipeline: fx.pipelinePath });
    expect(final.status).toBe('SUCCESS');
    const lines = (await fx.readLog('loud')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(1_000_000);
    const numbers = lines.map((l) => Number(l.slice(5))).sort((x, y) => x - y);
    expect(numbers.every((n, i) => n === i)).toBe(true); // each line once, none cut
    expect(lines.filter((l, i) => i > 0 && !l.startsWith('line '))).toEqual([]);
    const events = logEvents(final.id, 'loud');
    expect(events.length).toBeGreaterThan(1);
    expect(events.length).toBeLessThan(2000);
  });

  it('when the Docker engine goes away mid-run the run ends FAILURE with the reason (no hang)', async () => {
    // A socket proxy to the real engine, then cut: what the app sees when dockerd dies.
    const sock = path.join(dataDir, 'docker-proxy.sock');
    const conns = new Set<net.Socket>();
    const server = net.createServer((client) => {
      const upstream = net.connect('/var/run/docker.sock');
      for (const s of [client, upstream]) {
        conns.add(s);
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => server.listen(sock, r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    const { fx, runs } = await setup(
      {
        steps: [
          { uuid: 'long', title: 'Long', file: 'long.sh', source: 'echo up\nsleep 120\n' },
          { uuid: 'next', title: 'Next', file: 'next.sh', parents: ['long'], source: 'echo never\n' },
        ],
      },
      { config: { docker_host: sock } },
    );
    const started = await runs.start(runRequest({ pipeline: fx.pipelinePath }));
    cleanups.push(() => removeRunContainers(docker, started.id));
    await waitFor('the step to print', async () => (await fx.readLog('long').catch(() => '')).includes('up'));
    server.close();
    for (const s of conns) s.destroy();
    const final = await runs.wait(started.id);
    expect(final.status).toBe('FAILURE');
    expect(final.message).toContain('lost the connection to Docker');
    expect(step(final, 'long').status).toBe('FAILURE');
    expect(step(final, 'next').status).toBe('ABORTED');
    expect(await fx.readLog('long')).toContain('[orchest] Docker: lost the connection to Docker');
  });

  it('a missing image is IMAGE_MISSING naming the image and the steps that need it', async () => {
    const { fx, runs } = await setup(
      {
        steps: [
          { uuid: 'plain', title: 'Plain', file: 'p.py', source: 'print(1)\n' },
          { uuid: 'withenv', title: 'With env', file: 'e.py', environment: 'env-ok', source: 'print(1)\n' },
        ],
      },
      { envs: { 'env-ok': { image: TEST_IMAGE } }, config: { default_image: 'orchest-missing-default:0' } },
    );
    await expectCoreError(runs.start(runRequest({ pipeline: fx.pipelinePath })), 'IMAGE_MISSING', '"orchest-missing-default:0" (needed by "Plain")', '"orchest setup"');
    await expectCoreError(runs.start(runRequest({ pipeline: fx.pipelinePath, image: 'orchest-no-such:1' })), 'IMAGE_MISSING', '"orchest-no-such:1" (needed by "Plain", "With env")', '"orchest image build-offline orchest-no-such:1"');
    expect(await runs.last(fx.pipelinePath)).toBeNull(); // nothing started
    const overridden = await runToEnd(runs, { pipeline: fx.pipelinePath, image: TEST_IMAGE });
    expect(overridden.status).toBe('SUCCESS');
  });

  it('a step whose environment has GPU support gets a container that asks Docker for the GPUs', async () => {
    // What the engine made of each step's container, read back from Docker before it is started
    // (on a machine without GPUs the start then fails, and the container is removed).
    const created: Docker.ContainerInspectInfo[] = [];
    const create = DockerClient.prototype.createContainer;
    const spy = vi.spyOn(DockerClient.prototype, 'createContainer').mockImplementation(async function (this: Docker, opts: Docker.ContainerCreateOptions) {
      const container = await create.call(this, opts);
      created.push(await container.inspect());
      return container;
    } as typeof create);
    cleanups.push(async () => spy.mockRestore());
    const { fx, runs } = await setup(
      {
        steps: [
          { uuid: 'c', title: 'CPU step', file: 'c.sh', environment: 'env-cpu', source: 'echo ran\n' },
          { uuid: 'g', title: 'GPU step', file: 'g.sh', environment: 'env-gpu', source: 'echo ran\n', parents: ['c'] },
        ],
      },
      { envs: { 'env-gpu': { image: TEST_IMAGE, gpu: true }, 'env-cpu': { image: TEST_IMAGE } } },
    );
    const final = await runToEnd(runs, { pipeline: fx.pipelinePath });
    const hostConfigOf = (stepId: string) => created.find((c) => c.Config.Labels[LABEL.step] === stepId && c.Config.Labels[LABEL.run] === final.id)?.HostConfig;
    expect(hostConfigOf('g')?.DeviceRequests).toEqual([expect.objectContaining({ Driver: '', Count: -1, Capabilities: [['gpu']] })]);
    expect(hostConfigOf('c')).toBeDefined();
    expect(hostConfigOf('c')!.DeviceRequests ?? []).toEqual([]);
    await waitFor('the run\'s containers to be removed', async () => (await containersOfRun(docker, final.id)).length === 0);
  });
});
