/**
 * Run-engine overhead, measured through the real command (`orchest run`, a process from spawn to
 * exit: module loading, core start, containers, history, exit), vs `docker run --rm` of each step
 * with the same image, mounts, working dir and command: paired rounds after a warm-up, the two
 * sides taking turns going first; medians.
 *   npm run bench -- engine     (needs dockerd and the test image; see README; BENCH_ROUNDS, default 7)
 */
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { findStepResources } from '../main/src/runs/resources.js';
import { benchImage, cliHome, leftoverStepContainers, makePipelineProject, pairedRounds, printPaired, timeCli, timeShell, type StepDef } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

/** `docker run --rm` of step file FILE as `orchest run` runs it (docker/containers.ts, runs/docker-executor.ts); `options` go before the image. */
function dockerRunOf(root: string, dataDir: string, file: string, options = ''): string {
  const { sdkDir, runnerDir } = findStepResources();
  const mounts = [`${root}:/project-dir:rw`, `${path.join(dataDir, 'data')}:/data:rw`, `${sdkDir}:/orchest/sdk:ro`, `${runnerDir}:/orchest/runner:ro`];
  return `docker run --rm ${mounts.map((m) => `-v ${m}`).join(' ')} -w /project-dir/p -e PYTHONPATH=/orchest/sdk ${options ? `${options} ` : ''}${benchImage} python3 -u ${file}`;
}

async function compare(label: string, steps: StepDef[], parallelism: number, baseline: (dockerRun: (file: string) => string) => string, goal = '≤ 1.00×', options = ''): Promise<void> {
  const { root, pipeline } = await makePipelineProject(steps, parallelism);
  const home = await cliHome();
  const target = path.join(root, pipeline);
  try {
    const command = baseline((file) => dockerRunOf(root, home.dataDir, file, options));
    console.log(`  ours: orchest run ${target}\n  baseline: ${command}`);
    const m = await pairedRounds(ROUNDS, () => timeCli(['run', target], home.env), () => timeShell(command));
    printPaired(label, m, goal);
  } finally {
    await home.dispose();
    await rm(root, { recursive: true, force: true });
  }
  const left = await leftoverStepContainers(root);
  if (left.length) throw new Error(`${left.length} step containers left behind: ${left.join(' ')}`);
}

export async function engineBench(): Promise<void> {
  console.log(`engine benchmarks through the CLI on ${benchImage}, ${ROUNDS} rounds each (after a warm-up)`);
  // Trivial steps: what is measured is the engine (plan, logs, history, containers), not the work.
  await compare(
    '1. `orchest run`: 20 trivial steps, parallelism 4 vs `xargs -P4 docker run --rm` (median)',
    Array.from({ length: 20 }, (_, i) => ({ uuid: `s${i}`, title: `step ${i}`, file: `s${i}.py`, source: 'pass\n' })),
    4,
    (run) => `seq 0 19 | xargs -P4 -I{} ${run('s{}.py')}`,
  );
  await compare(
    '2. `orchest run`: chain of 10 trivial steps vs a sequential `docker run --rm` loop (median)',
    Array.from({ length: 10 }, (_, i) => ({ uuid: `c${i}`, title: `chain ${i}`, file: `c${i}.py`, source: 'pass\n', parents: i ? [`c${i - 1}`] : [] })),
    0,
    (run) => `for i in $(seq 0 9); do ${run('c$i.py')}; done`,
  );
  // Where the time goes: most of what is saved above is the network each `docker run` sets up, which
  // a run's steps share (docker/run-network.ts). Against a baseline that shares one as ours does (a
  // holder started and removed in the measured command), what is left is the command's own cost.
  const holder = `h=$(docker run -d -i --rm --entrypoint /bin/sh ${benchImage} -c 'read -r _')`;
  await compare(
    '3. the same 20 steps vs `xargs -P4 docker run --rm --network container:…`, one network for all as ours (median)',
    Array.from({ length: 20 }, (_, i) => ({ uuid: `n${i}`, title: `step ${i}`, file: `n${i}.py`, source: 'pass\n' })),
    4,
    (run) => `${holder} && seq 0 19 | xargs -P4 -I{} ${run('n{}.py')}; docker rm -f "$h" >/dev/null`,
    'none: where the time goes',
    '--network "container:$h"',
  );
}
