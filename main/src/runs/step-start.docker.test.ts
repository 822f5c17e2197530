/**
 * How steps' containers start, against a real Docker engine and the test image: a step waiting for
 * its parents is started ahead behind its gate (docker/readied-container.ts), and a run's steps
 * share one network (docker/run-network.ts). What a user could tell from inside a step is what is
 * asserted: nothing of a step runs before its parents succeed, its image's entrypoint still runs,
 * it has a network, and nothing is left behind.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../core/event-bus.js';
import { createRunService, type RunServiceHandle } from './run-service.js';
import { containersOfRun, requireDockerAndImage, TEST_IMAGE } from './testing/docker-env.js';
import { fakeConfig, fakeEnvironments, fakeProject } from './testing/fake-services.js';
import { createProject, type FixtureOptions, type ProjectFixture } from './testing/project-fixture.js';
import { runRequest } from './testing/run-request.js';

/** The test image with an entrypoint of its own, which logs each time it runs, then runs the command. */
const ENTRYPOINT_IMAGE = 'orchest-test-entrypoint:latest';
/** The test image without /bin/sh (as a distroless one): neither the gate nor the network holder can run in it. */
const NO_SHELL_IMAGE = 'orchest-test-no-shell:latest';

let docker: Docker;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  docker = await requireDockerAndImage();
  // Built from the local test image: nothing is pulled.
  const dockerfile = `FROM ${TEST_IMAGE}\nENTRYPOINT ["/bin/sh", "-c", "date +%s.%N >> /project-dir/entrypoint.log && exec \\"$@\\"", "entrypoint"]\n`;
  execFileSync('docker', ['build', '-q', '-t', ENTRYPOINT_IMAGE, '-'], { input: dockerfile, stdio: ['pipe', 'ignore', 'inherit'] });
  const noShell = `FROM ${TEST_IMAGE}\nRUN ["/bin/rm", "/bin/sh"]\n`; // the exec form: no shell needed to run it
  execFileSync('docker', ['build', '-q', '-t', NO_SHELL_IMAGE, '-'], { input: noShell, stdio: ['pipe', 'ignore', 'inherit'] });
}, 180_000);
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function setup(opts: FixtureOptions): Promise<{ fx: ProjectFixture; runs: RunServiceHandle }> {
  const fx = await createProject(opts);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-data-'));
  const runs = createRunService({ config: fakeConfig({ default_image: TEST_IMAGE }), project: fakeProject(fx.root), environments: fakeEnvironments({}), bus: new EventBus(), dataDir });
  cleanups.push(async () => {
    await runs.dispose();
    await fx.cleanup();
    await fs.rm(dataDir, { recursive: true, force: true });
  });
  return { fx, runs };
}

const run = async (runs: RunServiceHandle, fx: ProjectFixture) => runs.wait((await runs.start(runRequest({ pipeline: fx.pipelinePath }))).id);
const times = async (file: string) => (await fs.readFile(file, 'utf8')).trim().split('\n').map(Number);

describe('step containers', () => {
  it('a step waiting for its parent begins only after the parent succeeded, as PID 1, with its own entrypoint run after that, and stdin closed', async () => {
    const { fx, runs } = await setup({
      steps: [
        // Long enough for the child's container to be started behind its gate meanwhile.
        { uuid: 'parent', file: 'parent.py', source: 'import time\ntime.sleep(2)\nopen("/project-dir/made.txt", "w").write("by the parent")\nprint(time.time())\n' },
        {
          uuid: 'child',
          file: 'child.py',
          parents: ['parent'],
          image: ENTRYPOINT_IMAGE,
          source: 'import sys, time\nprint(time.time())\nprint(open("/project-dir/made.txt").read())\nprint("pid1", open("/proc/1/cmdline").read().split("\\0")[:3])\nprint("stdin", repr(sys.stdin.read()))\n',
        },
      ],
    });
    const state = await run(runs, fx);
    expect(state.status).toBe('SUCCESS');
    const [parentEnd] = (await fx.readLog('parent')).trim().split('\n').map(Number);
    const childLog = (await fx.readLog('child')).trim().split('\n');
    expect(Number(childLog[0])).toBeGreaterThan(parentEnd!);
    expect(childLog.slice(1)).toEqual(['by the parent', "pid1 ['python3', '-u', 'child.py']", "stdin ''"]);
    // The image's entrypoint ran once, after the parent ended: the gate comes before it.
    const entrypointRuns = await times(path.join(fx.root, 'entrypoint.log'));
    expect(entrypointRuns).toHaveLength(1);
    expect(entrypointRuns[0]).toBeGreaterThan(parentEnd!);
    expect(await containersOfRun(docker, state.id)).toEqual([]);
  });

  it('a step whose parent fails never runs, and its container made ahead is gone', async () => {
    const { fx, runs } = await setup({
      steps: [
        { uuid: 'parent', file: 'parent.py', source: 'import time\ntime.sleep(1.5)\nraise SystemExit(4)\n' },
        { uuid: 'child', file: 'child.py', parents: ['parent'], image: ENTRYPOINT_IMAGE, source: 'print("ran")\n' },
      ],
    });
    const state = await run(runs, fx);
    expect(state.steps.map((s) => [s.uuid, s.status])).toEqual([
      ['parent', 'FAILURE'],
      ['child', 'ABORTED'],
    ]);
    await expect(fs.access(path.join(fx.root, 'entrypoint.log'))).rejects.toThrow();
    expect(await containersOfRun(docker, state.id)).toEqual([]);
  });

  it('an image without /bin/sh still runs its steps, in order, each with a network of its own', async () => {
    const { fx, runs } = await setup({
      settings: { max_steps_parallelism: 2 },
      steps: [
        { uuid: 'first', file: 'first.py', image: NO_SHELL_IMAGE, source: 'import os, time\ntime.sleep(1)\nopen("/project-dir/first.txt", "w").write("first")\nprint(sorted(os.listdir("/sys/class/net")))\n' },
        { uuid: 'then', file: 'then.py', parents: ['first'], image: NO_SHELL_IMAGE, source: 'print(open("/project-dir/first.txt").read(), "then")\n' },
      ],
    });
    const state = await run(runs, fx);
    expect(state.status).toBe('SUCCESS');
    expect(await fx.readLog('first')).toMatch(/'eth0'/);
    expect(await fx.readLog('then')).toBe('first then\n');
    expect(await containersOfRun(docker, state.id)).toEqual([]);
  });

  it("a run's steps have a network, one they share: a step reaches another's server on localhost", async () => {
    const { fx, runs } = await setup({
      settings: { max_steps_parallelism: 2 },
      steps: [
        {
          uuid: 'server',
          file: 'server.py',
          source:
            'import socket, os\nprint("interfaces", sorted(os.listdir("/sys/class/net")))\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\ns.bind(("127.0.0.1", 47123))\ns.listen()\ns.settimeout(60)\nc, _ = s.accept()\nprint("got", c.recv(100).decode())\n',
        },
        {
          uuid: 'client',
          file: 'client.py',
          source:
            'import socket, time\nfor _ in range(600):\n    try:\n        c = socket.create_connection(("127.0.0.1", 47123), timeout=1)\n        break\n    except OSError:\n        time.sleep(0.1)\nc.sendall(b"hello from the client")\nprint("sent")\n',
        },
      ],
    });
    const state = await run(runs, fx);
    expect(state.status).toBe('SUCCESS');
    const serverLog = await fx.readLog('server');
    expect(serverLog).toMatch(/interfaces \[.*'eth0'.*\]/);
    expect(serverLog).toContain('got hello from the client');
    expect(await containersOfRun(docker, state.id)).toEqual([]);
  });
});
