/** scripts/list-prod-deps.mjs lists every production package with its version and a licence. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/orchest-cli.js';

describe('the production dependency list', () => {
  it('names dockerode and its whole tree, each with a version and a licence', () => {
    const list = JSON.parse(execFileSync(process.execPath, [path.join(repoRoot, 'scripts/list-prod-deps.mjs'), '--json'], { encoding: 'utf8' })) as Array<{ name: string; version: string; licence: string }>;
    expect(list.find((d) => d.name === 'dockerode')).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), licence: 'Apache-2.0' });
    expect(list.length).toBeGreaterThan(10);
    expect(list.filter((d) => !/^\d+\.\d+\.\d+/.test(d.version) || d.licence === 'UNKNOWN')).toEqual([]);
    // Nothing the UI or the tests need is shipped: those are devDependencies, bundled at build time.
    expect(list.map((d) => d.name).filter((n) => ['react', 'zod', 'ws', 'vitest', 'electron', 'commander'].includes(n))).toEqual([]);
  });
});
