import { describe, expect, it } from 'vitest';
import { cronFirings, describeSchedule, emptySchedule, formatShortTime, scheduleOf, wallClockToMs } from './schedule.js';

const NOW = Date.UTC(2026, 11, 1, 10, 0, 0); // Tuesday 1 Dec 2026, 10:00 UTC

describe('job schedule', () => {
  it('reads a wall-clock time in the user’s zone, across daylight saving', () => {
    expect(wallClockToMs('2026-12-01T14:30', 'Europe/Amsterdam')).toBe(Date.UTC(2026, 11, 1, 13, 30));
    expect(wallClockToMs('2026-07-01T14:30', 'Europe/Amsterdam')).toBe(Date.UTC(2026, 6, 1, 12, 30));
    expect(wallClockToMs('2026-12-01T14:30', 'America/New_York')).toBe(Date.UTC(2026, 11, 1, 19, 30));
    expect(wallClockToMs('tomorrow', 'UTC')).toBeNull();
  });

  it('makes the contract’s schedules and says what to fix', () => {
    expect(scheduleOf(emptySchedule, 'UTC', NOW)).toEqual({ ok: true, value: { type: 'now' } });
    expect(scheduleOf({ ...emptySchedule, type: 'at', at: '2026-12-01T14:30' }, 'Europe/Amsterdam', NOW)).toEqual({
      ok: true,
      value: { type: 'at', at: '2026-12-01T13:30:00.000Z', timeZone: 'Europe/Amsterdam' },
    });
    expect(scheduleOf({ ...emptySchedule, type: 'at', at: '2026-12-01T09:00' }, 'UTC', NOW)).toEqual({ ok: false, message: expect.stringContaining('has passed') });
    expect(scheduleOf({ ...emptySchedule, type: 'at', at: '' }, 'UTC', NOW)).toMatchObject({ ok: false });
    expect(scheduleOf({ ...emptySchedule, type: 'cron', cron: ' */15 * * * * ', runMissed: false }, 'Asia/Tokyo', NOW)).toEqual({
      ok: true,
      value: { type: 'cron', cron: '*/15 * * * *', timeZone: 'Asia/Tokyo', runMissed: false },
    });
    expect(scheduleOf({ ...emptySchedule, type: 'cron', cron: '61 * * * *' }, 'UTC', NOW)).toEqual({ ok: false, message: expect.stringContaining('Invalid value for minute: 61') });
  });

  it('lists the next firings of a cron in its zone', () => {
    const next = cronFirings('0 9 * * 1-5', 'Europe/Amsterdam', 2, new Date(NOW));
    expect(next).toEqual({ ok: true, value: [Date.UTC(2026, 11, 2, 8, 0), Date.UTC(2026, 11, 3, 8, 0)] });
  });

  it('describes a schedule in the viewer’s zone', () => {
    expect(describeSchedule({ type: 'now' }, 'UTC')).toBe('Once, at creation');
    expect(describeSchedule({ type: 'at', at: '2026-12-01T13:30:00.000Z', timeZone: 'UTC' }, 'Europe/Amsterdam')).toMatch(/(14|2):30.* \(Europe\/Amsterdam\)$/);
    expect(describeSchedule({ type: 'cron', cron: '0 9 * * *', timeZone: 'Asia/Tokyo', runMissed: true }, 'UTC')).toBe('Cron “0 9 * * *” (Asia/Tokyo)');
  });
});

describe('short times in lists', () => {
  it('leaves out the date today and the year this year, in the viewer’s zone', () => {
    expect(formatShortTime(Date.UTC(2026, 11, 1, 8, 5), 'UTC', NOW)).toMatch(/^(8:05|08:05)/);
    expect(formatShortTime(Date.UTC(2026, 10, 3, 8, 5), 'UTC', NOW)).toMatch(/Nov/);
    expect(formatShortTime(Date.UTC(2026, 10, 3, 8, 5), 'UTC', NOW)).not.toMatch(/2026/);
    expect(formatShortTime(Date.UTC(2025, 10, 3, 8, 5), 'UTC', NOW)).toMatch(/2025/);
    // 23:30 UTC on 30 Nov is already 1 Dec in Tokyo: today there.
    expect(formatShortTime(Date.UTC(2026, 10, 30, 23, 30), 'Asia/Tokyo', NOW)).not.toMatch(/Nov|Dec/);
  });
});
