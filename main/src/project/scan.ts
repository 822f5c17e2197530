import type { Dirent } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isAtomicTempFile } from '../fs/atomic-write.js';
import { pipelineLayoutOf } from './layout.js';

/** Folders never listed nor watched: VCS data, installed packages, caches. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['.git', 'node_modules', '__pycache__', '.ipynb_checkpoints', '.venv']);
/** Files listed at most (the UI's file picker); pipelines are still found beyond it. */
export const MAX_FILES = 20_000;
/** Entries looked at in all, so a folder of millions of data files cannot stall opening. */
export const MAX_ENTRIES = 500_000;

export interface ProjectScan {
  /** Project-relative '/'-paths, sorted; skips SKIPPED_DIRS and every .orchest folder. */
  files: string[];
  /** Pipeline definitions: <dir>/.orchest/pipeline.json and *.orchest files, sorted. */
  pipelines: string[];
  /** True when MAX_FILES or MAX_ENTRIES cut the walk short. */
  truncated: boolean;
}

/**
 * Paths (project-relative) the watcher ignores: SKIPPED_DIRS and everything inside a .orchest
 * folder but its pipeline.json, so a run writing logs and data does not flood clients with events.
 */
export function isIgnoredPath(rel: string): boolean {
  if (rel === '') return false;
  const segs = rel.split('/');
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if (SKIPPED_DIRS.has(seg)) return true;
    if (seg === '.orchest') {
      if (i === segs.length - 1) return false;
      return !(i === segs.length - 2 && segs[i + 1] === 'pipeline.json');
    }
  }
  return isAtomicTempFile(segs[segs.length - 1]!);
}

async function kindOf(abs: string, entry: Dirent): Promise<'file' | 'dir' | 'other'> {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'dir';
  if (entry.isSymbolicLink()) {
    // A linked file is listed; a linked folder is not followed (it may loop or leave the project).
    const st = await fs.stat(abs).catch(() => null);
    return st?.isFile() ? 'file' : 'other';
  }
  return 'other';
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Walk a project folder once: its files and its pipeline definitions (both layouts). */
export async function scanProject(root: string, limits = { maxFiles: MAX_FILES, maxEntries: MAX_ENTRIES }): Promise<ProjectScan> {
  const files: string[] = [];
  const pipelines: string[] = [];
  let entriesSeen = 0;
  let truncated = false;
  const pending: string[] = [''];
  while (pending.length) {
    const dir = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(path.join(root, dir), { withFileTypes: true });
    } catch {
      continue; // unreadable or vanished meanwhile: not the user's problem here
    }
    for (const entry of entries) {
      if (++entriesSeen > limits.maxEntries) {
        truncated = true;
        pending.length = 0;
        break;
      }
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      const kind = await kindOf(path.join(root, rel), entry);
      if (kind === 'dir') {
        if (SKIPPED_DIRS.has(entry.name)) continue;
        if (entry.name === '.orchest') {
          const def = `${rel}/pipeline.json`;
          const st = await fs.stat(path.join(root, def)).catch(() => null);
          if (st?.isFile()) pipelines.push(def);
          continue;
        }
        pending.push(rel);
      } else if (kind === 'file') {
        if (isAtomicTempFile(entry.name)) continue;
        if (pipelineLayoutOf(rel) === 'project') pipelines.push(rel);
        if (files.length < limits.maxFiles) files.push(rel);
        else truncated = true;
      }
    }
  }
  return { files: files.sort(byCodeUnit), pipelines: pipelines.sort(byCodeUnit), truncated };
}
