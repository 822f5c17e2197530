/**
 * How long Cancel takes: from `runs.cancel` on a run of two sleeping steps until their containers
 * are gone, against `docker rm -f` of two equal containers, measured in the same run (paired rounds).
 * The tests check what the user gets (steps ABORTED, containers gone); the time is measured here.
 *   npm run bench -- cancel     (needs dockerd and the test image; BENCH_ROUNDS, default 5)
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { RunState } from '../main/src/api/runs.js';
import { benchCore, benchImage, execFileP, leftoverStepContainers, makePipelineProject, pairedRounds, printPaired } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const sleepy = (uuid: string) => ({ uuid, title: uuid, file: `${uuid}.sh`, source: 'echo up\nsleep 120\n' });

async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  for (const end = Date.now() + 60_000; !(await probe()); ) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function cancelBench(): Promise<void> {
  const { root, pipeline } = await makePipelineProject([sleepy('a'), sleepy('b')], 2);
  const core = await benchCore(root);
  try {
    const ours = async (): Promise<number> => {
      const started = await core.call('runs.start', { pipeline, kind: 'full' });
      if (started.error) throw new Error(started.error.message);
      const runId = (started.result as RunState).id;
      await until('both steps to run', async () => ((await core.call('runs.get', { runId })).result as RunState).steps.every((s) => s.status === 'STARTED'));
      await until('both containers', async () => (await leftoverStepContainers(root)).length === 2);
      const t0 = performance.now();
      const cancelled = await core.call('runs.cancel', { runId });
      if (cancelled.error) throw new Error(cancelled.error.message);
      await until('the containers to go', async () => (await leftoverStepContainers(root)).length === 0);
      return performance.now() - t0;
    };
    const base = async (): Promise<number> => {
      const names = ['a', 'b'].map((n) => `orchest-bench-cancel-${n}-${randomBytes(4).toString('hex')}`);
      for (const name of names) await execFileP('docker', ['run', '-d', '--name', name, benchImage, 'sleep', '120']);
      const t0 = performance.now();
      await execFileP('docker', ['rm', '-f', ...names]);
      return performance.now() - t0;
    };
    printPaired('cancel 2 running steps until their containers are gone', await pairedRounds(ROUNDS, ours, base), '≤ 1.5×, well under 2 s');
  } finally {
    await core.dispose();
    await rm(root, { recursive: true, force: true });
  }
}
