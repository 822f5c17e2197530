import { describe, expect, it } from 'vitest';
import { maskText, SecretMasker } from './secret-mask.js';

/** Feed `text` in the given pieces and collect what comes out. */
function through(secrets: string[], pieces: string[]): string {
  const m = new SecretMasker(secrets);
  const out = pieces.map((p) => m.push(Buffer.from(p)).toString());
  return out.join('') + m.end().toString();
}

describe('SecretMasker', () => {
  it('masks a secret split at every possible place', () => {
    const text = 'token=s3cr3t-VALUE; again s3cr3t-VALUE.\n';
    for (let cut = 0; cut <= text.length; cut++) {
      expect(through(['s3cr3t-VALUE'], [text.slice(0, cut), text.slice(cut)])).toBe('token=***; again ***.\n');
    }
  });

  it('masks a secret arriving one byte at a time, and several secrets', () => {
    const text = 'a=alpha b=beta-long c=alphabet\n';
    expect(through(['alpha', 'beta-long'], [...text])).toBe('a=*** b=*** c=***bet\n');
  });

  it('prefers the longer of two secrets starting at one place', () => {
    expect(through(['abc', 'abcdef'], ['xabcdefx'])).toBe('x***x');
  });

  it('holds back a possible start only until it is known, and passes on the rest', () => {
    const m = new SecretMasker(['secret']);
    expect(m.push(Buffer.from('line one\nsec')).toString()).toBe('line one\n');
    expect(m.push(Buffer.from('ond line\n')).toString()).toBe('second line\n');
    expect(m.push(Buffer.from('ends with sec')).toString()).toBe('ends with ');
    expect(m.end().toString()).toBe('sec');
  });

  it('masks multi-byte text and passes everything through without secrets', () => {
    const bytes = Buffer.from('мой пароль!');
    const m1 = new SecretMasker(['пароль']);
    const out = Buffer.concat([m1.push(bytes.subarray(0, 10)), m1.push(bytes.subarray(10)), m1.end()]); // cut inside a character
    expect(out.toString()).toBe('мой ***!');
    const m = new SecretMasker(['']);
    expect(m.active).toBe(false);
    expect(m.push(Buffer.from('plain')).toString()).toBe('plain');
  });

  it('maskText replaces every secret in a message', () => {
    expect(maskText('login with tok123 failed (tok123)', ['tok123', ''])).toBe('login with *** failed (***)');
  });
});
