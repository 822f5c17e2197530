import { createHash } from 'node:crypto';
import path from 'node:path';

// RFC 4122 URL namespace: a project's uuid is the v5 uuid of its file:// URL.
const URL_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

/**
 * Stable uuid of a project, derived from its absolute path (same folder, same uuid, every run):
 * ORCHEST_PROJECT_UUID in steps and the `project` label of their containers.
 */
export function projectUuid(absRoot: string): string {
  const url = `file://${path.resolve(absRoot)}`;
  const hash = createHash('sha1').update(URL_NAMESPACE).update(url).digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The project in names that must stay short (image tags, folders under the data dir): 8 hex chars of its uuid. */
export function projectKey(absRoot: string): string {
  return projectUuid(absRoot).slice(0, 8);
}
