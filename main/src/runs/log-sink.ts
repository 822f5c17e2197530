import { createWriteStream, type WriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { once } from 'node:events';
import type { OutputSink, OutputStream } from '../docker/containers.js';
import { maskText, SecretMasker } from './secret-mask.js';

/** Past this much without a newline, a partial line is written out anyway (bounded memory). */
const MAX_PARTIAL_LINE = 64 * 1024;

/** Live log text and where it is in the log file: bytes [offset, offset + its UTF-8 length). */
export interface LiveText {
  offset: number;
  text: string;
}

/** Where the last character of `buf` starts, when its last bytes have not come yet; else its length. */
function completeLength(buf: Buffer): number {
  for (let i = buf.length - 1; i >= 0 && i >= buf.length - 4; i--) {
    const byte = buf[i]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + need > buf.length ? i : buf.length;
  }
  return buf.length;
}

/**
 * Batches live log text for clients: one event per `intervalMs` at most, and at most `maxBytes`
 * per event (the newest; a client that sees a gap in the offsets reads the file), so a step
 * printing a million lines does not flood the UI. Events never split a character.
 */
export class LiveLogBatcher {
  private parts: Buffer[] = [];
  private size = 0;
  /** File offset of the first byte held. */
  private offset = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly emit: (chunk: LiveText) => void,
    private readonly intervalMs = 50,
    private readonly maxBytes = 256 * 1024,
  ) {}

  /** `buf` was written to the log file at `offset` (writes come in file order). */
  push(buf: Buffer, offset: number): void {
    if (!buf.length) return;
    if (!this.size) this.offset = offset;
    this.parts.push(buf);
    this.size += buf.length;
    if (this.size > 2 * this.maxBytes) this.trim();
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Keep the newest `maxBytes`, from a line start when there is one (else a character start). */
  private trim(): void {
    const all = Buffer.concat(this.parts);
    let cut = all.length - this.maxBytes;
    const nl = all.indexOf(10, cut);
    if (nl >= 0 && nl < all.length - 1) cut = nl + 1;
    else while (cut < all.length && (all[cut]! & 0xc0) === 0x80) cut++;
    this.parts = [all.subarray(cut)];
    this.size = all.length - cut;
    this.offset += cut;
  }

  /** Send what is held; `final`: also a character whose last bytes will not come. */
  flush(final = false): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.size > this.maxBytes) this.trim();
    if (!this.size) return;
    const all = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    const end = final ? all.length : completeLength(all);
    const rest = all.subarray(end);
    this.parts = rest.length ? [rest] : [];
    this.size = rest.length;
    const offset = this.offset;
    this.offset += end;
    if (end) this.emit({ offset, text: all.subarray(0, end).toString('utf8') });
  }
}

/**
 * One step's log: stdout and stderr, whole lines interleaved as they come, appended to the log file
 * (truncated when the step starts) and to live events. Writes wait for the disk (backpressure),
 * so nothing is lost and memory stays bounded. Secret values are replaced by *** before anything
 * is written or sent, also when a secret arrives split across chunks.
 */
export class StepLogSink implements OutputSink {
  private readonly partial: Record<OutputStream, Buffer[]> = { stdout: [], stderr: [] };
  private readonly partialSize: Record<OutputStream, number> = { stdout: 0, stderr: 0 };
  private readonly maskers: Record<OutputStream, SecretMasker>;
  private failure: Error | undefined;
  private bytes = 0;

  private constructor(
    private readonly file: WriteStream,
    private readonly live: LiveLogBatcher,
    private readonly secrets: readonly string[],
  ) {
    this.maskers = { stdout: new SecretMasker(secrets), stderr: new SecretMasker(secrets) };
    file.on('error', (err) => {
      this.failure = err;
    });
  }

  static async open(filePath: string, live: LiveLogBatcher, secrets: readonly string[] = []): Promise<StepLogSink> {
    // A new file, not the old one truncated: the history keeps the last run's log as a hard link.
    await unlink(filePath).catch(() => undefined);
    const file = createWriteStream(filePath, { flags: 'w' });
    await once(file, 'open');
    return new StepLogSink(file, live, secrets);
  }

  get bytesWritten(): number {
    return this.bytes;
  }

  write(stream: OutputStream, chunk: Buffer): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    const masked = this.maskers[stream].push(chunk);
    return masked.length ? this.lines(stream, masked) : undefined;
  }

  /** Whole lines go out at once; an unfinished one waits for its end (up to MAX_PARTIAL_LINE). */
  private lines(stream: OutputStream, chunk: Buffer): Promise<void> | undefined {
    const nl = chunk.lastIndexOf(10);
    if (nl === -1) {
      this.partial[stream].push(chunk);
      this.partialSize[stream] += chunk.length;
      if (this.partialSize[stream] < MAX_PARTIAL_LINE) return undefined;
      return this.out(this.takePartial(stream));
    }
    const head = chunk.subarray(0, nl + 1);
    const lines = this.partialSize[stream] ? Buffer.concat([this.takePartial(stream), head]) : head;
    if (nl + 1 < chunk.length) {
      this.partial[stream].push(chunk.subarray(nl + 1));
      this.partialSize[stream] = chunk.length - nl - 1;
    }
    return this.out(lines);
  }

  /** A line from the app itself (why a step failed to start, was cancelled...). */
  note(message: string): Promise<void> | undefined {
    return this.out(Buffer.from(`[orchest] ${maskText(message, this.secrets)}\n`));
  }

  private takePartial(stream: OutputStream): Buffer {
    const buf = Buffer.concat(this.partial[stream]);
    this.partial[stream] = [];
    this.partialSize[stream] = 0;
    return buf;
  }

  private out(buf: Buffer): Promise<void> | undefined {
    // A stream that failed (disk full) never drains: answer its error instead of waiting forever.
    if (this.failure) return Promise.reject(this.failure);
    this.live.push(buf, this.bytes);
    this.bytes += buf.length;
    if (this.file.write(buf)) return undefined;
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        this.file.off('error', onError);
        resolve();
      };
      const onError = (err: Error) => {
        this.file.off('drain', onDrain);
        reject(err);
      };
      this.file.once('drain', onDrain);
      this.file.once('error', onError);
    });
  }

  /** Flush unfinished lines (each gets its newline), close the file, send the last live text. */
  async close(): Promise<void> {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.failure) break;
      const held = this.maskers[stream].end();
      if (held.length) void this.lines(stream, held)?.catch(() => undefined);
      if (this.partialSize[stream]) {
        const rest = this.takePartial(stream);
        void this.out(Buffer.concat([rest, Buffer.from('\n')]))?.catch(() => undefined);
      }
    }
    this.live.flush(true);
    if (!this.file.closed) {
      this.file.end();
      if (!this.failure) await once(this.file, 'close').catch(() => {});
    }
    if (this.failure) throw this.failure;
  }
}
