/**
 * A log file followed live: its tail (read from the file), then the live chunks, each placed by
 * its byte offset in the file. A chunk overlapping what is held is cut at the offset; a gap (text
 * the core did not send live) reads the tail again. One copy for run logs and build logs.
 */
import type { LogTail } from '../../../main/src/api/runs.js';
import { errorMessage } from '../client/client-error.js';
import { LogBuffer, type LogBufferOptions } from './log-buffer.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Bytes of `text` in UTF-8 (a lone surrogate counts as the 3 bytes of U+FFFD, as encoders write it). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** What of `text`, written at byte `offset`, lies past byte `end`: '' when held already, null for a gap. */
export function textPast(end: number, offset: number, text: string): string | null {
  if (offset > end) return null;
  if (offset === end) return text;
  const skip = end - offset;
  if (skip >= utf8Length(text)) return '';
  return decoder.decode(encoder.encode(text).subarray(skip));
}

export interface LiveChunk {
  offset: number;
  text: string;
}

export interface LogFollowerOptions {
  /** The file's tail; an empty tail (size 0) when there is no file yet. */
  read(): Promise<LogTail>;
  /** The buffer or the state changed. */
  onChange(): void;
  buffer?: LogBufferOptions;
  /** Live text is appended in batches, at most this often (0: as it comes): one render per batch. */
  flushMs?: number;
  /** After a gap, read again no sooner than this after the last read (a flood would read nonstop). */
  rereadMs?: number;
}

export type FollowPhase = 'loading' | 'ready' | 'error';

export class LogFollower {
  readonly buffer: LogBuffer;
  phase: FollowPhase = 'ready';
  error: string | undefined;
  /** Size of the file at the last read, and whether it held more than the tail read. */
  fileSize = 0;
  truncated = false;
  /** Offset just past the text held; null while a read is due. */
  private end: number | null = 0;
  /** Chunks that came while a read was due: placed after it. */
  private waiting: LiveChunk[] = [];
  private queued: LiveChunk[] = [];
  private seq = 0;
  private lastReadAt = -Infinity;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private rereadTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly flushMs: number;
  private readonly rereadMs: number;

  constructor(private readonly options: LogFollowerOptions) {
    this.buffer = new LogBuffer(options.buffer);
    this.flushMs = options.flushMs ?? 100;
    this.rereadMs = options.rereadMs ?? 1000;
  }

  /** Read the file's tail, then go on from its end. `loading`: say so until it arrives (first read). */
  load(loading = true): void {
    this.clearTimers();
    const seq = ++this.seq;
    this.end = null;
    this.waiting.push(...this.queued.splice(0));
    this.lastReadAt = Date.now();
    if (loading) {
      this.phase = 'loading';
      this.options.onChange();
    }
    this.options.read().then(
      (tail) => {
        if (seq !== this.seq) return;
        this.buffer.clear();
        this.buffer.append(tail.text);
        this.end = tail.size;
        this.fileSize = tail.size;
        this.truncated = tail.truncated;
        this.phase = 'ready';
        this.error = undefined;
        this.place(this.waiting.splice(0));
        this.options.onChange();
      },
      (err: unknown) => {
        if (seq !== this.seq) return;
        this.waiting = [];
        this.phase = 'error';
        this.error = errorMessage(err);
        this.options.onChange();
      },
    );
  }

  /** The file starts over (a new run of the step, a new build): empty, following from byte 0. */
  restart(): void {
    this.clearTimers();
    this.seq++; // a read in flight belongs to the old file
    this.buffer.clear();
    this.end = 0;
    this.waiting = [];
    this.queued = [];
    this.fileSize = 0;
    this.truncated = false;
    this.phase = 'ready';
    this.error = undefined;
    this.options.onChange();
  }

  /** A live chunk of the file. */
  push(chunk: LiveChunk): void {
    if (this.phase === 'error') return; // nothing to place it after; a new load starts over
    if (this.end === null) {
      this.waiting.push(chunk);
      return;
    }
    this.queued.push(chunk);
    if (this.flushMs <= 0) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flushOnFrame(), this.flushMs);
  }

  /** A batch lands at the start of a frame: one render, one layout and paint with the frame's own. */
  private flushOnFrame(): void {
    if (typeof requestAnimationFrame === 'undefined') this.flush();
    else requestAnimationFrame(() => this.flushTimer && this.flush());
  }

  /** Append the batched chunks now. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.queued.length && this.place(this.queued.splice(0))) this.options.onChange();
  }

  dispose(): void {
    this.clearTimers();
    this.seq++;
  }

  /** Whether the buffer changed. */
  private place(chunks: LiveChunk[]): boolean {
    let changed = false;
    for (const chunk of chunks) {
      if (this.end === null) {
        this.waiting.push(chunk);
        continue;
      }
      const rest = textPast(this.end, chunk.offset, chunk.text);
      if (rest === null) {
        this.waiting.push(chunk);
        this.readAgain();
        continue;
      }
      if (rest) {
        this.buffer.append(rest);
        changed = true;
      }
      this.end = Math.max(this.end, chunk.offset + utf8Length(chunk.text));
    }
    return changed;
  }

  private readAgain(): void {
    this.end = null;
    const wait = this.lastReadAt + this.rereadMs - Date.now();
    if (wait <= 0) this.load(false);
    else this.rereadTimer ??= setTimeout(() => this.load(false), wait);
  }

  private clearTimers(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.rereadTimer) clearTimeout(this.rereadTimer);
    this.flushTimer = null;
    this.rereadTimer = null;
  }
}
