/**
 * The air-gapped mirror the tests configure as `package_index`: what pip's own configuration on
 * this machine names (`pip config list`: index-url, extra-index-url, find-links), local folders only.
 * CI machines have one; elsewhere tests that need it skip, but never under CI=true.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function localPackageIndex(): string[] {
  let listed = '';
  try {
    listed = execFileSync('python3', ['-m', 'pip', 'config', 'list'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return [];
  }
  const entries: string[] = [];
  for (const line of listed.split('\n')) {
    const m = /^[\w:.-]*?\.?(index-url|extra-index-url|find-links)='(.*)'$/.exec(line.trim());
    if (!m) continue;
    for (const value of m[2]!.split(/\s+/).filter(Boolean)) {
      const dir = value.startsWith('file:') ? fileURLToPath(value) : value;
      if (dir.startsWith('/') && existsSync(dir) && !entries.includes(value)) entries.push(value);
    }
  }
  return entries;
}

/** Why a test cannot run here; throws under CI, where the index must exist. */
export function missingIndexReason(entries: string[]): string | null {
  if (entries.length > 0) return null;
  const reason = 'no local Python package index (pip config list names none): CI machines have one';
  if (process.env.CI === 'true') throw new Error(`${reason}, and this is CI (CI=true): the test set-up is broken.`);
  return reason;
}
