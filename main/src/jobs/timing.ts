import { Cron } from 'croner';
import type { JobSchedule } from '../api/jobs.js';
import { CoreError } from '../core/core-error.js';

/** Time for the job scheduler; tests give a clock they move by hand. */
export interface Clock {
  now(): number;
  /** Call `fn` once at `at` (ms since epoch, or at once when past); answers a cancel function. */
  at(at: number, fn: () => void): () => void;
}

// setTimeout takes at most 2^31-1 ms (~24.8 days): a longer wait re-arms itself.
const MAX_TIMEOUT = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  at(at, fn) {
    let timer: NodeJS.Timeout;
    const arm = () => {
      const wait = at - Date.now();
      timer = setTimeout(wait > MAX_TIMEOUT ? arm : fn, Math.max(0, Math.min(wait, MAX_TIMEOUT)));
      timer.unref();
    };
    arm();
    return () => clearTimeout(timer);
  },
};

/** A clock that moves only when told to (tests). */
export class ManualClock implements Clock {
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private seq = 0;
  constructor(private time: number) {}
  now(): number {
    return this.time;
  }
  at(at: number, fn: () => void): () => void {
    if (at <= this.time) {
      // Due already: at once (on the next turn), as the system clock does.
      const timer = setTimeout(fn, 0);
      return () => clearTimeout(timer);
    }
    const id = ++this.seq;
    this.timers.push({ at, fn, id });
    return () => void (this.timers = this.timers.filter((t) => t.id !== id));
  }
  /** Move to `time + ms`, firing every timer due on the way, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t.id !== due.id);
      this.time = Math.max(this.time, due.at);
      due.fn();
    }
    this.time = end;
  }
}

export function checkTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new CoreError('INVALID_ARGUMENT', `"${tz}" is not a time zone: use an IANA name such as "Europe/Amsterdam" or "UTC".`);
  }
}

/** The cron expression, checked (with its time zone). */
function cronOf(expr: string, tz: string): Cron {
  checkTimeZone(tz);
  try {
    return new Cron(expr, { timezone: tz, paused: true });
  } catch (err) {
    throw new CoreError('INVALID_ARGUMENT', `"${expr}" is not a cron expression (${(err as Error).message.replace(/^CronPattern: /, '')}). Example: "0 3 * * *" runs daily at 03:00.`);
  }
}

/** Refuse a schedule that cannot fire (bad cron, time zone or date). */
export function checkSchedule(schedule: JobSchedule): void {
  if (schedule.type === 'cron') cronOf(schedule.cron, schedule.timeZone).stop();
  if (schedule.type === 'at') checkTimeZone(schedule.timeZone);
}

/** The first firing strictly after `after` (ms); null when the schedule fires no more. */
export function nextFiring(schedule: JobSchedule, after: number, firings: number): number | null {
  if (schedule.type === 'now') return firings === 0 ? after : null;
  if (schedule.type === 'at') return firings === 0 ? Date.parse(schedule.at) : null;
  const cron = cronOf(schedule.cron, schedule.timeZone);
  try {
    return cron.nextRun(new Date(after))?.getTime() ?? null;
  } finally {
    cron.stop();
  }
}
