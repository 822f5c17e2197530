/**
 * Jobs:
 *  1. a grid of N runs (BENCH_JOB_RUNS, default 100) of a 3-step pipeline of trivial steps, as one
 *     job (snapshot, one copy per run, records), vs N runs of the same pipeline through the run
 *     engine one after the other (what N `orchest run`s do, without N process starts) — both one
 *     run at a time, the steps at the same parallelism, on one core each;
 *  2. the snapshot of a 1 GB project (BENCH_SNAPSHOT_MB, default 1024): seconds and bytes written
 *     (ours, and the kernel's write_bytes of this process), for the job's snapshot and a run's copy,
 *     in BENCH_SNAPSHOT_DIR (default the temporary folder: point it at a btrfs/XFS mount to see reflinks).
 *   BENCH_JOB_RUNS=0 measures only the snapshot.
 *   npm run bench -- jobs     (needs dockerd and the test image)
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Job } from '../main/src/api/jobs.js';
import { request } from '../main/src/core/request.js';
import { cloneTree, snapshotProject } from '../main/src/jobs/snapshot.js';
import { benchCore, benchImage, fmt, leftoverStepContainers, makePipelineProject, printRatio, timeRun } from './support.js';

const RUNS = Number(process.env.BENCH_JOB_RUNS ?? 100);
const SNAPSHOT_MB = Number(process.env.BENCH_SNAPSHOT_MB ?? 1024);
const SNAPSHOT_DIR = process.env.BENCH_SNAPSHOT_DIR ?? os.tmpdir();

async function gridVsRuns(): Promise<void> {
  const steps = ['a', 'b', 'c'].map((id, i) => ({ uuid: id, title: id, file: `${id}.py`, source: 'pass\n', parents: i ? [['a', 'b', 'c'][i - 1]!] : [] }));
  const { root, pipeline } = await makePipelineProject(steps, 1);
  const core = await benchCore(root);
  try {
    console.log(`  ${RUNS} runs of a 3-step chain of trivial steps on ${benchImage}, one run at a time`);
    // Baseline: the run engine, N times in a row.
    const t0 = performance.now();
    for (let i = 0; i < RUNS; i++) await timeRun(core, { pipeline });
    const baseline = performance.now() - t0;

    const t1 = performance.now();
    const job = await request(core, 'jobs.create', { definition: { name: 'bench', pipeline, parameters: { a: { i: Array.from({ length: RUNS }, (_, i) => i) } }, parallelRuns: 1 } });
    const final = await new Promise<Job>((resolve, reject) => {
      const off = core.subscribe((event, payload) => {
        const p = payload as { job: Job | null };
        if (event !== 'jobs.changed' || p.job?.uuid !== job.uuid || !['SUCCESS', 'FAILURE', 'ABORTED'].includes(p.job.status) || p.job.counts.pending + p.job.counts.running) return;
        off();
        if (p.job.status === 'SUCCESS') resolve(p.job);
        else reject(new Error(`the bench job ended ${p.job.status}: ${p.job.message ?? JSON.stringify(p.job.counts)}`));
      });
    });
    const ours = performance.now() - t1;
    if (final.counts.succeeded !== RUNS) throw new Error(`${final.counts.succeeded} of ${RUNS} runs succeeded`);
    printRatio(`1. job of ${RUNS} grid runs vs ${RUNS} runs in a row`, ours, baseline, '≤ 1.05×');
    console.log(`   per run: ours ${fmt(ours / RUNS)}, baseline ${fmt(baseline / RUNS)}`);
  } finally {
    await core.dispose();
    const left = await leftoverStepContainers(root);
    await fs.rm(root, { recursive: true, force: true });
    if (left.length) throw new Error(`${left.length} step containers left behind`);
  }
}

async function writeBytes(): Promise<number> {
  const io = await fs.readFile('/proc/self/io', 'utf8').catch(() => '');
  return Number(/^write_bytes: (\d+)/m.exec(io)?.[1] ?? NaN);
}

async function snapshotCost(): Promise<void> {
  const base = await fs.mkdtemp(path.join(SNAPSHOT_DIR, 'orchest-bench-snap-'));
  try {
    const project = path.join(base, 'project');
    const files = Math.max(1, Math.round(SNAPSHOT_MB / 8));
    await fs.mkdir(path.join(project, 'data'), { recursive: true });
    const chunk = randomBytes(8 * 1024 * 1024);
    for (let i = 0; i < files; i++) await fs.writeFile(path.join(project, 'data', `part-${i}.bin`), chunk);
    await fs.writeFile(path.join(project, 'train.py'), 'print(1)\n');
    console.log(`  a project of ${files} files × 8 MB (${files * 8} MB) in ${base} (${await fsType(base)})`);
    for (const [label, run] of [
      ["job snapshot (the project, .gitignore'd files left out)", () => snapshotProject(project, path.join(base, 'snapshot'))],
      ["a run's copy of the snapshot", () => cloneTree(path.join(base, 'snapshot'), path.join(base, 'run'))],
    ] as const) {
      const w0 = await writeBytes();
      const t0 = performance.now();
      const stats = await run();
      const ms = performance.now() - t0;
      const written = (await writeBytes()) - w0;
      console.log(
        `2. ${label}: ${fmt(ms)}, ${stats.files} files, ${(stats.bytes / 2 ** 20).toFixed(0)} MB of files, ${(stats.bytesCopied / 2 ** 20).toFixed(0)} MB copied (${stats.mode}); kernel write_bytes ${Number.isNaN(written) ? 'n/a' : `${(written / 2 ** 20).toFixed(0)} MB`} (target: no data copied where the filesystem can share it)`,
      );
    }
  } finally {
    await fs.rm(base, { recursive: true, force: true });
  }
}

async function fsType(dir: string): Promise<string> {
  const { execFileP } = await import('./support.js');
  const { stdout } = await execFileP('df', ['-T', dir]).catch(() => ({ stdout: '' }));
  return stdout.split('\n')[1]?.split(/\s+/)[1] ?? 'unknown filesystem';
}

export async function jobsBench(): Promise<void> {
  if (RUNS > 0) await gridVsRuns();
  await snapshotCost();
}
