/**
 * The contract suite: the same behaviour checked through every transport (in-process and the
 * WebSocket bridge). Not a test file itself; contract.*.test.ts run it.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../api/contract.js';
import type { Envelope } from '../../api/errors.js';

export interface Transport {
  call(method: string, args: unknown): Promise<Envelope<unknown>>;
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
  close(): Promise<void>;
}

export interface TransportFactory {
  (dirs: { configDir: string; dataDir: string }): Promise<Transport>;
}

const pipelineJson = (steps: Record<string, unknown>) =>
  JSON.stringify({ name: 'demo', uuid: 'p-1', version: '1.0.0', settings: {}, parameters: {}, steps, custom_top: { keep: true } }, null, 4);

const step = (uuid: string, title: string, parents: string[] = []) => ({
  uuid,
  title,
  file_path: `${uuid}.py`,
  incoming_connections: parents,
  kernel: { name: 'python', display_name: 'Python 3' },
  parameters: {},
  meta_data: { hidden: false, position: [0, 0] },
  custom_step_field: 42,
});

function waitForEvent(t: Transport, name: EventName, pred: (p: unknown) => boolean = () => true, ms = 3000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${name} event within ${ms} ms`));
    }, ms);
    const off = t.subscribe((event, payload) => {
      if (event === name && pred(payload)) {
        clearTimeout(timer);
        off();
        resolve(payload);
      }
    });
  });
}

export function contractSuite(transportName: string, makeTransport: TransportFactory): void {
  describe(`contract over ${transportName}`, () => {
    let tmp: string;
    let project: string;
    let t: Transport;

    beforeEach(async () => {
      tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-contract-'));
      project = path.join(tmp, 'project');
      await mkdir(path.join(project, 'pipe', '.orchest'), { recursive: true });
      await writeFile(path.join(project, 'pipe', '.orchest', 'pipeline.json'), pipelineJson({ a: step('a', 'Load'), b: step('b', 'Train', ['a']) }));
      await writeFile(path.join(project, 'pipe', 'a.py'), 'print(1)\n');
      await writeFile(path.join(project, 'pipe', 'b.py'), 'print(2)\n');
      t = await makeTransport({ configDir: path.join(tmp, 'config'), dataDir: path.join(tmp, 'data') });
    });

    afterEach(async () => {
      await t.close();
      await rm(tmp, { recursive: true, force: true });
    });

    it('answers app.info with the version', async () => {
      const r = await t.call('app.info', {});
      expect(r.error).toBeUndefined();
      expect(r.result).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    });

    it('answers an unknown method and bad arguments with an error envelope', async () => {
      expect((await t.call('nope.nothing', {})).error?.code).toBe('UNKNOWN_METHOD');
      const bad = await t.call('project.open', { path: 42 });
      expect(bad.error?.code).toBe('INVALID_ARGUMENT');
      expect(bad.error?.message).toMatch(/path/);
    });

    it('says no project is open, then opens one and lists its pipelines', async () => {
      expect((await t.call('project.get', {})).result).toBeNull();
      expect((await t.call('pipeline.read', { path: 'pipe/.orchest/pipeline.json' })).error?.code).toBe('NO_PROJECT');
      const missing = await t.call('project.open', { path: path.join(tmp, 'does-not-exist') });
      expect(missing.error?.code).toBe('NOT_FOUND');
      const opened = await t.call('project.open', { path: project });
      expect(opened.error).toBeUndefined();
      expect(opened.result).toMatchObject({ pipelines: [{ path: 'pipe/.orchest/pipeline.json', name: 'demo', stepCount: 2 }] });
    });

    it('reads, saves (keeping unknown fields) and refuses a stale save', async () => {
      await t.call('project.open', { path: project });
      const doc = (await t.call('pipeline.read', { path: 'pipe/.orchest/pipeline.json' })).result as {
        hash: string;
        pipeline: { name: string; steps: Record<string, { title: string }> };
      };
      doc.pipeline.steps.a!.title = 'Load data';
      const saved = await t.call('pipeline.save', { path: 'pipe/.orchest/pipeline.json', pipeline: doc.pipeline, baseHash: doc.hash });
      expect(saved.error).toBeUndefined();
      const onDisk = JSON.parse(await readFile(path.join(project, 'pipe', '.orchest', 'pipeline.json'), 'utf8'));
      expect(onDisk.steps.a.title).toBe('Load data');
      expect(onDisk.custom_top).toEqual({ keep: true });
      expect(onDisk.steps.a.custom_step_field).toBe(42);
      const stale = await t.call('pipeline.save', { path: 'pipe/.orchest/pipeline.json', pipeline: doc.pipeline, baseHash: doc.hash });
      expect(stale.error?.code).toBe('CONFLICT');
    });

    it('refuses a path that leaves the project', async () => {
      await t.call('project.open', { path: project });
      const r = await t.call('pipeline.read', { path: '../outside.orchest' });
      expect(r.error?.code).toBe('INVALID_ARGUMENT');
    });

    it('creates a pipeline and tells clients the project changed', async () => {
      await t.call('project.open', { path: project });
      const changed = waitForEvent(t, 'project.changed', (p) =>
        (p as { pipelines: { path: string }[] }).pipelines.some((x) => x.path === 'second/.orchest/pipeline.json'),
      );
      const created = await t.call('pipeline.create', { folder: 'second', name: 'Second' });
      expect(created.error).toBeUndefined();
      await changed;
    });

    it('pushes an outside edit of a pipeline file as an event', async () => {
      await t.call('project.open', { path: project });
      const file = path.join(project, 'pipe', '.orchest', 'pipeline.json');
      const event = waitForEvent(t, 'pipeline.changed', (p) => (p as { path: string }).path === 'pipe/.orchest/pipeline.json');
      await new Promise((r) => setTimeout(r, 200));
      await writeFile(file, pipelineJson({ a: step('a', 'Edited outside') }));
      await event;
    });

    it('validates config updates', async () => {
      const bad = await t.call('config.update', { patch: { default_parallelism: 'lots' } });
      expect(bad.error?.code).toBe('INVALID_ARGUMENT');
      const good = await t.call('config.update', { patch: { default_parallelism: 3 } });
      expect(good.result).toMatchObject({ default_parallelism: 3 });
    });

    it('keeps project and pipeline variables, sends a secret only when asked, refuses ORCHEST_*', async () => {
      await t.call('project.open', { path: project });
      const set = await t.call('vars.set', { variables: [{ name: 'A', value: '1' }, { name: 'TOKEN', value: 'tok-x', secret: true }] });
      expect(set.error).toBeUndefined();
      expect(JSON.stringify(set.result)).not.toContain('tok-x');
      await t.call('vars.set', { pipeline: 'pipe/.orchest/pipeline.json', variables: [{ name: 'A', value: '2' }] });
      const pipe = await t.call('vars.get', { pipeline: 'pipe/.orchest/pipeline.json' });
      expect(pipe.result).toMatchObject({ scope: 'pipeline', variables: [{ name: 'A', secret: false, value: '2' }] });
      const revealed = await t.call('vars.get', { reveal: true });
      expect(revealed.result).toMatchObject({ scope: 'project', variables: [{ name: 'A', value: '1' }, { name: 'TOKEN', secret: true, value: 'tok-x' }] });
      const reserved = await t.call('vars.set', { variables: [{ name: 'ORCHEST_X', value: '1' }] });
      expect(reserved.error?.code).toBe('INVALID_ARGUMENT');
      expect(reserved.error?.message).toContain('"ORCHEST_X" is reserved');
    });
  });
}
