import { describe, expect, it } from 'vitest';
import { lastError } from './offline-progress.js';

describe('lastError', () => {
  it("picks apt's or the script's error line over the builder's bookkeeping after it", () => {
    const tail = ['Reading package lists...', 'E: Unable to locate package nope', "The command '/bin/sh -c apt-get …' returned a non-zero code: 100", ''].join('\n');
    expect(lastError(tail)).toBe('E: Unable to locate package nope');
    expect(lastError("error: 'debootstrap' is not installed\n")).toBe("error: 'debootstrap' is not installed");
  });

  it('else the last line; nothing for no output', () => {
    expect(lastError('one\ntwo\n\n')).toBe('two');
    expect(lastError('')).toBeUndefined();
  });
});
