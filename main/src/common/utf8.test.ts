import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from './utf8.js';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('decodeUtf8', () => {
  it('decodes UTF-8, keeping a byte-order mark as Buffer#toString does', () => {
    expect(decodeUtf8(bytes('naïve 日本 🎉'))).toEqual({ ok: true, text: 'naïve 日本 🎉' });
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], '{}'))).toEqual({ ok: true, text: '\uFEFF{}' });
  });

  it('finds the first byte that is not UTF-8, by line and column', () => {
    expect(decodeUtf8(bytes('ab\ncaf', [0xe9], '\n'))).toMatchObject({ ok: false, offset: 6, byte: 0xe9, line: 2, column: 4 });
    expect(decodeUtf8(bytes('日本', [0xff]))).toMatchObject({ ok: false, line: 1, column: 3 }); // columns in UTF-16 units
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'x', [0x80]))).toMatchObject({ ok: false, column: 2 }); // the BOM does not count
  });

  it('refuses overlong forms, surrogates, code points past U+10FFFF and cut sequences', () => {
    for (const bad of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe6, 0x97]]) {
      expect(decodeUtf8(bytes('ok ', bad)), bad.join(',')).toMatchObject({ ok: false, offset: 3, column: 4 });
    }
  });
});
