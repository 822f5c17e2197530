import { existsSync, promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import * as z from 'zod';
import { PIPELINE_PARAMETERS_KEY, type Job, type ParameterGrid, type RunRecord } from '../../api/jobs.js';
import type { Pipeline } from '../../api/pipeline.js';
import { CoreError, toApiError } from '../../core/core-error.js';
import type { Core } from '../../core/core.js';
import { request } from '../../core/request.js';
import { defaultConfigDir, defaultDataDir } from '../../core/paths.js';
import { gridSize } from '../../common/parameter-grid.js';
import { parseGridFile } from '../../jobs/grid.js';
import { cancelOnSigint, defaultCreateCore, type CommandContext } from '../command-context.js';
import { CliError, EXIT_FAILED, EXIT_INVALID, EXIT_OK } from '../exit-codes.js';
import { locatePipeline, parseEnvOptions, resolveStepNames } from './run.js';

export type JobCommandContext = CommandContext;
type Writer = { write(text: string): unknown };

const runOptionsSchema = z.object({
  grid: z.string().min(1).optional(),
  param: z.array(z.string()).default([]),
  parallelRuns: z.coerce.number().int().min(1).max(64).default(1),
  retries: z.coerce.number().int().min(0).max(10).default(0),
  parallelism: z.coerce.number().int().min(1).max(256).optional(),
  runner: z.enum(['docker', 'local']).optional(),
  env: z.array(z.string()).default([]),
  json: z.boolean().default(false),
});

const FINISHED: ReadonlySet<Job['status']> = new Set(['SUCCESS', 'FAILURE', 'ABORTED']);
const secondsOf = (r: { startedAt?: number | undefined; endedAt?: number | undefined }) =>
  r.startedAt !== undefined && r.endedAt !== undefined ? `${((r.endedAt - r.startedAt) / 1000).toFixed(1)}s` : '-';

/** A value on the command line: JSON when it parses (1, true, "x", [1,2]), else the text itself. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * `--param NAME=VALUE` (a pipeline parameter) or `--param STEP:NAME=VALUE` (a step's, by uuid or
 * title): one value for every run, over the grid's values for that parameter.
 */
export function applyParamOptions(grid: ParameterGrid, pairs: readonly string[], pipeline: Pipeline): ParameterGrid {
  const out = structuredClone(grid);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`--param ${pair}: write it as NAME=VALUE for a pipeline parameter or STEP:NAME=VALUE for a step's (e.g. --param epochs=3)`, EXIT_INVALID);
    const key = pair.slice(0, eq);
    const colon = key.lastIndexOf(':');
    const owner = colon > 0 ? resolveStepNames(pipeline, [key.slice(0, colon)])[0]! : PIPELINE_PARAMETERS_KEY;
    const name = colon > 0 ? key.slice(colon + 1) : key;
    if (!name) throw new CliError(`--param ${pair}: the parameter has no name`, EXIT_INVALID);
    out[owner] = { ...(out[owner] ?? {}), [name]: [parseValue(pair.slice(eq + 1))] };
  }
  return out;
}

export function jobRunJson(status: string, runs: readonly RunRecord[]) {
  return {
    status,
    runs: runs.map((r) => ({
      uuid: r.uuid,
      status: r.status,
      parameters: r.parameters,
      snapshot_path: r.snapshotPath,
      steps: r.steps.map((s) => ({ uuid: s.uuid, title: s.title, status: s.status, attempts: s.attempts, log_path: s.logPath })),
    })),
  };
}

const paramText = (p: RunRecord['parameters']) =>
  Object.entries(p)
    .flatMap(([owner, values]) => Object.entries(values).map(([k, v]) => `${owner === PIPELINE_PARAMETERS_KEY ? '' : `${owner.slice(0, 8)}:`}${k}=${JSON.stringify(v)}`))
    .join(' ');

function runLine(r: RunRecord, n: number, total: number): string {
  const failed = r.steps.filter((s) => s.status === 'FAILURE');
  const why = r.status === 'SUCCESS' ? '' : ` — ${r.message ?? ''}${failed.length ? `\n      log: ${failed[0]!.logPath}` : ''}`;
  return `[${n}/${total}] ${r.status.padEnd(8)} run ${r.index} ${paramText(r.parameters)} ${secondsOf(r)}${why}`;
}

async function openCore(ctx: JobCommandContext, root: string): Promise<Core> {
  return (ctx.createCore ?? defaultCreateCore)({
    configDir: ctx.configDir ?? defaultConfigDir(),
    dataDir: ctx.dataDir ?? defaultDataDir(),
    mode: 'web',
    projectDir: root,
    watchProject: false,
    scheduleJobs: false,
  });
}

function failWith(name: string, err: Writer, out: Writer, wantsJson: boolean, e: unknown): number {
  const invalid = (e instanceof CliError && e.exitCode === EXIT_INVALID) || (e instanceof CoreError && ['INVALID_ARGUMENT', 'NOT_FOUND', 'INVALID_FILE'].includes(e.code));
  const message = e instanceof Error ? e.message : String(e);
  err.write(`orchest ${name}: ${message}\n`);
  if (wantsJson) {
    const apiError = e instanceof CliError ? { code: 'INVALID_ARGUMENT', message } : toApiError(e);
    out.write(`${JSON.stringify({ status: 'ERROR', error: { code: apiError.code, message: apiError.message }, runs: [] })}\n`);
  }
  return invalid ? EXIT_INVALID : EXIT_FAILED;
}

async function jobRun(target: string, raw: Record<string, unknown>, ctx: JobCommandContext): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  const wantsJson = raw.json === true;
  const fail = (e: unknown) => failWith('job run', err, out, wantsJson, e);
  const parsed = runOptionsSchema.safeParse(raw);
  if (!parsed.success) return fail(new CliError(parsed.error.issues.map((i) => `--${i.path.join('.').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`).join('; ')));
  const opts = parsed.data;
  let core: Core | undefined;
  const detach: Array<() => void> = [];
  try {
    const { root, pipelineRel } = await locatePipeline(target);
    let grid: ParameterGrid | undefined;
    if (opts.grid) {
      const file = path.resolve(opts.grid);
      const text = await fs.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
        throw new CliError(`--grid ${opts.grid}: cannot read ${file} (${e.code ?? e.message})`);
      });
      grid = parseGridFile(text, file);
    }
    core = await openCore(ctx, root);
    const doc = await request(core, 'pipeline.read', { path: pipelineRel });
    if (!doc.pipeline) throw new CoreError('INVALID_FILE', `${pipelineRel} cannot run: ${doc.problems.filter((p) => p.severity === 'error').map((p) => p.message).join('; ')}`);
    // Without --grid: <pipeline>.parameters.json when there is one, else the pipeline as it is.
    const preview = await request(core, 'jobs.previewGrid', { pipeline: pipelineRel, ...(grid ? { parameters: grid } : {}) });
    const parameters = applyParamOptions(preview.grid, opts.param, doc.pipeline);
    for (const w of preview.warnings) err.write(`orchest job run: note: ${w}\n`);

    let finished: ((job: Job) => void) | undefined;
    const done = new Promise<Job>((resolve) => (finished = resolve));
    let jobUuid: string | undefined;
    let total = 0;
    const printed = new Set<string>();
    const early: Job[] = [];
    detach.push(
      core.subscribe((event, payload) => {
        if (event === 'runs.recorded') {
          const r = payload as RunRecord;
          if (r.jobUuid !== jobUuid || !FINISHED.has(r.status as Job['status']) || printed.has(r.uuid)) return;
          printed.add(r.uuid);
          err.write(`${runLine(r, printed.size, total)}\n`);
        }
        if (event !== 'jobs.changed') return;
        const job = (payload as { job: Job | null }).job;
        if (!job || !FINISHED.has(job.status) || job.counts.pending + job.counts.running > 0) return;
        if (jobUuid === undefined) early.push(job);
        else if (job.uuid === jobUuid) finished?.(job);
      }),
    );
    const job = await request(core, 'jobs.create', {
      definition: {
        name: `${doc.pipeline.name} (orchest job run)`,
        pipeline: pipelineRel,
        parameters,
        parallelRuns: opts.parallelRuns,
        retries: opts.retries,
        env: parseEnvOptions(opts.env),
        ...(opts.parallelism ? { parallelism: opts.parallelism } : {}),
        ...(opts.runner ? { runner: opts.runner } : {}),
      },
    });
    jobUuid = job.uuid;
    total = gridSize(parameters);
    err.write(`orchest job run: ${total} run${total === 1 ? '' : 's'} of ${pipelineRel} (snapshot ${job.snapshotPath}), ${opts.parallelRuns} at a time\n`);
    const again = early.find((j) => j.uuid === job.uuid);
    if (again) finished?.(again);

    const running = core;
    const sigint = cancelOnSigint(ctx, () => err.write('orchest job run: cancelling (Ctrl+C)…\n'), () => void running.call('jobs.cancel', { jobUuid: job.uuid }));
    detach.push(sigint.detach);

    const final = await done;
    const { runs } = await request(core, 'jobs.get', { jobUuid: job.uuid });
    const ordered = [...runs].sort((a, b) => a.index - b.index);
    const c = final.counts;
    err.write(`orchest job run: ${final.status}: ${c.succeeded} of ${c.total} succeeded${c.failed ? `, ${c.failed} failed` : ''}${c.aborted ? `, ${c.aborted} cancelled` : ''}${final.message ? ` — ${final.message}` : ''}\n`);
    if (opts.json) out.write(`${JSON.stringify(jobRunJson(final.status, ordered))}\n`);
    return final.status === 'SUCCESS' && !sigint.interrupted() ? EXIT_OK : EXIT_FAILED;
  } catch (e) {
    return fail(e);
  } finally {
    for (const d of detach) d();
    await core?.dispose().catch(() => undefined);
  }
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

const when = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) : '-');

export function formatJobTable(jobs: readonly Job[]): string {
  if (!jobs.length) return 'No jobs in this project yet (create one with "orchest job run PIPELINE" or New job in the editor).\n';
  return table(
    ['UUID', 'NAME', 'PIPELINE', 'STATUS', 'RUNS', 'NEXT RUN'],
    jobs.map((j) => [j.uuid, j.definition.name, j.definition.pipeline, j.status, `${j.counts.succeeded}/${j.counts.total} ok${j.counts.failed ? `, ${j.counts.failed} failed` : ''}`, when(j.nextRunAt)]),
  );
}

export function formatRunTable(runs: readonly RunRecord[]): string {
  if (!runs.length) return 'No runs of this pipeline yet.\n';
  return table(
    ['UUID', 'KIND', 'JOB', 'STATUS', 'STARTED', 'DURATION', 'PARAMETERS'],
    runs.map((r) => [r.uuid, r.kind, r.jobName ?? '-', r.status, when(r.startedAt), secondsOf(r), paramText(r.parameters) || '-']),
  );
}

async function listCommand(what: 'job list' | 'runs list', target: string, raw: Record<string, unknown>, ctx: JobCommandContext): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  let core: Core | undefined;
  try {
    let root: string;
    let pipelineRel: string | undefined;
    if (what === 'job list') {
      root = path.resolve(target);
      if (!existsSync(root) || !statSync(root).isDirectory()) throw new CliError(`${root} is not a folder (give the project folder)`);
    } else ({ root, pipelineRel } = await locatePipeline(target));
    core = await openCore(ctx, root);
    if (what === 'job list') {
      const jobs = await request(core, 'jobs.list', {});
      out.write(raw.json ? `${JSON.stringify(jobs)}\n` : formatJobTable(jobs));
    } else {
      const runs = await request(core, 'runs.history', { pipeline: pipelineRel!, limit: 10_000 });
      out.write(raw.json ? `${JSON.stringify(runs)}\n` : formatRunTable(runs));
    }
    return EXIT_OK;
  } catch (e) {
    return failWith(what, err, out, false, e);
  } finally {
    await core?.dispose().catch(() => undefined);
  }
}

const repeatable = (v: string, all: string[]) => [...all, v];

/** `orchest job run PIPELINE` (a job to completion) and `orchest job list PROJECT`. */
export function registerJobCommand(program: Command, ctx: JobCommandContext = {}): Command {
  const setExit = ctx.setExitCode ?? ((c: number) => (process.exitCode = c));
  const job = program.command('job').description('jobs: a pipeline over a parameter grid, each run on its own snapshot of the project');
  job
    .command('run')
    .description('run a job to completion: every combination of the parameter grid, each on its own copy of the project')
    .argument('<pipeline>', 'pipeline folder, .orchest/pipeline.json or *.orchest file')
    .option('--grid <file>', "the parameter grid (Orchest's <pipeline>.parameters.json format; default: that file beside the pipeline, when there is one)")
    .option('--param <NAME=VALUE>', 'one value for every run: NAME=VALUE (pipeline parameter) or STEP:NAME=VALUE; VALUE is JSON or text (repeatable)', repeatable, [])
    .option('--parallel-runs <n>', 'runs going at once (default 1)')
    .option('--retries <n>', 'times a failed step is tried again (default 0)')
    .option('--parallelism <n>', 'steps running at once within a run')
    .option('--runner <runner>', 'docker (default) or local')
    .option('--env <NAME=VALUE>', "set an environment variable in every step, over the pipeline's and project's (repeatable)", repeatable, [])
    .option('--json', 'print one JSON object with the result on stdout')
    .action(async (target: string, raw: Record<string, unknown>) => setExit(await jobRun(target, raw, ctx)));
  job
    .command('list')
    .description("the project's jobs: status, runs, next firing")
    .argument('<project>', 'project folder')
    .option('--json', 'print the jobs as JSON')
    .action(async (target: string, raw: Record<string, unknown>) => setExit(await listCommand('job list', target, raw, ctx)));
  return job;
}

/** `orchest runs list PIPELINE`: every recorded run, job runs and interactive ones. */
export function registerRunsCommand(program: Command, ctx: JobCommandContext = {}): Command {
  const setExit = ctx.setExitCode ?? ((c: number) => (process.exitCode = c));
  const runs = program.command('runs').description('the run history');
  runs
    .command('list')
    .description("a pipeline's runs, newest first: job runs and interactive ones")
    .argument('<pipeline>', 'pipeline folder, .orchest/pipeline.json or *.orchest file')
    .option('--json', 'print the runs as JSON')
    .action(async (target: string, raw: Record<string, unknown>) => setExit(await listCommand('runs list', target, raw, ctx)));
  return runs;
}
