import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveLogBatcher, StepLogSink } from './log-sink.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-log-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('StepLogSink', () => {
  it('interleaves stdout and stderr by whole lines and ends an unfinished line', async () => {
    const events: string[] = [];
    const file = path.join(dir, 's.log');
    const sink = await StepLogSink.open(file, new LiveLogBatcher((t) => events.push(t), 10));
    await sink.write('stdout', Buffer.from('progress 1'));
    await sink.write('stderr', Buffer.from('warning: x\n'));
    await sink.write('stdout', Buffer.from('0%\nnext\nlast without newline'));
    await sink.close();
    const text = await fs.readFile(file, 'utf8');
    expect(text).toBe('warning: x\nprogress 10%\nnext\nlast without newline\n');
    expect(events.join('')).toBe(text);
  });

  it('truncates the previous log when a step starts again', async () => {
    const file = path.join(dir, 's.log');
    await fs.writeFile(file, 'old run\n');
    const sink = await StepLogSink.open(file, new LiveLogBatcher(() => {}));
    await sink.write('stdout', Buffer.from('new run\n'));
    await sink.note('Exited with code 3.');
    await sink.close();
    expect(await fs.readFile(file, 'utf8')).toBe('new run\n[orchest] Exited with code 3.\n');
  });

  it('writes every line of a large output, even with a slow consumer of events', async () => {
    const file = path.join(dir, 'big.log');
    const events: string[] = [];
    const sink = await StepLogSink.open(file, new LiveLogBatcher((t) => events.push(t), 50, 10_000));
    const chunk = Buffer.from(Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n') + '\n');
    for (let i = 0; i < 200; i++) await sink.write(i % 2 ? 'stderr' : 'stdout', chunk);
    await sink.close();
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    expect(lines.length - 1).toBe(200_000);
    // the live view is capped per event and says so
    expect(events.every((e) => e.length < 10_200)).toBe(true);
    expect(events.some((e) => /characters not shown live; the log file has everything/.test(e))).toBe(true);
  });
});

describe('LiveLogBatcher', () => {
  it('sends one event per interval, not one per write', async () => {
    const events: string[] = [];
    const b = new LiveLogBatcher((t) => events.push(t), 30);
    for (let i = 0; i < 100; i++) b.push(`${i}\n`);
    expect(events).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(events.length).toBe(1);
    expect(events[0]!.split('\n').length - 1).toBe(100);
    b.flush();
    expect(events.length).toBe(1); // nothing new
  });
});

describe('StepLogSink with secrets', () => {
  it('writes *** for a secret, in the file and the live events, also split across chunks and streams', async () => {
    const events: string[] = [];
    const file = path.join(dir, 'secret.log');
    const sink = await StepLogSink.open(file, new LiveLogBatcher((t) => events.push(t), 10), ['hunter2-long']);
    await sink.write('stdout', Buffer.from('password is hun'));
    await sink.write('stderr', Buffer.from('warn: hunter2-'));
    await sink.write('stdout', Buffer.from('ter2-long\nnext hunter2-long'));
    await sink.write('stderr', Buffer.from('long\n'));
    await sink.note('failed while using hunter2-long');
    await sink.close();
    const text = await fs.readFile(file, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).toContain('password is ***\n');
    expect(text).toContain('warn: ***\n');
    expect(text).toContain('next ***\n');
    expect(text).toContain('[orchest] failed while using ***\n');
    expect(events.join('')).toBe(text);
  });
});
