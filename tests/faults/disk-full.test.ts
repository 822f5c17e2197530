/**
 * Disk full, on a small tmpfs the test mounts (needs root, as CI runs): saving a pipeline, writing
 * a step's log and writing a step's output each fail with a message saying the disk is full, and
 * the files already there are intact.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../main/src/api/pipeline.js';
import type { RunState } from '../../main/src/api/runs.js';
import { createCore, type Core } from '../../main/src/core/core.js';
import { tempDir } from '../../main/src/pipeline/testing/fixtures.js';

const isRoot = process.getuid?.() === 0;
let mnt: string;
let root: string;
let core: Core;

const step = (uuid: string, file: string) => ({ uuid, title: uuid, file_path: file, incoming_connections: [], parameters: {}, meta_data: { position: [0, 0] } });

/** Fill the filesystem until a write fails with ENOSPC, leaving `spareBytes` free. */
async function fill(spareBytes: number): Promise<void> {
  const filler = path.join(mnt, `filler-${Date.now()}`);
  const fh = await fs.open(filler, 'w');
  const chunk = Buffer.alloc(4096);
  try {
    for (;;) await fh.write(chunk);
  } catch (err) {
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    await fh.close();
  }
  if (spareBytes) await fs.truncate(filler, Math.max(0, (await fs.stat(filler)).size - spareBytes));
}

async function runToEnd(pipeline: string, steps: string[]): Promise<RunState> {
  const started = await core.call('runs.start', { pipeline, runner: 'local', kind: 'selection', steps });
  expect(started.error).toBeUndefined();
  const id = (started.result as RunState).id;
  for (;;) {
    const s = (await core.call('runs.get', { runId: id })).result as RunState;
    if (!['PENDING', 'STARTED'].includes(s.status)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!isRoot)('disk full (a 4 MiB tmpfs; mounting it needs root)', () => {
  beforeAll(async () => {
    mnt = await tempDir('orchest-disk-full-');
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt], { encoding: 'utf8' });
    if (mounted.status !== 0) throw new Error(`Cannot mount a tmpfs for the disk-full test (${mounted.stderr.trim()}): it needs root and mount permission.`);
    root = path.join(mnt, 'project');
    await fs.mkdir(path.join(root, 'p', '.orchest'), { recursive: true });
    await fs.writeFile(path.join(root, 'p', 'talk.py'), 'print("hello " * 2000, flush=True)\n');
    await fs.writeFile(path.join(root, 'p', 'big.py'), 'import orchest\norchest.output(b"x" * 3_000_000, name="big")\n');
    await fs.writeFile(path.join(root, 'p', '.orchest', 'pipeline.json'), JSON.stringify({ name: 'p', uuid: 'p-1', steps: { talk: step('talk', 'talk.py'), big: step('big', 'big.py') } }, null, 2));
    core = await createCore({ configDir: await tempDir('orchest-config-'), dataDir: await tempDir('orchest-data-'), mode: 'test', projectDir: root });
  });
  afterAll(async () => {
    await core?.dispose();
    spawnSync('umount', ['-l', mnt]);
  });

  it('saving a pipeline fails saying the disk is full; the file on disk is unchanged', async () => {
    const file = path.join(root, 'p', '.orchest', 'pipeline.json');
    const doc = (await core.call('pipeline.read', { path: 'p/.orchest/pipeline.json' })).result as PipelineDocument;
    const before = await fs.readFile(file);
    await fill(0);
    const saved = await core.call('pipeline.save', { path: 'p/.orchest/pipeline.json', pipeline: { ...doc.pipeline!, name: 'renamed', parameters: { pad: 'x'.repeat(100_000) } }, baseHash: doc.hash });
    expect(saved.error?.message).toMatch(/could not be written: the disk is full \(no space left on the device\).*The file on disk is unchanged\. Free some space, then try again\./);
    expect((await fs.readFile(file)).equals(before)).toBe(true);
    expect((await fs.readdir(path.dirname(file))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it("a step whose log cannot be written fails saying the disk is full; the files already there are intact", async () => {
    const source = await fs.readFile(path.join(root, 'p', 'talk.py'));
    const final = await runToEnd('p/.orchest/pipeline.json', ['talk']);
    expect(final.status).toBe('FAILURE');
    expect(final.steps.find((s) => s.uuid === 'talk')!.message).toMatch(/The log file could not be written: the disk is full.*Free some space, then try again\./);
    expect((await fs.readFile(path.join(root, 'p', 'talk.py'))).equals(source)).toBe(true);
  });

  it("a step whose output does not fit fails, its log saying there is no space left", async () => {
    const filler = (await fs.readdir(mnt)).find((n) => n.startsWith('filler-'))!;
    await fs.truncate(path.join(mnt, filler), Math.max(0, (await fs.stat(path.join(mnt, filler))).size - 512 * 1024)); // room for logs, not for 3 MB
    const final = await runToEnd('p/.orchest/pipeline.json', ['big']);
    expect(final.status).toBe('FAILURE');
    expect(await fs.readFile(path.join(root, 'p', '.orchest', 'logs', 'big.log'), 'utf8')).toMatch(/No space left on device/);
    expect((await fs.readFile(path.join(root, 'p', 'big.py'), 'utf8'))).toContain('orchest.output');
  });
});
