import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveLogBatcher, StepLogSink, type LiveText } from './log-sink.js';

/** The file's bytes each event says it holds. */
const bytesAt = (file: Buffer, e: LiveText) => file.subarray(e.offset, e.offset + Buffer.byteLength(e.text)).toString('utf8');

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-log-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('StepLogSink', () => {
  it('interleaves stdout and stderr by whole lines and ends an unfinished line', async () => {
    const events: LiveText[] = [];
    const file = path.join(dir, 's.log');
    const sink = await StepLogSink.open(file, new LiveLogBatcher((t) => events.push(t), 10));
    await sink.write('stdout', Buffer.from('progress 1'));
    await sink.write('stderr', Buffer.from('warning: x\n'));
    await sink.write('stdout', Buffer.from('0%\nnext\nlast without newline'));
    await sink.close();
    const text = await fs.readFile(file, 'utf8');
    expect(text).toBe('warning: x\nprogress 10%\nnext\nlast without newline\n');
    expect(events.map((e) => e.text).join('')).toBe(text);
    expect(events[0]!.offset).toBe(0);
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
    const events: LiveText[] = [];
    const sink = await StepLogSink.open(file, new LiveLogBatcher((t) => events.push(t), 50, 10_000));
    const chunk = Buffer.from(Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n') + '\n');
    for (let i = 0; i < 200; i++) await sink.write(i % 2 ? 'stderr' : 'stdout', chunk);
    await sink.close();
    const bytes = await fs.readFile(file);
    expect(bytes.toString('utf8').split('\n').length - 1).toBe(200_000);
    // The live view is capped per event; each event is the file's bytes at its offset, from a
    // line start, and what was not sent shows as a gap (the client reads those from the file).
    expect(events.every((e) => Buffer.byteLength(e.text) <= 10_000)).toBe(true);
    for (const e of events) expect(bytesAt(bytes, e)).toBe(e.text);
    expect(events.every((e) => e.offset === 0 || bytes[e.offset - 1] === 10)).toBe(true);
    const ends = [0, ...events.map((e) => e.offset + Buffer.byteLength(e.text))];
    const gaps = events.filter((e, i) => e.offset > ends[i]!);
    expect(gaps.length).toBeGreaterThan(0);
    const last = events[events.length - 1]!;
    expect(last.offset + Buffer.byteLength(last.text)).toBe(bytes.length);
  });
});

describe('LiveLogBatcher', () => {
  it('sends one event per interval, not one per write', async () => {
    const events: LiveText[] = [];
    const b = new LiveLogBatcher((t) => events.push(t), 30);
    let offset = 0;
    for (let i = 0; i < 100; i++) {
      const line = Buffer.from(`${i}\n`);
      b.push(line, offset);
      offset += line.length;
    }
    expect(events).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(events.length).toBe(1);
    expect(events[0]!.text.split('\n').length - 1).toBe(100);
    b.flush();
    expect(events.length).toBe(1); // nothing new
  });

  it('never splits a character between events: offsets count bytes, text counts characters', () => {
    const events: LiveText[] = [];
    const b = new LiveLogBatcher((t) => events.push(t), 1_000);
    const euro = Buffer.from('€'); // 3 bytes
    b.push(Buffer.from('a'), 0);
    b.push(euro.subarray(0, 2), 1);
    b.flush();
    expect(events).toEqual([{ offset: 0, text: 'a' }]);
    b.push(euro.subarray(2), 3);
    b.push(Buffer.from('b\n'), 4);
    b.flush();
    expect(events[1]).toEqual({ offset: 1, text: '€b\n' });
    b.push(Buffer.from([0xe2]), 6); // never completed: the last flush sends it as it is
    b.flush(true);
    expect(events[2]!.offset).toBe(6);
    b.flush();
    expect(events.length).toBe(3);
  });
});

describe('StepLogSink with secrets', () => {
  it('writes *** for a secret, in the file and the live events, also split across chunks and streams', async () => {
    const events: LiveText[] = [];
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
    expect(events.map((e) => e.text).join('')).toBe(text);
    // Offsets count the masked bytes: each event is exactly what the file holds there.
    const bytes = await fs.readFile(file);
    for (const e of events) expect(bytesAt(bytes, e)).toBe(e.text);
  });
});
