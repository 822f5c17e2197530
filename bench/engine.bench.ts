/**
 * Run-engine overhead vs bare `docker run --rm` on the same image, measured in the same run:
 * paired rounds after a warm-up, the two sides taking turns going first; medians.
 *   npm run bench -- engine     (needs dockerd and the test image; see README; BENCH_ROUNDS, default 7)
 */
import { rm } from 'node:fs/promises';
import { benchCore, benchImage, leftoverStepContainers, makePipelineProject, pairedRounds, printPaired, timeRun, timeShell, type StepDef } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

async function compare(label: string, steps: StepDef[], parallelism: number, baseline: string): Promise<void> {
  const { root, pipeline } = await makePipelineProject(steps, parallelism);
  const core = await benchCore(root);
  try {
    const m = await pairedRounds(
      ROUNDS,
      async () => (await timeRun(core, { pipeline, kind: 'full' })).ms,
      () => timeShell(baseline),
    );
    printPaired(label, m, '≤ 1.05×');
  } finally {
    await core.dispose();
    await rm(root, { recursive: true, force: true });
  }
  const left = await leftoverStepContainers(root);
  if (left.length) throw new Error(`${left.length} step containers left behind: ${left.join(' ')}`);
}

export async function engineBench(): Promise<void> {
  console.log(`engine benchmarks on ${benchImage}, ${ROUNDS} rounds each (after a warm-up)`);
  // Trivial steps: what is measured is the engine (plan, logs, history, containers), not the work.
  await compare(
    '1. 20 trivial steps, parallelism 4 vs `xargs -P4 docker run --rm` (median)',
    Array.from({ length: 20 }, (_, i) => ({ uuid: `s${i}`, title: `step ${i}`, file: `s${i}.py`, source: 'pass\n' })),
    4,
    `seq 20 | xargs -P4 -I{} docker run --rm ${benchImage} python3 -c pass`,
  );
  await compare(
    '2. chain of 10 trivial steps vs a sequential `docker run --rm` loop (median)',
    Array.from({ length: 10 }, (_, i) => ({ uuid: `c${i}`, title: `chain ${i}`, file: `c${i}.py`, source: 'pass\n', parents: i ? [`c${i - 1}`] : [] })),
    0,
    `for i in $(seq 10); do docker run --rm ${benchImage} python3 -c pass; done`,
  );
}
