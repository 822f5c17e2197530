/**
 * A minimal ustar writer for small in-memory build contexts (a Dockerfile and a script):
 * regular files only, fixed mtime, so the same files always give the same bytes.
 */
export interface TarEntry {
  name: string;
  content: string | Buffer;
  mode?: number;
}

const BLOCK = 512;

function writeField(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value, offset, Math.min(length, Buffer.byteLength(value)), 'utf8');
}

/** NUL-terminated, zero-padded octal, as ustar wants numbers. */
function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

function header(name: string, size: number, mode: number): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name too long: ${name}`);
  const h = Buffer.alloc(BLOCK, 0);
  writeField(h, 0, 100, name);
  writeField(h, 100, 8, octal(mode, 8));
  writeField(h, 108, 8, octal(0, 8)); // uid
  writeField(h, 116, 8, octal(0, 8)); // gid
  writeField(h, 124, 12, octal(size, 12));
  writeField(h, 136, 12, octal(0, 12)); // mtime
  h.fill(' ', 148, 156); // checksum is computed with its own field as spaces
  writeField(h, 156, 1, '0'); // regular file
  writeField(h, 257, 6, 'ustar\0');
  writeField(h, 263, 2, '00');
  let sum = 0;
  for (const byte of h) sum += byte;
  writeField(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

export function tarFiles(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const body = typeof entry.content === 'string' ? Buffer.from(entry.content, 'utf8') : entry.content;
    parts.push(header(entry.name, body.length, entry.mode ?? 0o644), body);
    const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0)); // end of archive
  return Buffer.concat(parts);
}
