/**
 * UTF-8 decoding that refuses what is not UTF-8 instead of turning it into U+FFFD: a file read
 * that way and saved back would lose its bytes. Pure (TextDecoder exists in Node and browsers).
 */
export type Utf8Result =
  | { ok: true; text: string }
  /** `line`/`column` are 1-based, the column in UTF-16 code units of the text before the byte. */
  | { ok: false; offset: number; byte: number; line: number; column: number; message: string };

// ignoreBOM keeps a byte-order mark in the text, as Buffer#toString does: a save can keep it too.
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Length of the valid UTF-8 sequence at `i`, or 0 when the bytes there are not one. */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number) => i + k < b.length && (b[i + k]! & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const c1 = b[i + 1] ?? 0;
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f)) return 0; // overlong, surrogate
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const c1 = b[i + 1] ?? 0;
    if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return 0; // overlong, > U+10FFFF
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** Offset of the first byte that is not part of valid UTF-8, or -1. */
function firstInvalid(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const n = sequenceLength(b, i);
    if (n === 0) return i;
    i += n;
  }
  return -1;
}

export function decodeUtf8(bytes: Uint8Array): Utf8Result {
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    const offset = firstInvalid(bytes);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      if (bytes[i] === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    const before = strict.decode(bytes.subarray(lineStart, offset));
    // Counted as the JSON scanner counts: without a leading byte-order mark.
    const column = (lineStart === 0 ? before.replace(/^\uFEFF/, '') : before).length + 1;
    const byte = bytes[offset]!;
    const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    return {
      ok: false,
      offset,
      byte,
      line,
      column,
      message: `it is not UTF-8 text: byte ${hex} at line ${line}, column ${column} is not valid UTF-8 (saved in another encoding, e.g. Latin-1?). Convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8)`,
    };
  }
}
