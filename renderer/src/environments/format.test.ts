import { describe, expect, it } from 'vitest';
import { formatRelativeTime, formatSizeMB } from './format.js';

const now = Date.UTC(2024, 5, 15, 12, 0, 0);
const ago = (seconds: number) => now - seconds * 1000;

describe('formatRelativeTime', () => {
  it('says how long ago a build ended, in the largest whole unit', () => {
    expect(formatRelativeTime(ago(5), now)).toBe('just now');
    expect(formatRelativeTime(ago(50), now)).toBe('1 minute ago');
    expect(formatRelativeTime(ago(5 * 60), now)).toBe('5 minutes ago');
    expect(formatRelativeTime(ago(3 * 3600 + 120), now)).toBe('3 hours ago');
    expect(formatRelativeTime(ago(26 * 3600), now)).toBe('yesterday');
    expect(formatRelativeTime(ago(3 * 86400), now)).toBe('3 days ago');
    expect(formatRelativeTime(ago(15 * 86400), now)).toBe('2 weeks ago');
    expect(formatRelativeTime(ago(400 * 86400), now)).toBe('last year');
  });

  it('copes with a clock slightly ahead of the core', () => {
    expect(formatRelativeTime(now + 10_000, now)).toBe('just now');
    expect(formatRelativeTime(now + 2 * 3600_000, now)).toBe('in 2 hours');
  });
});

describe('formatSizeMB', () => {
  it('shows decimal megabytes like docker images', () => {
    expect(formatSizeMB(87_340_000)).toBe('87.3 MB');
    expect(formatSizeMB(1_204_400_000)).toBe('1204 MB');
    expect(formatSizeMB(40_000)).toBe('< 0.1 MB');
    expect(formatSizeMB(0)).toBe('0 MB');
    expect(formatSizeMB(undefined)).toBe('—');
    expect(formatSizeMB(Number.NaN)).toBe('—');
  });
});
