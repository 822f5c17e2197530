import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { parseJsonText } from '../common/json-text.js';
import { atomicWrite } from '../fs/atomic-write.js';
import { hashFile, type LocalFile } from './local-tree.js';

/**
 * What this machine last copied into one volume of one engine: per file its size and mtime here,
 * its hash, and the mtime (whole seconds, as tar carries it) it has there. A volume that was
 * recreated since (another id) starts from an empty manifest: everything is copied again.
 */
const entrySchema = z.object({ size: z.number(), mtimeMs: z.number(), hash: z.string(), remoteMtime: z.number() });
const manifestSchema = z.object({
  version: z.literal(1),
  volume: z.string(),
  volumeId: z.string(),
  files: z.record(z.string(), entrySchema),
  /** An image the engine had at the last sync: helpers (fetching outputs later) run in it. */
  image: z.string().optional(),
});
export type ManifestEntry = z.infer<typeof entrySchema>;
export type SyncManifest = z.infer<typeof manifestSchema>;

export async function loadManifest(file: string, volume: string, volumeId: string): Promise<SyncManifest> {
  const empty: SyncManifest = { version: 1, volume, volumeId, files: {} };
  const bytes = await fs.readFile(file).catch(() => null);
  if (!bytes) return empty;
  const read = parseJsonText(bytes);
  const parsed = read.ok ? manifestSchema.safeParse(read.value) : null;
  // Unreadable, or another volume by that name: copying everything again is always right.
  if (!parsed?.success || parsed.data.volume !== volume || parsed.data.volumeId !== volumeId) return empty;
  return parsed.data;
}

export async function saveManifest(file: string, manifest: SyncManifest): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await atomicWrite(file, JSON.stringify(manifest));
}

export const tarMtime = (mtimeMs: number) => Math.floor(mtimeMs / 1000);

export interface SyncPlan {
  /** New or changed files, with their hash. */
  upload: Array<LocalFile & { hash: string }>;
  /** In the volume, gone here. */
  remove: string[];
  /** The manifest once the plan is carried out. */
  next: SyncManifest;
}

/** Compare the files here with the manifest; only files whose size or mtime changed are hashed. */
export async function planSync(files: readonly LocalFile[], manifest: SyncManifest): Promise<SyncPlan> {
  const next: SyncManifest = { ...manifest, files: {} };
  const upload: SyncPlan['upload'] = [];
  for (const f of files) {
    const known = manifest.files[f.rel];
    if (known && known.size === f.size && known.mtimeMs === f.mtimeMs) {
      next.files[f.rel] = known;
      continue;
    }
    const hash = await hashFile(f.abs);
    if (known && known.hash === hash && known.size === f.size) {
      next.files[f.rel] = { ...known, mtimeMs: f.mtimeMs }; // touched, not changed
      continue;
    }
    upload.push({ ...f, hash });
    next.files[f.rel] = { size: f.size, mtimeMs: f.mtimeMs, hash, remoteMtime: tarMtime(f.mtimeMs) };
  }
  const here = new Set(files.map((f) => f.rel));
  const remove = Object.keys(manifest.files).filter((rel) => !here.has(rel));
  return { upload, remove, next };
}
