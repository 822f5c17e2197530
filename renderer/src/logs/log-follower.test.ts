import { describe, expect, it, vi } from 'vitest';
import type { LogTail } from '../../../main/src/api/runs.js';
import { LogFollower, textPast, utf8Length } from './log-follower.js';

/** A log file the test writes; the follower reads its tail, and live chunks are slices of it. */
class FakeFile {
  bytes = new Uint8Array(0);
  reads = 0;
  gate: Promise<void> | null = null;
  write(text: string): { offset: number; text: string } {
    const offset = this.bytes.length;
    const added = new TextEncoder().encode(text);
    const next = new Uint8Array(offset + added.length);
    next.set(this.bytes);
    next.set(added, offset);
    this.bytes = next;
    return { offset, text };
  }
  async tail(maxBytes: number): Promise<LogTail> {
    this.reads++;
    const size = this.bytes.length;
    if (this.gate) await this.gate;
    const start = Math.max(0, size - maxBytes);
    return { text: new TextDecoder().decode(this.bytes.subarray(start, size)), size, truncated: start > 0 };
  }
}

const lines = (f: LogFollower) => Array.from({ length: f.buffer.lineCount }, (_, i) => f.buffer.line(i));

function follower(file: FakeFile, tailBytes = 1 << 20) {
  const onChange = vi.fn();
  const f = new LogFollower({ read: () => file.tail(tailBytes), onChange, flushMs: 0, rereadMs: 0 });
  return { f, onChange };
}

describe('utf8Length and textPast', () => {
  it('count bytes as the file does and cut a chunk at a byte offset', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(utf8Length('\ud800')).toBe(3);
    expect(textPast(10, 10, 'abc')).toBe('abc');
    expect(textPast(10, 12, 'abc')).toBeNull();
    expect(textPast(10, 5, 'abc')).toBe('');
    expect(textPast(10, 8, 'é€x')).toBe('€x');
  });
});

describe('LogFollower', () => {
  it('shows the tail, then live chunks; one that came during the read is not repeated', async () => {
    const file = new FakeFile();
    file.write('one\ntwo\n');
    // The core sent this before the read, but it arrives after the read was asked for.
    const sentBefore = file.write('three\n');
    let open!: () => void;
    file.gate = new Promise((r) => (open = r));
    const { f } = follower(file);
    f.load();
    expect(f.phase).toBe('loading');
    f.push(sentBefore);
    f.push(file.write('four\n'));
    open();
    await vi.waitFor(() => expect(f.phase).toBe('ready'));
    expect(lines(f)).toEqual(['one', 'two', 'three', 'four']);
    f.push(file.write('five\n'));
    expect(lines(f)).toEqual(['one', 'two', 'three', 'four', 'five']);
    expect(file.reads).toBe(1);
  });

  it('cuts a chunk that overlaps the tail at the read’s end', async () => {
    const file = new FakeFile();
    const early = file.write('héllo wor');
    const { f } = follower(file);
    f.load();
    await vi.waitFor(() => expect(f.phase).toBe('ready'));
    // The core batched "héllo world\n" and sent it after the read.
    const rest = file.write('ld\n');
    f.push({ offset: early.offset, text: early.text + rest.text });
    expect(lines(f)).toEqual(['héllo world']);
  });

  it('reads the tail again when a chunk leaves a gap (text not sent live)', async () => {
    const file = new FakeFile();
    const { f } = follower(file);
    f.restart(); // following a new file from its start
    f.push(file.write('a\n'));
    file.write('skipped by the core\n');
    f.push(file.write('c\n'));
    await vi.waitFor(() => expect(lines(f)).toEqual(['a', 'skipped by the core', 'c']));
    expect(file.reads).toBe(1);
    f.push(file.write('d\n'));
    expect(lines(f)).toEqual(['a', 'skipped by the core', 'c', 'd']);
  });

  it('starts over for a new file and ignores a read of the old one still under way', async () => {
    const file = new FakeFile();
    file.write('old run\n');
    let open!: () => void;
    file.gate = new Promise((r) => (open = r));
    const { f } = follower(file);
    f.load();
    f.restart();
    f.push({ offset: 0, text: 'new run\n' });
    open();
    await new Promise((r) => setTimeout(r, 0));
    expect(lines(f)).toEqual(['new run']);
  });

  it('says why a read failed', async () => {
    const f = new LogFollower({ read: () => Promise.reject(new Error('permission denied')), onChange: () => undefined, flushMs: 0 });
    f.load();
    await vi.waitFor(() => expect(f.phase).toBe('error'));
    expect(f.error).toBe('permission denied');
  });
});
