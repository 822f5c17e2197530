import { describe, expect, it } from 'vitest';
import { checkSchedule, ManualClock, nextFiring } from './timing.js';

describe('nextFiring', () => {
  it('follows cron in the job time zone', () => {
    const after = Date.parse('2026-03-10T07:30:00Z');
    // 09:00 in Amsterdam (UTC+1 in March before DST) is 08:00Z.
    expect(new Date(nextFiring({ type: 'cron', cron: '0 9 * * *', timeZone: 'Europe/Amsterdam', runMissed: true }, after, 3)!).toISOString()).toBe('2026-03-10T08:00:00.000Z');
    expect(new Date(nextFiring({ type: 'cron', cron: '0 9 * * *', timeZone: 'UTC', runMissed: true }, after, 3)!).toISOString()).toBe('2026-03-10T09:00:00.000Z');
  });
  it('a once job fires once', () => {
    expect(nextFiring({ type: 'at', at: '2026-05-01T12:00:00+02:00', timeZone: 'Europe/Berlin' }, 0, 0)).toBe(Date.parse('2026-05-01T10:00:00Z'));
    expect(nextFiring({ type: 'at', at: '2026-05-01T12:00:00+02:00', timeZone: 'Europe/Berlin' }, 0, 1)).toBeNull();
    expect(nextFiring({ type: 'now' }, 5, 0)).toBe(5);
  });
  it('refuses bad cron expressions and time zones with an example', () => {
    expect(() => checkSchedule({ type: 'cron', cron: 'every day', timeZone: 'UTC', runMissed: true })).toThrow(/not a cron expression.*Example/);
    expect(() => checkSchedule({ type: 'cron', cron: '* * * * *', timeZone: 'Mars/Olympus', runMissed: true })).toThrow(/not a time zone/);
  });
});

describe('ManualClock', () => {
  it('fires due timers in order as it advances', () => {
    const clock = new ManualClock(1000);
    const fired: number[] = [];
    clock.at(3000, () => fired.push(3));
    const cancel = clock.at(2500, () => fired.push(25));
    clock.at(2000, () => fired.push(clock.now()));
    cancel();
    clock.advance(1500);
    expect(fired).toEqual([2000]);
    clock.advance(1000);
    expect(fired).toEqual([2000, 3]);
  });
});
