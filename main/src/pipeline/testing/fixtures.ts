/** Test helpers: where the fixture projects are, and fresh writable copies of them. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixturePath(...parts: string[]): string {
  return path.join(FIXTURES_DIR, ...parts);
}

export async function readFixture(...parts: string[]): Promise<string> {
  return fs.readFile(fixturePath(...parts), 'utf8');
}

/** A fresh temp folder (its real path: macOS/tmp symlinks would break path comparisons). */
export async function tempDir(prefix = 'orchest-test-'): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

const created: string[] = [];
// Registered on the importing test file: its temp folders go when its tests are done.
afterAll(async () => {
  await Promise.all(created.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

/** A writable copy of a fixture project in a fresh temp folder; returns the copy's root. */
export async function copyFixture(name: string): Promise<string> {
  const dir = await tempDir();
  await fs.cp(fixturePath(name), dir, { recursive: true });
  return dir;
}
