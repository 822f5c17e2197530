import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

// RFC 4122 URL namespace: a project's uuid is the v5 uuid of its file:// URL.
const URL_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

/** Stable uuid of a project, derived from its absolute path (same folder, same uuid, every run). */
export function projectUuid(absRoot: string): string {
  const url = `file://${path.resolve(absRoot)}`;
  const hash = createHash('sha1').update(URL_NAMESPACE).update(url).digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface Owner {
  uid: number;
  gid: number;
}

/** The project folder's owner on Linux (steps run as them); undefined elsewhere (Docker Desktop maps users). */
export async function projectOwner(absRoot: string, platform: NodeJS.Platform = process.platform): Promise<Owner | undefined> {
  if (platform !== 'linux') return undefined;
  const st = await fs.stat(absRoot);
  return { uid: st.uid, gid: st.gid };
}
