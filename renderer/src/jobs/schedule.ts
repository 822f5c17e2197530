/**
 * A job's schedule as the form edits it and as the lists show it, always in the user's time zone
 * (pure; croner checks cron expressions and lists the next firings).
 */
import { Cron } from 'croner';
import type { JobSchedule } from '../../../main/src/api/jobs.js';
import type { Parsed } from './parameter-grid.js';

export interface ScheduleDraft {
  type: 'now' | 'at' | 'cron';
  /** A datetime-local value, "2026-12-01T14:30", read in `timeZone`. */
  at: string;
  cron: string;
  runMissed: boolean;
}

export const emptySchedule: ScheduleDraft = { type: 'now', at: '', cron: '0 9 * * 1-5', runMissed: true };

/** The user's IANA time zone ("Europe/Amsterdam"). */
export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** "1 Dec 2026, 14:30" in `timeZone`. */
export function formatTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** For lists: "14:30" today, "1 Dec, 14:30" this year, else with the year, in `timeZone`. */
export function formatShortTime(ms: number, timeZone: string, now = Date.now()): string {
  const day = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
  const sameYear = day(ms).slice(0, 4) === day(now).slice(0, 4);
  const options: Intl.DateTimeFormatOptions = day(ms) === day(now) ? { timeStyle: 'short' } : { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', ...(sameYear ? {} : { year: 'numeric' }) };
  return new Intl.DateTimeFormat(undefined, { timeZone, ...options }).format(ms);
}

/** Offset of `timeZone` from UTC at instant `ms`, in minutes. */
function offsetMinutes(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(ms);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return (Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(ms / 1000) * 1000) / 60_000;
}

/** A wall-clock time in `timeZone` ("2026-12-01T14:30") as an instant; null when it is not one. */
export function wallClockToMs(local: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  // Twice: the offset at the guessed instant may differ from the one at the answer (DST).
  const first = guess - offsetMinutes(guess, timeZone) * 60_000;
  return guess - offsetMinutes(first, timeZone) * 60_000;
}

/** The next `count` firings of a cron expression in `timeZone`, or why it is not one. */
export function cronFirings(cron: string, timeZone: string, count = 3, from = new Date()): Parsed<number[]> {
  try {
    const job = new Cron(cron.trim(), { timezone: timeZone, paused: true, startAt: from });
    return { ok: true, value: job.nextRuns(count, from).map((d) => d.getTime()) };
  } catch (err) {
    return { ok: false, message: `Not a cron expression: ${(err instanceof Error ? err.message : String(err)).replace(/^CronPattern: /, '')}. Five fields: minute hour day month weekday, e.g. "0 9 * * 1-5".` };
  }
}

/** The draft as the contract's schedule, or what to fix. */
export function scheduleOf(draft: ScheduleDraft, timeZone: string, now: number): Parsed<JobSchedule> {
  if (draft.type === 'now') return { ok: true, value: { type: 'now' } };
  if (draft.type === 'at') {
    const ms = wallClockToMs(draft.at, timeZone);
    if (ms === null) return { ok: false, message: 'Pick the date and time to run at.' };
    if (ms <= now) return { ok: false, message: 'That time has passed: pick a later one, or run now.' };
    return { ok: true, value: { type: 'at', at: new Date(ms).toISOString(), timeZone } };
  }
  const firings = cronFirings(draft.cron, timeZone, 1, new Date(now));
  if (!firings.ok) return firings;
  return { ok: true, value: { type: 'cron', cron: draft.cron.trim(), timeZone, runMissed: draft.runMissed } };
}

/** "Now", "At 1 Dec 2026, 14:30", "Cron 0 9 * * 1-5 (Europe/Amsterdam)" — shown in `viewerZone`. */
export function describeSchedule(schedule: JobSchedule, viewerZone: string): string {
  switch (schedule.type) {
    case 'now':
      return 'Once, at creation';
    case 'at':
      return `Once, at ${formatTime(Date.parse(schedule.at), viewerZone)} (${viewerZone})`;
    case 'cron':
      return `Cron “${schedule.cron}” (${schedule.timeZone})`;
  }
}
