/**
 * The data view's reader against real outputs: steps run by the local runner (host python3 with
 * Debian's numpy/pandas and the real SDK) write their summaries, and outputs.list reads them back.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunRequest } from '../api/runs.js';
import { EventBus } from '../core/event-bus.js';
import { createRunService, type RunServiceHandle } from '../runs/run-service.js';
import { fakeConfig, fakeEnvironments, fakeProject } from '../runs/testing/fake-services.js';
import { createProject, type FixtureOptions } from '../runs/testing/project-fixture.js';
import { runRequest } from '../runs/testing/run-request.js';
import { dispatch } from '../core/dispatch.js';
import { outputHandlers } from './output-handlers.js';
import { createOutputService } from './output-service.js';
import { outputState } from './output-state.js';
import { receiversOf } from './receivers.js';
import { parse } from '../pipeline/parse.js';

// The local runner's python3 is the first on PATH: Debian's, which has numpy and pandas (as the SDK's tests use), not a pyenv shim's.
process.env.PATH = `/usr/bin:${process.env.PATH ?? ''}`;

let dataDir: string;
const cleanups: Array<() => Promise<unknown>> = [];
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-outputs-'));
  cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(opts: FixtureOptions) {
  const fx = await createProject(opts);
  const project = fakeProject(fx.root);
  const runs = createRunService({ config: fakeConfig({ default_runner: 'local' }), project, environments: fakeEnvironments(), bus: new EventBus(), dataDir });
  cleanups.push(async () => {
    await runs.dispose();
    await fx.cleanup();
  });
  const outputs = createOutputService({ project, lastRun: (p) => runs.last(p) });
  const run = async (req: Partial<RunRequest> = {}) => runs.wait((await runs.start(runRequest({ pipeline: fx.pipelinePath, ...req }))).id);
  return { fx, runs: runs as RunServiceHandle, outputs, run };
}

const FRAME = `import numpy as np, pandas as pd, orchest
orchest.output(pd.DataFrame({"id": np.arange(50), "score": np.linspace(0, 1, 50)}), name="df")
`;

describe('outputs.list', () => {
  it('says "no run yet", then shows each output from the last run, how children receive it, and marks older ones stale', async () => {
    const { fx, outputs, run } = await setup({
      steps: [
        { uuid: 'load', title: 'Load', file: 'load.py', source: FRAME },
        { uuid: 'note', title: 'Note', file: 'note.py', source: 'import orchest\norchest.output("hello")\n' },
        { uuid: 'quiet', title: 'Quiet', file: 'quiet.py', source: 'print(1)\n' },
        { uuid: 'use', title: 'Use', file: 'use.py', source: 'import orchest\nprint(sorted(orchest.get_inputs(ignore_failure=True)))\n', parents: ['quiet', 'load', 'note'] },
      ],
    });
    const before = await outputs.list(fx.pipelinePath);
    expect(before.map((s) => s.state)).toEqual(['no-run', 'no-run', 'no-run', 'no-run']);

    const first = await run();
    expect(first.status, await fx.readLog('load')).toBe('SUCCESS');
    const [load, note, quiet] = await outputs.list(fx.pipelinePath);
    expect(load!.state).toBe('ready');
    const df = load!.outputs[0]!;
    expect(df).toMatchObject({ name: 'df', kind: 'dataframe', type: 'pandas.DataFrame', shape: [50, 2], runUuid: first.id });
    expect(df.columns).toEqual([
      { name: 'id', dtype: 'int64' },
      { name: 'score', dtype: 'float64' },
    ]);
    expect(df.head!.rows.slice(0, 2)).toEqual([
      [0, 0],
      [1, 1 / 49],
    ]);
    expect(load!.receivers).toEqual([{ stepId: 'use', title: 'Use', as: 'inputs["df"]' }]);
    // "quiet" has no output: it still takes an "unnamed" slot before "note".
    expect(note!.outputs[0]).toMatchObject({ kind: 'text', value: 'hello', name: null });
    expect(note!.receivers[0]!.as).toBe('inputs["unnamed"][1]');
    expect(quiet).toMatchObject({ state: 'none', outputs: [], stepStatus: 'SUCCESS' });

    await run({ kind: 'selection', steps: ['note'] });
    const after = await outputs.list(fx.pipelinePath, 'load');
    expect(after).toHaveLength(1);
    expect(after[0]!.state).toBe('stale');
    expect(after[0]!.message).toContain('older run');
    expect((await outputs.list(fx.pipelinePath, 'note'))[0]!.state).toBe('ready');
  });

  it('a failed step, a missing or broken summary, a symlink planted by a step, a thumbnail', async () => {
    const png = `import struct, zlib, orchest
def chunk(k, d): return struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d))
raw = b"".join(b"\\x00" + b"\\x10\\x20\\x30" * 8 for _ in range(4))
orchest.output(b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 4, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""), name="img")
`;
    const { fx, outputs, run } = await setup({
      steps: [
        { uuid: 'img', file: 'img.py', source: png },
        { uuid: 'bad', file: 'bad.py', source: 'raise SystemExit(3)\n' },
      ],
    });
    await run();
    const [img, bad] = await outputs.list(fx.pipelinePath);
    expect(bad).toMatchObject({ state: 'failed', stepStatus: 'FAILURE', outputs: [] });
    const thumb = img!.outputs[0]!.thumbnail!;
    expect(img!.outputs[0]).toMatchObject({ kind: 'image', width: 8, height: 4 });
    const got = await outputs.thumbnail(fx.pipelinePath, 'img', thumb.file);
    expect(got.mime).toBe('image/png');
    expect(Buffer.from(got.base64, 'base64').subarray(1, 4).toString()).toBe('PNG');

    const folder = path.join(fx.dataDir, 'img');
    await fs.writeFile(path.join(folder, 'summary.json'), '{"version": 1, "kind": "nonsense"}');
    let [again] = await outputs.list(fx.pipelinePath, 'img');
    expect(again).toMatchObject({ state: 'summary-missing', outputs: [{ name: 'img', format: 'pickle' }] });
    expect(again!.message).toContain('not valid');
    await fs.rm(path.join(folder, 'summary.json'));
    [again] = await outputs.list(fx.pipelinePath, 'img');
    expect(again!.state).toBe('summary-missing');

    // A step's code can put anything in its folder: a link to a host file is never read.
    await fs.rm(path.join(folder, thumb.file));
    await fs.symlink('/etc/passwd', path.join(folder, thumb.file));
    await expect(outputs.thumbnail(fx.pipelinePath, 'img', thumb.file)).rejects.toThrow(/symbolic link/);
    await fs.symlink('/etc', path.join(fx.dataDir, 'bad'));
    await expect(outputs.thumbnail(fx.pipelinePath, 'bad', 'thumbnail-0.png')).rejects.toThrow(/outside the project/);
    await expect(outputs.list(fx.pipelinePath, 'nope')).rejects.toThrow(/no step nope/);
    // Only thumbnail-<n>.png|jpg names pass the contract: no other file of the folder, no path.
    for (const file of ['../../../etc/passwd', 'data.pickle', 'thumbnail-0.png/../meta.json']) {
      const answer = await dispatch(outputHandlers(outputs), 'outputs.thumbnail', { pipeline: fx.pipelinePath, stepId: 'img', file });
      expect(answer).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
    }
  });
});

describe('output states and receivers (pure)', () => {
  const summary = { version: 1 as const, name: null, runUuid: 'r1', writtenAt: 1, format: 'pickle', type: 'int', kind: 'scalar' as const };
  const run = (status: 'STARTED' | 'PENDING' | 'SUCCESS') => ({ id: 'r2', pipeline: 'p', kind: 'full' as const, runner: 'docker' as const, status: 'STARTED' as const, startedAt: 0, steps: [{ uuid: 's', title: 's', status, logPath: '' }] });

  it('an output not yet replaced by the run going on is "running"; one written in JupyterLab without a run is ready', () => {
    expect(outputState('s', { kind: 'summary', summary }, run('PENDING')).state).toBe('running');
    expect(outputState('s', { kind: 'summary', summary: { ...summary, runUuid: null } }, null)).toEqual({ state: 'ready', message: 'Written outside a run (e.g. in JupyterLab).' });
    expect(outputState('s', { kind: 'summary', summary }, run('SUCCESS')).state).toBe('stale');
  });

  it('names a collision of two parents with one output name', () => {
    const doc = parse(
      JSON.stringify({
        name: 'p',
        uuid: 'u',
        version: '1.0.0',
        steps: {
          a: { uuid: 'a', title: 'A', file_path: 'a.py' },
          b: { uuid: 'b', title: 'B', file_path: 'b.py' },
          c: { uuid: 'c', title: 'C', file_path: 'c.py', incoming_connections: ['a', 'b'] },
        },
      }),
    );
    const receivers = receiversOf(doc.pipeline!, 'b', () => 'x');
    expect(receivers).toEqual([{ stepId: 'c', title: 'C', as: 'inputs["x"]', collision: '"A" outputs the name "x" too: get_inputs() raises InputNameCollisionError.' }]);
  });
});
