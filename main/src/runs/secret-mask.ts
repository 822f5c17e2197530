/** What a secret value becomes in step logs. */
export const MASK = '***';
const MASK_BYTES = Buffer.from(MASK);

/** Distinct non-empty secrets, longest first (so where two start at one place, the longer wins). */
function normalize(secrets: readonly string[]): string[] {
  return [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
}

/** Replace every secret in a whole text (an app note, a step's error message). */
export function maskText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of normalize(secrets)) out = out.split(s).join(MASK);
  return out;
}

/**
 * Masks secrets in one output stream that arrives in chunks: a secret split across chunks is
 * still caught, because the end of a chunk that could be the start of a secret is held back until
 * the next chunk (or `end`) says whether it is. Holds at most the longest secret's length - 1 bytes.
 */
export class SecretMasker {
  private readonly secrets: Buffer[];
  private carry: Buffer = Buffer.alloc(0);

  constructor(secrets: readonly string[]) {
    this.secrets = normalize(secrets).map((s) => Buffer.from(s, 'utf8'));
  }

  get active(): boolean {
    return this.secrets.length > 0;
  }

  /** The masked text that is safe to pass on now. */
  push(chunk: Buffer): Buffer {
    if (!this.active) return chunk;
    const data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const parts: Buffer[] = [];
    let pos = 0;
    for (;;) {
      let at = -1;
      let len = 0;
      for (const s of this.secrets) {
        const i = data.indexOf(s, pos);
        if (i !== -1 && (at === -1 || i < at)) {
          at = i;
          len = s.length;
        }
      }
      if (at === -1) break;
      parts.push(data.subarray(pos, at), MASK_BYTES);
      pos = at + len;
    }
    const hold = this.heldStart(data, pos);
    parts.push(data.subarray(pos, hold));
    this.carry = Buffer.from(data.subarray(hold));
    return Buffer.concat(parts);
  }

  /** What was held back at the end of the stream (the start of a secret that never finished). */
  end(): Buffer {
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    return rest;
  }

  /** Where the longest tail of data[from..] that is a proper prefix of some secret begins (data.length: none). */
  private heldStart(data: Buffer, from: number): number {
    let start = data.length;
    for (const s of this.secrets) {
      for (let i = Math.max(from, data.length - s.length + 1); i < start; i++) {
        if (data[i] === s[0] && data.subarray(i).equals(s.subarray(0, data.length - i))) {
          start = i;
          break;
        }
      }
    }
    return start;
  }
}
