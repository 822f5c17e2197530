import { describe, expect, it } from 'vitest';
import { liveAfterRead, overlapLength } from './log-merge.js';

describe('joining a read tail with live chunks', () => {
  it('drops the part of the live text the file read already had', () => {
    // Live text started at "line 2" (batched before the read), the read ended mid "line 3".
    expect(liveAfterRead('line 1\nline 2\nline 3 be', ['line 2\nline 3 be', 'gins\nline 4\n'])).toBe('gins\nline 4\n');
  });

  it('keeps all of it when the read ended before the live text began', () => {
    expect(liveAfterRead('old 1\nold 2\n', ['new 1\n'])).toBe('new 1\n');
    expect(liveAfterRead('', ['a\n', 'b\n'])).toBe('a\nb\n');
  });

  it('drops all of it when the read already had everything', () => {
    expect(liveAfterRead('a\nb\nc\n', ['b\n', 'c\n'])).toBe('');
  });

  it('finds the longest overlap, also beyond the probe length', () => {
    const long = 'x'.repeat(200) + 'tail';
    expect(overlapLength('head ' + long, long + ' more')).toBe(long.length);
    expect(overlapLength('abc', 'cde')).toBe(1);
    expect(overlapLength('abc', 'xyz')).toBe(0);
  });
});
