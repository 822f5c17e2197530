import { describe, expect, it } from 'vitest';
import { OfflineBuildProgress } from './offline-progress.js';

/** What build-offline.sh prints on a reused base, shortened to 2 packages. */
const reused = [
  '[1/3] reusing orchest-offline-minbase:bookworm',
  '[2/3] (nothing to import)',
  '[3/3] docker build orchest-py:latest (python3-nbclient python3-ipykernel python-is-python3 ) ...',
  'Step 1/4 : FROM orchest-offline-minbase:bookworm',
  'Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]',
  '0 upgraded, 2 newly installed, 0 to remove and 0 not upgraded.',
  'Get:1 http://deb.debian.org/debian bookworm/main amd64 python3-six all 1.16.0-4 [17.5 kB]',
  'Get:2 http://deb.debian.org/debian bookworm/main amd64 python3-nbclient all 0.7.2-1 [62.1 kB]',
  'Setting up python3-six (1.16.0-4) ...',
  'Setting up python3-nbclient (0.7.2-1) ...',
  'built orchest-py:latest',
];

function run(lines: string[], offset?: number) {
  const p = new OfflineBuildProgress(offset);
  return lines.map((l) => p.feed(l));
}

describe('OfflineBuildProgress', () => {
  it('counts apt packages fetched and set up, never going back, and ends at 1', () => {
    const updates = run(reused);
    const values = updates.map((u) => u.progress).filter((v): v is number => v !== undefined);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values.at(-1)).toBe(1);
    expect(updates[7]).toMatchObject({ phase: 'docker build orchest-py:latest: apt, 1 of 2 packages' });
    expect(updates[7]!.progress).toBeCloseTo(0.5);
    // apt-get update's own "Get:" lines come before the count: no progress from them.
    expect(updates[4]).toEqual({});
  });

  it('starts from the offset (after a pull)', () => {
    const updates = run(reused, 0.2);
    expect(updates[0]!.progress).toBeCloseTo(0.2);
    expect(updates[7]!.progress).toBeCloseTo(0.2 + 0.8 * 0.5);
  });

  it('a fresh base: debootstrap and import take the first third', () => {
    const updates = run(['[1/3] debootstrap bookworm (minbase + python3) from http://x ...', '[2/3] docker import orchest-offline-minbase:bookworm ...', '[3/3] docker build a:1 (x) ...']);
    expect(updates[0]!.phase).toContain('debootstrap');
    expect(updates[2]!.progress).toBeCloseTo(0.35);
  });
});
