/**
 * Power-cut simulation for saves: a child process saves versions of a pipeline file through the
 * app's atomic writer in a loop and is killed with SIGKILL at a random moment, 200 times. After
 * every kill the file parses as a pipeline and equals one of the versions saved, byte for byte.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../../main/src/pipeline/parse.js';
import { tempDir } from '../../main/src/pipeline/testing/fixtures.js';
import { pipelineVersion } from './testing/pipeline-versions.js';

const KILLS = Number(process.env.ORCHEST_POWER_CUTS ?? 200);
let script: string;

beforeAll(async () => {
  // Bundled once, so each of the 200 children starts as plain node in a few tens of ms.
  script = path.join(await tempDir('orchest-save-loop-'), 'save-loop.mjs');
  await build({ entryPoints: [path.join(import.meta.dirname, 'testing/save-loop.ts')], bundle: true, platform: 'node', format: 'esm', outfile: script, logLevel: 'error' });
});

function saveUntilKilled(file: string, start: number, afterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, file, String(start)], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), afterMs));
    child.once('error', reject);
    child.once('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the save loop ended by itself (${code})`))));
  });
}

describe('power cut during saves', () => {
  it(`leaves a pipeline file that parses and is one of the saved versions, after each of ${KILLS} SIGKILLs`, async () => {
    const dir = await tempDir('orchest-power-cut-');
    const file = path.join(dir, 'p.orchest');
    await fs.writeFile(file, pipelineVersion(0));
    const versions = new Map<string, number>();
    let start = 0;
    const seen = new Set<number>();
    for (let i = 0; i < KILLS; i++) {
      await saveUntilKilled(file, start, Math.floor(Math.random() * 40));
      const bytes = await fs.readFile(file, 'utf8');
      const parsed = parse(bytes);
      expect(parsed.pipeline, `kill ${i}: ${parsed.problems[0]?.message}`).not.toBeNull();
      const k = Number(parsed.pipeline!.version);
      if (!versions.has(bytes)) versions.set(bytes, k);
      expect(bytes, `kill ${i}`).toBe(pipelineVersion(k));
      expect(k).toBeGreaterThanOrEqual(start === 0 ? 0 : start - 1);
      seen.add(k);
      start = k + 1;
    }
    // The kills landed at different points: many versions survived, not just the first.
    expect(seen.size).toBeGreaterThan(KILLS / 2);
    // Whatever a kill left behind is only our temp files, which the app ignores.
    const stray = (await fs.readdir(dir)).filter((n) => n !== 'p.orchest');
    expect(stray.every((n) => /^\.p\.orchest\.[0-9a-f]{12}\.tmp$/.test(n)), stray.join(', ')).toBe(true);
  }, 300_000);
});
