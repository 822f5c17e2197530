import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { OutputSink, OutputStream } from '../docker/containers.js';
import { maskText, SecretMasker } from './secret-mask.js';

/** Past this much without a newline, a partial line is written out anyway (bounded memory). */
const MAX_PARTIAL_LINE = 64 * 1024;

/**
 * Batches live log text for clients: one event per `intervalMs` at most, and at most `maxChars`
 * of text per event (the newest; the file keeps everything), so a step printing a million lines
 * does not flood the UI.
 */
export class LiveLogBatcher {
  private parts: string[] = [];
  private size = 0;
  private omitted = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly emit: (text: string) => void,
    private readonly intervalMs = 50,
    private readonly maxChars = 256 * 1024,
  ) {}

  push(text: string): void {
    if (!text) return;
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 2 * this.maxChars) this.trim();
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  private trim(): void {
    const all = this.parts.join('');
    const keep = all.slice(all.length - this.maxChars);
    this.omitted += all.length - keep.length;
    this.parts = [keep];
    this.size = keep.length;
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.size > this.maxChars) this.trim();
    if (!this.parts.length) return;
    let text = this.parts.join('');
    if (this.omitted) {
      const cut = text.indexOf('\n');
      if (cut >= 0 && cut < text.length - 1) {
        this.omitted += cut + 1;
        text = text.slice(cut + 1);
      }
      text = `[… ${this.omitted} characters not shown live; the log file has everything]\n${text}`;
    }
    this.parts = [];
    this.size = 0;
    this.omitted = 0;
    this.emit(text);
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
    this.bytes += buf.length;
    this.live.push(buf.toString('utf8'));
    if (this.file.write(buf)) return undefined;
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
      const held = this.maskers[stream].end();
      if (held.length) this.lines(stream, held);
      if (this.partialSize[stream]) {
        const rest = this.takePartial(stream);
        this.out(Buffer.concat([rest, Buffer.from('\n')]));
      }
    }
    this.live.flush();
    if (!this.file.closed) {
      this.file.end();
      if (!this.failure) await once(this.file, 'close').catch(() => {});
    }
    if (this.failure) throw this.failure;
  }
}
