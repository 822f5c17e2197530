import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoalescedWrites } from './coalesced-writes.js';

describe('CoalescedWrites', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'orchest-coalesced-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the first content at once, then only the newest of what came while it waited', async () => {
    const writes = new CoalescedWrites(60_000); // a pause no test waits out: flush ends it
    const file = path.join(dir, 'sub', 'state.json');
    const rendered: string[] = [];
    const render = (s: string) => () => (rendered.push(s), s);
    await writes.write(file, render('v1'));
    expect(await readFile(file, 'utf8')).toBe('v1');
    const later = [writes.write(file, render('v2')), writes.write(file, render('v3'))];
    expect(await readFile(file, 'utf8')).toBe('v1'); // waiting out the spacing
    await writes.flush();
    await Promise.all(later); // each caller learns its content (or newer) is on disk
    expect(await readFile(file, 'utf8')).toBe('v3');
    expect(rendered).toEqual(['v1', 'v3']);
  });

  it('writes urgent content without waiting out the spacing', async () => {
    const writes = new CoalescedWrites(60_000);
    const file = path.join(dir, 'state.json');
    await writes.write(file, () => 'going');
    void writes.write(file, () => 'still going');
    await writes.write(file, () => 'ended', true);
    expect(await readFile(file, 'utf8')).toBe('ended');
    await writes.flush();
  });

  it('writes a new status at once, and spaces what changes within one status', async () => {
    const writes = new CoalescedWrites(60_000);
    const file = path.join(dir, 'run.json');
    await writes.write(file, () => 'PENDING', { status: 'PENDING', final: false });
    await writes.write(file, () => 'STARTED', { status: 'STARTED', final: false }); // a new status: not spaced
    expect(await readFile(file, 'utf8')).toBe('STARTED');
    const spaced = writes.write(file, () => 'STARTED, a step more', { status: 'STARTED', final: false });
    await new Promise((r) => setTimeout(r, 50));
    expect(await readFile(file, 'utf8')).toBe('STARTED'); // same status: waits out the spacing
    await writes.write(file, () => 'SUCCESS', { status: 'SUCCESS', final: true });
    await spaced;
    expect(await readFile(file, 'utf8')).toBe('SUCCESS');
    // A final status is forgotten: the file's next record (a new run) starts afresh.
    await writes.write(file, () => 'PENDING again', { status: 'PENDING', final: false });
    expect(await readFile(file, 'utf8')).toBe('PENDING again');
    await writes.flush();
  });

  it('writes urgent content that comes while a write is going without waiting out the spacing after it', async () => {
    const writes = new CoalescedWrites(60_000);
    const file = path.join(dir, 'run.json');
    const first = writes.write(file, () => 'PENDING', { status: 'PENDING', final: false }); // going now
    await writes.write(file, () => 'STARTED', { status: 'STARTED', final: false }); // a new status: not after a 60 s pause
    await first;
    expect(await readFile(file, 'utf8')).toBe('STARTED');
    await writes.flush();
  });

  it('reports a failed write to its callers, and writes again after it', async () => {
    const writes = new CoalescedWrites(0);
    const file = path.join(dir, 'state.json');
    await writes.write(file, () => 'a');
    const blocked = path.join(file, 'x.json'); // file is a file: no folder can be made inside it
    await expect(writes.write(blocked, () => 'b')).rejects.toThrow();
    await writes.write(file, () => 'c');
    await writes.flush();
    expect(await readFile(file, 'utf8')).toBe('c');
  });
});
