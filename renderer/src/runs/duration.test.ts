import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from './duration.js';

describe('formatDuration', () => {
  it('shows tenths of a second under a minute, floored so a ticking badge never runs ahead', () => {
    expect(formatDuration(0)).toBe('0.0s');
    expect(formatDuration(1234)).toBe('1.2s');
    expect(formatDuration(1299)).toBe('1.2s');
    expect(formatDuration(3100)).toBe('3.1s');
    expect(formatDuration(59_999)).toBe('59.9s');
  });

  it('shows minutes and seconds, then hours and minutes', () => {
    expect(formatDuration(60_000)).toBe('1m 00s');
    expect(formatDuration(65_400)).toBe('1m 05s');
    expect(formatDuration(3_599_000)).toBe('59m 59s');
    expect(formatDuration(3_600_000 + 3 * 60_000 + 20_000)).toBe('1h 03m');
  });

  it('treats negative or invalid input (clock skew) as zero', () => {
    expect(formatDuration(-500)).toBe('0.0s');
    expect(formatDuration(Number.NaN)).toBe('0.0s');
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1024 * 1024)).toBe('1 MiB');
    expect(formatBytes(12.34 * 1024 * 1024)).toBe('12.3 MiB');
    expect(formatBytes(8 * 1024 * 1024)).toBe('8 MiB');
  });
});
