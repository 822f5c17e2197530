import { promises as fs } from 'node:fs';
import path from 'node:path';
import { atomicWrite } from './atomic-write.js';

/** Fastest pace of one file's writes: a 20-step run changes state ~40 times in a few seconds. */
const DEFAULT_SPACING_MS = 1000;

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface Slot {
  /** The newest content not written yet, and who waits for it (or newer) to be on disk. */
  next?: { content: () => string; waiters: Waiter[]; urgent: boolean } | undefined;
  /** Ends the pause before the next write (flush). */
  hurry?: (() => void) | undefined;
  /** The pause's timer: it keeps the process alive only while content waits. */
  timer?: NodeJS.Timeout | undefined;
  done: Promise<void>;
}

/**
 * When a write goes: `true` at once (a final state, which its caller waits for); a record's status:
 * at once when it differs from the status the file was last written with (a restart must know
 * whether a run had started, or ended), spaced while it stays the same (its steps changing).
 */
export type Urgency = boolean | { status: string; final: boolean };

/**
 * Atomic writes of files that change often (a run's state on every step change): the first write
 * of a file goes at once; after each, newer content waits out the spacing and only the newest is
 * written (older content is skipped). Each write call resolves when its content or newer is on
 * disk; a flush writes what waits at once. Each atomic write costs two fsyncs, which a run's
 * containers wait behind on a busy disk; the live state goes through events, the file is what a
 * restart reads.
 */
export class CoalescedWrites {
  private readonly slots = new Map<string, Slot>();
  /** The status each file's record was last written with, while it is not final. */
  private readonly statuses = new Map<string, string>();
  /** Flushes going on: no pauses then. */
  private flushing = 0;

  constructor(private readonly spacingMs = DEFAULT_SPACING_MS) {}

  /**
   * `content` is called when the write happens, so it renders the newest state. An urgent write
   * (see Urgency) skips what is left of the spacing.
   */
  write(file: string, content: () => string, urgency: Urgency = false): Promise<void> {
    const urgent = typeof urgency === 'boolean' ? urgency : this.statusChanged(file, urgency);
    return new Promise<void>((resolve, reject) => {
      const waiter = { resolve, reject };
      const slot = this.slots.get(file);
      if (slot) {
        // Urgent stays urgent until written: one that comes while a write is going skips the pause after it.
        slot.next = { content, waiters: [...(slot.next?.waiters ?? []), waiter], urgent: urgent || (slot.next?.urgent ?? false) };
        slot.timer?.ref();
        if (urgent) slot.hurry?.();
        return;
      }
      const entry: Slot = { next: { content, waiters: [waiter], urgent }, done: Promise.resolve() };
      this.slots.set(file, entry);
      entry.done = this.drain(file, entry).finally(() => this.slots.delete(file));
    });
  }

  private statusChanged(file: string, { status, final }: { status: string; final: boolean }): boolean {
    const changed = this.statuses.get(file) !== status;
    if (final) this.statuses.delete(file);
    else this.statuses.set(file, status);
    return changed;
  }

  private async drain(file: string, entry: Slot): Promise<void> {
    while (entry.next) {
      const { content, waiters } = entry.next;
      entry.next = undefined;
      try {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await atomicWrite(file, content());
        for (const w of waiters) w.resolve();
      } catch (err) {
        for (const w of waiters) w.reject(err);
      }
      await this.pause(entry);
    }
  }

  private pause(entry: Slot): Promise<void> {
    if (this.spacingMs <= 0 || this.flushing || entry.next?.urgent) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.spacingMs);
      if (!entry.next) timer.unref();
      function done() {
        clearTimeout(timer);
        entry.hurry = entry.timer = undefined;
        resolve();
      }
      entry.hurry = done;
      entry.timer = timer;
    });
  }

  /** Resolves when everything written so far is on disk (or has failed). */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      while (this.slots.size) {
        for (const s of this.slots.values()) s.hurry?.();
        await Promise.all([...this.slots.values()].map((s) => s.done));
      }
    } finally {
      this.flushing--;
    }
  }
}
