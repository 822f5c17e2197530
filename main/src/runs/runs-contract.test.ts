/**
 * The runs.* methods through the real core (createCore: real config, project and environment
 * services) and its envelopes, with the local runner so no Docker is needed here.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runStateSchema, type RunState } from '../api/runs.js';
import { createCore, type Core } from '../core/core.js';
import { createProject } from './testing/project-fixture.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function coreWithProject() {
  const fx = await createProject({
    pipelineDir: 'etl',
    steps: [
      { uuid: 'a', title: 'A', file: 'a.py', source: 'import orchest\norchest.output(1, name="one")\n' },
      { uuid: 'b', title: 'B', file: 'b.py', parents: ['a'], source: 'import orchest\nprint("b got", orchest.get_inputs()["one"])\n' },
      { uuid: 'slow', title: 'Slow', file: 'slow.sh', source: 'echo up\nsleep 60\n' },
    ],
  });
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-core-'));
  const core = await createCore({ configDir: path.join(home, 'config'), dataDir: path.join(home, 'data'), mode: 'test', projectDir: fx.root });
  cleanups.push(() => fx.cleanup(), () => fs.rm(home, { recursive: true, force: true }), () => core.dispose());
  return { fx, core };
}

async function result<T>(core: Core, method: string, args: unknown): Promise<T> {
  const env = await core.call(method, args);
  if (env.error) throw new Error(`${env.error.code}: ${env.error.message}`);
  return env.result as T;
}

describe('runs.* through the core', () => {
  it('start, events, get, last, readLog; errors come back as envelopes', async () => {
    const { fx, core } = await coreWithProject();
    const updates: RunState[] = [];
    core.subscribe((event, payload) => event === 'run.updated' && updates.push(payload as RunState));

    const started = await result<RunState>(core, 'runs.start', { pipeline: fx.pipelinePath, kind: 'selection', steps: ['a', 'b'], runner: 'local' });
    expect(runStateSchema.parse(started).steps.map((s) => s.uuid)).toEqual(['a', 'b']);
    await expect.poll(() => updates.at(-1)?.status, { timeout: 20_000 }).toBe('SUCCESS');
    const final = await result<RunState>(core, 'runs.get', { runId: started.id });
    expect(final).toEqual(updates.at(-1));
    expect(await result(core, 'runs.last', { pipeline: fx.pipelinePath })).toEqual(final);
    expect(await result(core, 'runs.readLog', { pipeline: fx.pipelinePath, stepId: 'b' })).toEqual({ text: 'b got 1\n', size: 8, truncated: false });

    expect((await core.call('runs.get', { runId: 'nope' })).error?.code).toBe('NOT_FOUND');
    expect((await core.call('runs.start', { pipeline: fx.pipelinePath, kind: 'selection', steps: ['zzz'], runner: 'local' })).error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('zzz') });
    expect((await core.call('runs.start', { pipeline: fx.pipelinePath, parallelism: 0 })).error?.code).toBe('INVALID_ARGUMENT');
    expect((await core.call('runs.start', { pipeline: fx.pipelinePath, kind: 'bogus' })).error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('kind') });
  });

  it('runs.cancel ends a run ABORTED; a second start meanwhile is BUSY', async () => {
    const { fx, core } = await coreWithProject();
    const started = await result<RunState>(core, 'runs.start', { pipeline: fx.pipelinePath, kind: 'selection', steps: ['slow'], runner: 'local' });
    expect((await core.call('runs.start', { pipeline: fx.pipelinePath, runner: 'local' })).error?.code).toBe('BUSY');
    await expect.poll(async () => (await result<{ text: string }>(core, 'runs.readLog', { pipeline: fx.pipelinePath, stepId: 'slow' })).text, { timeout: 10_000 }).toBe('up\n');
    const cancelled = await result<RunState>(core, 'runs.cancel', { runId: started.id });
    expect(cancelled.status).toBe('ABORTED');
    expect(cancelled.steps[0]!.status).toBe('ABORTED');
  });
});
