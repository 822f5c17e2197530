import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CONTAINER_PATHS } from '../docker/containers.js';
import { ProjectFilter, projectRelative, walkProject } from './project-files.js';

/**
 * Which project files an environment's image depends on, so that editing one makes the
 * environment out of date (a new recipe hash, hence a new tag that the next run builds).
 *
 * The rule: the files the setup script names — `pip install -r requirements.txt`,
 * `Rscript Install.r`, `bash setup/deps.sh`, `pip install ./mypkg` (a folder: every file in it) —
 * and, the same way, the files those files name (`-r base.txt` in a requirements file,
 * `source("helpers.R")`), a few levels deep. The whole build context is not hashed: every step
 * edit would then rebuild the image, although steps see the live project at run time anyway.
 * A file is named by its path relative to the project (or under /project-dir, or relative to the
 * naming file's folder); the project root itself (`pip install .`) does not count, for the same reason.
 */

const MAX_DEPTH = 3;
/** Only text this small is read for further names (requirements, R and shell scripts). */
const MAX_SCAN_BYTES = 256 * 1024;

/** Words of shell, R or requirements text that could be paths. */
export function candidatePaths(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text.split(/[\s;|&<>()"'`,={}[\]]+/)) {
    let token = raw.trim();
    if (!token || token.startsWith('-') || /[$*?~\\]/.test(token) || /^[a-z][a-z0-9+.-]*:\/\//i.test(token)) continue;
    if (token === CONTAINER_PATHS.project || token.startsWith(`${CONTAINER_PATHS.project}/`)) {
      token = token.slice(CONTAINER_PATHS.project.length + 1);
    } else if (token.startsWith('/')) continue;
    token = token.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
    if (token && token !== '.') out.add(token);
  }
  return [...out];
}

async function sha256File(abs: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(abs), hash);
  return hash.digest('hex');
}

async function textOf(abs: string): Promise<string | null> {
  const st = await fs.stat(abs);
  if (st.size > MAX_SCAN_BYTES) return null;
  const buf = await fs.readFile(abs);
  return buf.includes(0) ? null : buf.toString('utf8');
}

/** `rel` → sha256 of its content (of its target, for a symlink), for every file the script depends on. */
export async function buildInputs(root: string, setupScript: string, filter = new ProjectFilter(root)): Promise<Record<string, string>> {
  const found = new Map<string, string>();
  let queue: { text: string; dir: string }[] = [{ text: setupScript, dir: '' }];

  const addFile = async (rel: string, abs: string, isLink: boolean, next: typeof queue) => {
    if (found.has(rel)) return;
    if (isLink) {
      found.set(rel, `link:${await fs.readlink(abs)}`);
      return;
    }
    found.set(rel, await sha256File(abs));
    const text = await textOf(abs).catch(() => null);
    if (text) next.push({ text, dir: path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel) });
  };

  for (let depth = 0; depth <= MAX_DEPTH && queue.length > 0; depth++) {
    const next: typeof queue = [];
    for (const { text, dir } of queue) {
      for (const candidate of candidatePaths(text)) {
        const bases = dir ? [candidate, path.posix.join(dir, candidate)] : [candidate];
        for (const base of bases) {
          const rel = projectRelative(root, base);
          if (!rel) continue; // outside the project, or the root itself
          const abs = path.join(root, ...rel.split('/'));
          const st = await fs.lstat(abs).catch(() => null);
          if (!st || !(await filter.includes(rel, st.isDirectory()))) continue;
          if (st.isFile() || st.isSymbolicLink()) await addFile(rel, abs, st.isSymbolicLink(), depth < MAX_DEPTH ? next : []);
          else if (st.isDirectory()) {
            for await (const f of walkProject(filter, rel)) if (f.kind !== 'dir') await addFile(f.rel, f.abs, f.kind === 'symlink', []);
          }
        }
      }
    }
    queue = next;
  }
  return Object.fromEntries([...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The inputs whose content differs between two builds (added, removed or edited), for "out of date" messages. */
export function changedInputs(before: Record<string, string>, now: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(now)]);
  return [...names].filter((n) => before[n] !== now[n]).sort();
}
