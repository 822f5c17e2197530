/**
 * Run-engine overhead vs bare `docker run` on the same image, measured in the same run.
 *   npm run bench -- engine     (needs dockerd and the test image; see README)
 */
import { rm } from 'node:fs/promises';
import { benchCore, benchImage, makePipelineProject, median, printRatio, timeRun, timeShell } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function parallelTwenty(): Promise<void> {
  const steps = Array.from({ length: 20 }, (_, i) => ({ uuid: `s${i}`, title: `step ${i}`, file: `s${i}.py`, source: 'pass\n' }));
  const { root, pipeline } = await makePipelineProject(steps, 4);
  const core = await benchCore(root);
  const ours: number[] = [];
  const base: number[] = [];
  try {
    await timeRun(core, { pipeline, kind: 'full' }); // warm-up: image cache, first container
    for (let r = 0; r < ROUNDS; r++) {
      ours.push((await timeRun(core, { pipeline, kind: 'full' })).ms);
      base.push(await timeShell(`seq 20 | xargs -P4 -I{} docker run --rm ${benchImage} python3 -c pass`));
    }
  } finally {
    await core.dispose();
    await rm(root, { recursive: true, force: true });
  }
  printRatio('1. 20 trivial steps, parallelism 4 vs `xargs -P4 docker run --rm` (median)', median(ours), median(base), '≤ 1.05×');
}

async function chainOfTen(): Promise<void> {
  const steps = Array.from({ length: 10 }, (_, i) => ({
    uuid: `c${i}`,
    title: `chain ${i}`,
    file: `c${i}.py`,
    source: 'pass\n',
    parents: i ? [`c${i - 1}`] : [],
  }));
  const { root, pipeline } = await makePipelineProject(steps);
  const core = await benchCore(root);
  const ours: number[] = [];
  const base: number[] = [];
  try {
    await timeRun(core, { pipeline, kind: 'full' });
    for (let r = 0; r < ROUNDS; r++) {
      ours.push((await timeRun(core, { pipeline, kind: 'full' })).ms);
      base.push(await timeShell(`for i in $(seq 10); do docker run --rm ${benchImage} python3 -c pass; done`));
    }
  } finally {
    await core.dispose();
    await rm(root, { recursive: true, force: true });
  }
  printRatio('2. chain of 10 trivial steps vs a sequential `docker run --rm` loop (median)', median(ours), median(base), '≤ 1.05×');
}

export async function engineBench(): Promise<void> {
  console.log(`engine benchmarks on ${benchImage}, ${ROUNDS} rounds each`);
  await parallelTwenty();
  await chainOfTen();
}
