/**
 * Acceptance, against the real Docker engine and the test image, through the real core (the calls
 * the UI makes): project and pipeline variables reach the step (pipeline over project), a secret
 * the step prints reads *** in its log file and in the `run.log` events, and a step over its
 * memory limit fails with a message naming the limit.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LogChunk, RunState } from '../api/runs.js';
import { createCore, type Core } from '../core/core.js';
import { requireDockerAndImage, TEST_IMAGE } from './testing/docker-env.js';
import { createProject, type FixtureOptions, type ProjectFixture } from './testing/project-fixture.js';

let tmp: string;
const cleanups: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  await requireDockerAndImage();
});
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-vars-docker-'));
  cleanups.push(() => fs.rm(tmp, { recursive: true, force: true }));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function open(opts: FixtureOptions): Promise<{ fx: ProjectFixture; core: Core; call: <T>(m: string, a: unknown) => Promise<T>; chunks: LogChunk[]; updates: RunState[] }> {
  const fx = await createProject(opts);
  const configDir = path.join(tmp, 'config');
  await fs.mkdir(configDir, { recursive: true });
  await fs.writeFile(path.join(configDir, 'config.json'), JSON.stringify({ default_image: TEST_IMAGE }));
  const core = await createCore({ configDir, dataDir: path.join(tmp, 'data'), mode: 'test', projectDir: fx.root });
  cleanups.push(() => fx.cleanup(), () => core.dispose());
  const chunks: LogChunk[] = [];
  const updates: RunState[] = [];
  core.subscribe((event, payload) => {
    if (event === 'run.log') chunks.push(payload as LogChunk);
    if (event === 'run.updated') updates.push(payload as RunState);
  });
  const call = async <T>(method: string, args: unknown): Promise<T> => {
    const answer = await core.call(method, args);
    if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result as T;
  };
  return { fx, core, call, chunks, updates };
}

const TERMINAL = new Set(['SUCCESS', 'FAILURE', 'ABORTED']);

/** Start a run and wait for its final state, as a client does: through `run.updated` events. */
async function runToEnd(core: Core, call: <T>(m: string, a: unknown) => Promise<T>, pipeline: string): Promise<RunState> {
  let id: string | undefined;
  const finals = new Map<string, RunState>();
  let resolve: (s: RunState) => void = () => {};
  const done = new Promise<RunState>((r) => (resolve = r));
  const off = core.subscribe((event, payload) => {
    const s = payload as RunState;
    if (event !== 'run.updated' || !TERMINAL.has(s.status)) return;
    finals.set(s.id, s);
    if (s.id === id) resolve(s);
  });
  try {
    id = (await call<RunState>('runs.start', { pipeline })).id;
    return finals.get(id) ?? (await done);
  } finally {
    off();
  }
}

describe('variables and limits in Docker', () => {
  it('a step reads a project and a pipeline variable (pipeline over project); its printed secret reads *** in the log and events', async () => {
    const SECRET = 'sk-live-4f9a2c7e';
    const { fx, core, call, chunks, updates } = await open({
      steps: [
        {
          uuid: 'show',
          title: 'Show',
          file: 'show.py',
          source: ['import os', 'print("region:", os.environ["REGION"])', 'print("level:", os.environ["LEVEL"])', 'print("token:", os.environ["API_TOKEN"])', 'print("twice", os.environ["API_TOKEN"] * 2)'].join('\n'),
        },
      ],
    });
    await call('vars.set', {
      variables: [
        { name: 'REGION', value: 'eu-west-1' },
        { name: 'LEVEL', value: 'project' },
        { name: 'API_TOKEN', value: SECRET, secret: true },
      ],
    });
    await call('vars.set', { pipeline: fx.pipelinePath, variables: [{ name: 'LEVEL', value: 'pipeline' }] });
    const final = await runToEnd(core, call, fx.pipelinePath);
    expect(final.status, final.message).toBe('SUCCESS');
    const log = await fx.readLog('show');
    expect(log).toBe('region: eu-west-1\nlevel: pipeline\ntoken: ***\ntwice ******\n');
    const live = chunks.filter((c) => c.runId === final.id && c.stepId === 'show').map((c) => c.text).join('');
    expect(live).toBe(log);
    expect(JSON.stringify(updates)).not.toContain(SECRET);
    expect(JSON.stringify(await call('runs.last', { pipeline: fx.pipelinePath }))).not.toContain(SECRET);
    expect((await call<{ text: string }>('runs.readLog', { pipeline: fx.pipelinePath, stepId: 'show' })).text).not.toContain(SECRET);
  }, 120_000);

  it('a step over its memory limit fails with "used more than" its limit, as its error and in its log', async () => {
    const { fx, core, call } = await open({
      steps: [
        { uuid: 'hog', title: 'Hog', file: 'hog.py', resources: { memory: '64m' }, source: 'print("allocating", flush=True)\nb = b"x" * (400 * 1024 * 1024)\nprint("never here", len(b))\n' },
        { uuid: 'fine', title: 'Fine', file: 'fine.py', resources: { memory: '256m', cpus: 0.5 }, source: 'print("small step ok")\n' },
      ],
    });
    const final = await runToEnd(core, call, fx.pipelinePath);
    expect(final.status).toBe('FAILURE');
    const hog = final.steps.find((s) => s.uuid === 'hog')!;
    expect(hog.status).toBe('FAILURE');
    expect(hog.message).toBe('The step used more than 64 MiB, its memory limit, and was killed. Raise "Memory" in the step\'s properties, or make the step use less.');
    const log = await fx.readLog('hog');
    expect(log).toContain('allocating\n');
    expect(log).not.toContain('never here');
    expect(log).toContain('[orchest] The step used more than 64 MiB, its memory limit');
    expect(final.steps.find((s) => s.uuid === 'fine')!.status).toBe('SUCCESS');
    expect(await fx.readLog('fine')).toBe('small step ok\n');
  }, 120_000);
});
