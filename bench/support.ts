import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RunState } from '../main/src/api/runs.js';
import { createCore, type Core } from '../main/src/core/core.js';
import { isRunFinished } from '../main/src/common/statuses.js';
import { projectUuid } from '../main/src/project/project-id.js';

export const execFileP = promisify(execFile);
export const benchImage = process.env.ORCHEST_TEST_IMAGE ?? 'orchest-test-py:latest';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

export interface StepDef {
  uuid: string;
  title: string;
  file: string;
  source: string;
  parents?: string[];
  /** Default: benchImage. */
  image?: string;
}

/** A temp project holding one folder-layout pipeline with the given steps. */
export async function makePipelineProject(steps: StepDef[], parallelism = 0): Promise<{ root: string; pipeline: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'orchest-bench-'));
  await mkdir(path.join(root, 'p', '.orchest'), { recursive: true });
  const def = {
    name: 'bench',
    uuid: 'bench-' + path.basename(root),
    version: '1.0.0',
    settings: { max_steps_parallelism: parallelism },
    parameters: {},
    steps: Object.fromEntries(
      steps.map((s, i) => [
        s.uuid,
        {
          uuid: s.uuid,
          title: s.title,
          file_path: s.file,
          incoming_connections: s.parents ?? [],
          image: s.image ?? benchImage,
          kernel: { name: 'python' },
          parameters: {},
          meta_data: { hidden: false, position: [i * 200, 0] },
        },
      ]),
    ),
  };
  await writeFile(path.join(root, 'p', '.orchest', 'pipeline.json'), JSON.stringify(def, null, 4));
  for (const s of steps) await writeFile(path.join(root, 'p', s.file), s.source);
  return { root, pipeline: 'p/.orchest/pipeline.json' };
}

/** A core with its own temp config/data dirs, opened on `root`; disposing it removes them. */
export async function benchCore(root: string): Promise<Core> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'orchest-bench-home-'));
  const core = await createCore({ configDir: path.join(home, 'config'), dataDir: path.join(home, 'data'), mode: 'test', projectDir: root });
  return {
    ...core,
    async dispose() {
      await core.dispose();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Start a run through the contract and wait for it to end; returns wall time (ms) and the final state. */
export async function timeRun(core: Core, args: Record<string, unknown>): Promise<{ ms: number; state: RunState }> {
  const t0 = performance.now();
  let runId = '';
  let resolveDone!: (s: RunState) => void;
  const done = new Promise<RunState>((r) => (resolveDone = r));
  const off = core.subscribe((event, payload) => {
    const s = payload as RunState;
    if (event === 'run.updated' && s.id === runId && isRunFinished(s.status)) resolveDone(s);
  });
  const started = await core.call('runs.start', args);
  if (started.error) throw new Error(`${started.error.code}: ${started.error.message}`);
  const first = started.result as RunState;
  runId = first.id;
  const polled = await core.call('runs.get', { runId });
  const now = polled.result as RunState | undefined;
  if (now && isRunFinished(now.status)) resolveDone(now);
  const state = await done;
  off();
  const ms = performance.now() - t0;
  if (state.status !== 'SUCCESS') throw new Error(`bench run ended ${state.status}: ${state.message ?? ''} ${JSON.stringify(state.steps.filter((s) => s.status !== 'SUCCESS'))}`);
  return { ms, state };
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The real `orchest` command: the bundle `npm run build` makes (bench/run-all.ts builds it first). */
export const orchestBin = path.join(repoRoot, 'bin', 'orchest.js');

/** A temp HOME for `orchest` (config and data dirs), and the env that points the CLI at it. */
export async function cliHome(): Promise<{ home: string; env: NodeJS.ProcessEnv; dataDir: string; dispose(): Promise<void> }> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'orchest-bench-home-'));
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share') };
  return { home, env, dataDir: path.join(home, '.local', 'share', 'orchest'), dispose: () => rm(home, { recursive: true, force: true }) };
}

/** Wall time (ms) of one process, from spawn to exit; throws on a non-zero exit. */
export async function timeProcess(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.join(' ')} exited ${code}: ${err}`))));
  });
  return performance.now() - t0;
}

/** Wall time (ms) of one `orchest ARGS` process. */
export function timeCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return timeProcess(process.execPath, [orchestBin, ...args], env);
}

/** Wall time of a shell command (ms). */
export async function timeShell(command: string): Promise<number> {
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`"${command}" exited ${code}`))));
  });
  return performance.now() - t0;
}

export function fmt(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

export function printRatio(label: string, ours: number, baseline: number, target: string): void {
  console.log(`${label}: ours ${fmt(ours)} vs baseline ${fmt(baseline)} → ratio ${(ours / baseline).toFixed(3)}× (target ${target})`);
}

export interface Paired {
  ours: number[];
  base: number[];
}

/**
 * `rounds` paired measurements after one unmeasured warm-up of each. The two sides take turns going
 * first, so a load that drifts (the machine is shared) or a cache one side warms for the other does
 * not always favour the same side.
 */
export async function pairedRounds(rounds: number, ours: () => Promise<number>, base: () => Promise<number>): Promise<Paired> {
  await ours();
  await base();
  const out: Paired = { ours: [], base: [] };
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      out.ours.push(await ours());
      out.base.push(await base());
    } else {
      out.base.push(await base());
      out.ours.push(await ours());
    }
  }
  return out;
}

/**
 * The headline is the median of the per-round ratios: each compares two runs made seconds apart, so
 * it holds up on a shared machine whose load drifts (the ratio of the medians is printed too).
 */
export function printPaired(label: string, m: Paired, target: string): void {
  const ratios = m.ours.map((o, i) => o / m.base[i]!);
  console.log(
    `${label}: ours ${fmt(median(m.ours))} vs baseline ${fmt(median(m.base))} → ratio ${median(ratios).toFixed(3)}× (target ${target}; ` +
      `median of ${ratios.length} paired rounds: ${ratios.map((r) => r.toFixed(2)).join(' ')}; ratio of medians ${(median(m.ours) / median(m.base)).toFixed(3)}×)`,
  );
}

/** Step containers of the project at `root` still there (a benchmark must not leave any behind). */
export async function leftoverStepContainers(root: string): Promise<string[]> {
  const filters = ['label=app=orchest-desktop', `label=project=${projectUuid(root)}`].flatMap((f) => ['--filter', f]);
  const { stdout } = await execFileP('docker', ['ps', '-aq', ...filters]);
  return stdout.split('\n').filter(Boolean);
}
