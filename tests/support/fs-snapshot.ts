/** What a folder holds, to prove a test wrote nothing: every entry's type, bytes' hash, size and mtime. */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export type Snapshot = Map<string, string>;

/** Entry → "type size mtime sha256" (links: their target), recursively; `skip` names folders left out. */
export async function snapshot(root: string, skip: (rel: string) => boolean = () => false): Promise<Snapshot> {
  const out: Snapshot = new Map();
  const walk = async (rel: string): Promise<void> => {
    const abs = path.join(root, rel);
    const st = await fs.lstat(abs).catch(() => null);
    if (!st) return;
    if (st.isSymbolicLink()) out.set(rel, `link ${await fs.readlink(abs)}`);
    else if (st.isDirectory()) {
      out.set(rel, 'dir');
      for (const name of (await fs.readdir(abs)).sort()) {
        const child = rel ? `${rel}/${name}` : name;
        if (!skip(child)) await walk(child);
      }
    } else if (st.isFile()) {
      const hash = createHash('sha256').update(await fs.readFile(abs)).digest('hex');
      out.set(rel, `file ${st.size} ${st.mtimeMs} ${hash}`);
    } else out.set(rel, `other ${st.mode}`);
  };
  await walk('');
  return out;
}

/** The entries that differ (added, removed or changed), for a readable assertion. */
export function changes(before: Snapshot, after: Snapshot): string[] {
  const diff: string[] = [];
  for (const [k, v] of after) if (before.get(k) !== v) diff.push(`${before.has(k) ? 'changed' : 'added'}: ${k}`);
  for (const k of before.keys()) if (!after.has(k)) diff.push(`removed: ${k}`);
  return diff.sort();
}
