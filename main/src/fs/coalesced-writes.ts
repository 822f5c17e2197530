import { promises as fs } from 'node:fs';
import path from 'node:path';
import { atomicWrite } from './atomic-write.js';

/**
 * Atomic writes of files that change often (a run's state on every step change): one write per
 * file at a time, and while one is going only the newest content waits (older ones are skipped).
 */
export class CoalescedWrites {
  private readonly writes = new Map<string, { running: Promise<void>; next?: (() => string) | undefined }>();

  /** `content` is called when the write happens, so it renders the newest state. */
  write(file: string, content: () => string): Promise<void> {
    const slot = this.writes.get(file);
    if (slot) {
      slot.next = content;
      return slot.running;
    }
    const entry: { running: Promise<void>; next?: (() => string) | undefined } = { running: Promise.resolve() };
    const loop = async (first: () => string) => {
      let current: (() => string) | undefined = first;
      while (current) {
        entry.next = undefined;
        await fs.mkdir(path.dirname(file), { recursive: true });
        await atomicWrite(file, current());
        current = entry.next;
      }
    };
    entry.running = loop(content).finally(() => this.writes.delete(file));
    this.writes.set(file, entry);
    return entry.running;
  }

  /** Resolves when everything written so far is on disk. */
  async flush(): Promise<void> {
    while (this.writes.size) await Promise.allSettled([...this.writes.values()].map((w) => w.running));
  }
}
