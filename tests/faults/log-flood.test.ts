/**
 * Steps that print without newlines, binary bytes, and 10 MB lines, run by `orchest serve` (local
 * runner) while a client listens: the log files hold every byte, the live log stays within its
 * limits, the tail reads back, and the server's memory stays bounded (its RSS sampled throughout).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogChunk, LogTail, RunState } from '../../main/src/api/runs.js';
import { connectWs } from '../../main/src/bridge/testing/ws-client.js';
import { tempDir } from '../../main/src/pipeline/testing/fixtures.js';
import { serve, type Served } from '../../e2e/support/serve.js';
import { sampleRss } from '../support/process-memory.js';

const MB = 1024 * 1024;
const STEPS: Record<string, { source: string; bytes: number }> = {
  // 30 MB with no newline at all.
  nonewline: { source: 'import sys\nfor _ in range(300):\n    sys.stdout.write("x" * 100_000)\nsys.stdout.flush()\n', bytes: 300 * 100_000 },
  // Every byte value, 40 000 times (10 MB), as raw bytes.
  binary: { source: 'import sys\nsys.stdout.buffer.write(bytes(range(256)) * 40_000)\n', bytes: 256 * 40_000 },
  // Three lines of 10 MB each.
  hugelines: { source: 'import sys\nfor i in range(3):\n    sys.stdout.write(str(i) * 10_000_000 + "\\n")\n', bytes: 3 * 10_000_001 },
};

let served: Served;
let project: string;

beforeAll(async () => {
  project = await tempDir('orchest-flood-');
  const steps = Object.fromEntries(Object.entries(STEPS).map(([id, s]) => [id, { uuid: id, title: id, file_path: `${id}.py`, incoming_connections: [], parameters: {}, meta_data: { position: [0, 0] } }]));
  await fs.mkdir(path.join(project, '.orchest'));
  await fs.writeFile(path.join(project, '.orchest', 'pipeline.json'), JSON.stringify({ name: 'flood', uuid: 'flood-1', steps }));
  for (const [id, s] of Object.entries(STEPS)) await fs.writeFile(path.join(project, `${id}.py`), s.source);
  const home = await tempDir('orchest-flood-home-');
  await fs.mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
  await fs.writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ default_runner: 'local' }));
  served = await serve(project, home);
});
afterAll(async () => {
  await served?.stop();
});

describe('a step that floods its log', () => {
  it('keeps every byte in the log file, bounded live events, a readable tail, and the server under 300 MB', async () => {
    const client = await connectWs(served.url, new URL(served.url).searchParams.get('token')!);
    const live: Record<string, number> = {};
    let biggestEvent = 0;
    client.subscribe((event, payload) => {
      if (event !== 'run.log') return;
      const chunk = payload as LogChunk;
      live[chunk.stepId] = (live[chunk.stepId] ?? 0) + Buffer.byteLength(chunk.text);
      biggestEvent = Math.max(biggestEvent, Buffer.byteLength(chunk.text));
    });
    const rss = sampleRss(served.pid);
    const started = await client.call('runs.start', { pipeline: '.orchest/pipeline.json' });
    expect(started.error).toBeUndefined();
    let final: RunState;
    for (;;) {
      final = (await client.call('runs.get', { runId: (started.result as RunState).id })).result as RunState;
      if (!['PENDING', 'STARTED'].includes(final.status)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const peak = rss.stop();
    console.log(`log flood: ${(Object.values(STEPS).reduce((a, s) => a + s.bytes, 0) / MB).toFixed(0)} MB of output, server RSS peak ${(peak / MB).toFixed(0)} MB, largest live event ${(biggestEvent / 1024).toFixed(0)} KiB`);
    expect(final.status, JSON.stringify(final.steps)).toBe('SUCCESS');

    const nonewline = await fs.readFile(path.join(project, '.orchest', 'logs', 'nonewline.log'));
    expect(nonewline.length).toBe(STEPS.nonewline!.bytes + nonewline.toString('latin1').split('\n').length - 1); // cut every 64 KiB, each piece ending in a newline
    expect(nonewline.toString('latin1').replace(/\n/g, '')).toBe('x'.repeat(STEPS.nonewline!.bytes));
    const binary = await fs.readFile(path.join(project, '.orchest', 'logs', 'binary.log'));
    expect(binary.filter((b) => b !== 10).length).toBeGreaterThanOrEqual(255 * 40_000); // every byte kept (plus the newlines of cut lines)
    const huge = await fs.readFile(path.join(project, '.orchest', 'logs', 'hugelines.log'), 'latin1');
    expect(huge.replace(/\n/g, '')).toBe('0'.repeat(10_000_000) + '1'.repeat(10_000_000) + '2'.repeat(10_000_000));

    const tail = (await client.call('runs.readLog', { pipeline: '.orchest/pipeline.json', stepId: 'hugelines', tailBytes: 1024 })).result as LogTail;
    expect(tail.text.trimEnd()).toMatch(/^2+$/);
    expect(biggestEvent).toBeLessThanOrEqual(512 * 1024);
    expect(peak).toBeLessThan(300 * MB);
    await client.close();
  }, 180_000);
});
