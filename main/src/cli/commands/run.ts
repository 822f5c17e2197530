import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import * as z from 'zod';
import type { Pipeline } from '../../api/pipeline.js';
import { variableNameProblem } from '../../common/env-var-names.js';
import type { RunRequest, RunState, StepRunState } from '../../api/runs.js';
import type { ServiceInfo } from '../../api/services.js';
import { CoreError, toApiError } from '../../core/core-error.js';
import type { Core } from '../../core/core.js';
import { request } from '../../core/request.js';
import { defaultConfigDir, defaultDataDir } from '../../core/paths.js';
import { checkPipelinePath, type CheckedPipelineFile } from '../../pipeline/check-file.js';
import { LOCAL_RUNNER_NOTICE } from '../../runs/local-executor.js';
import { cancelOnSigint, defaultCreateCore, type CommandContext } from '../command-context.js';
import { CliError, EXIT_FAILED, EXIT_INVALID, EXIT_OK } from '../exit-codes.js';
import { isRunFinished } from '../../common/statuses.js';

export type RunCommandContext = CommandContext;

const optionsSchema = z
  .object({
    steps: z.string().optional(),
    incoming: z.string().optional(),
    inclusive: z.boolean().default(false),
    parallelism: z.coerce.number().int().min(1).max(256).optional(),
    image: z.string().min(1).optional(),
    runner: z.enum(['docker', 'local']).optional(),
    engine: z.string().trim().min(1).optional(),
    json: z.boolean().default(false),
    env: z.array(z.string()).default([]),
    services: z.boolean().default(true),
  })
  .refine((o) => !(o.steps && o.incoming), { message: '--steps and --incoming cannot be used together' })
  .refine((o) => !o.inclusive || o.incoming, { message: '--inclusive goes with --incoming' });
type RunOptions = z.output<typeof optionsSchema>;

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/**
 * The project a pipeline belongs to. A *.orchest file: the nearest folder (its own or above)
 * holding a .orchest/ folder that is not a per-folder pipeline's, else the file's folder. A
 * pipeline folder: the nearest folder above it with .orchest/environments, else the folder itself.
 */
export function findProjectRoot(definitionFile: string, layout: 'folder' | 'project', pipelineDir: string): string {
  if (layout === 'project') {
    for (let d = path.dirname(definitionFile); ; d = path.dirname(d)) {
      if (isDir(path.join(d, '.orchest')) && !existsSync(path.join(d, '.orchest', 'pipeline.json'))) return d;
      if (path.dirname(d) === d) return path.dirname(definitionFile);
    }
  }
  for (let d = path.dirname(pipelineDir); d !== path.dirname(d); d = path.dirname(d)) {
    if (isDir(path.join(d, '.orchest', 'environments'))) return d;
  }
  return pipelineDir;
}

/** A PIPELINE argument: its definition file, its project and its path inside the project. */
export async function locatePipeline(target: string): Promise<{ checked: CheckedPipelineFile; root: string; pipelineRel: string }> {
  const checked = await checkPipelinePath(path.resolve(target));
  return { checked, root: findProjectRoot(checked.file, checked.layout, checked.dir), pipelineRel: pipelineInProject(checked) };
}

/** The pipeline's definition, relative to its project (findProjectRoot). */
export function pipelineInProject(checked: CheckedPipelineFile): string {
  const root = findProjectRoot(checked.file, checked.layout, checked.dir);
  return path.relative(root, checked.file).split(path.sep).join('/');
}

/** A core for a one-shot command on the pipeline's project (no watcher). */
export function coreForPipeline(checked: CheckedPipelineFile, ctx: CommandContext): Promise<Core> {
  return (ctx.createCore ?? defaultCreateCore)({
    configDir: ctx.configDir ?? defaultConfigDir(),
    dataDir: ctx.dataDir ?? defaultDataDir(),
    mode: 'web',
    projectDir: findProjectRoot(checked.file, checked.layout, checked.dir),
    watchProject: false,
  });
}

/** Step names on the command line: uuids or titles (exact, then ignoring case). */
export function resolveStepNames(pipeline: Pipeline, names: string[]): string[] {
  const steps = Object.values(pipeline.steps);
  return names.map((name) => {
    if (pipeline.steps[name]) return name;
    let hits = steps.filter((s) => s.title === name);
    if (!hits.length) hits = steps.filter((s) => s.title.toLowerCase() === name.toLowerCase());
    if (hits.length === 1) return hits[0]!.uuid;
    if (hits.length > 1) {
      throw new CliError(`"${name}" names ${hits.length} steps; use one of their uuids: ${hits.map((s) => s.uuid).join(', ')}`, EXIT_INVALID);
    }
    const known = steps.map((s) => `"${s.title}" (${s.uuid})`).join(', ');
    throw new CliError(`No step "${name}" in the pipeline; its steps are: ${known || 'none'}`, EXIT_INVALID);
  });
}

/** `--env NAME=VALUE` options -> name -> value (a later one wins); the name rule is the contract's. */
export function parseEnvOptions(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`--env ${pair}: write it as NAME=VALUE (e.g. --env API_URL=https://example.org)`, EXIT_INVALID);
    const name = pair.slice(0, eq);
    const problem = variableNameProblem(name);
    if (problem) throw new CliError(`--env ${pair}: ${problem}`, EXIT_INVALID);
    env[name] = pair.slice(eq + 1);
  }
  return env;
}

const splitList = (s: string | undefined) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
const seconds = (s: StepRunState) => (s.startedAt !== undefined && s.endedAt !== undefined ? ` ${((s.endedAt - s.startedAt) / 1000).toFixed(1)}s` : '');

function progressLine(step: StepRunState, index: number, total: number): string {
  const head = `[${index + 1}/${total}] ${step.status.padEnd(8)} ${step.title || step.uuid}`;
  if (step.status === 'STARTED') return head;
  if (step.status === 'SUCCESS') return `${head}${seconds(step)}`;
  const code = step.exitCode !== undefined && step.exitCode !== null ? ` (exit code ${step.exitCode})` : '';
  const why = step.message && !step.message.startsWith('Exited with code') ? ` — ${step.message}` : '';
  const log = step.startedAt !== undefined ? `\n      log: ${step.logPath}` : '';
  return `${head}${seconds(step)}${code}${why}${log}`;
}

/** A run's services, once each is up: where to reach it. */
function announceServices(list: ServiceInfo[], pipeline: string, announced: Set<string>, err: { write(text: string): unknown }): void {
  for (const s of list) {
    if (s.pipeline !== pipeline || s.session !== 'noninteractive' || s.status === 'starting' || announced.has(s.id)) continue;
    announced.add(s.id);
    const where = s.urls.map((u) => u.url).join(' ');
    err.write(`orchest run: service "${s.name}" ${s.status === 'exited' ? `exited (its log: ${s.logPath})` : where ? `at ${where}` : 'running'}\n`);
  }
}

function jsonResult(state: RunState) {
  return {
    status: state.status,
    steps: state.steps.map((s) => ({ uuid: s.uuid, title: s.title, status: s.status, exit_code: s.exitCode ?? null, log_path: s.logPath })),
  };
}

/** `orchest run PIPELINE`: run a pipeline (or part of it) and wait for it; exit 0 / 1 / 2. */
export function registerRunCommand(program: Command, ctx: RunCommandContext = {}): Command {
  return program
    .command('run')
    .description('run a pipeline (a pipeline folder, a pipeline.json or a *.orchest file), or some of its steps')
    .argument('<pipeline>', 'pipeline folder, .orchest/pipeline.json or *.orchest file')
    .option('--steps <steps>', 'run exactly these steps (uuids or titles, comma-separated), in dependency order')
    .option('--incoming <steps>', 'run the steps leading to these (uuids or titles, comma-separated)')
    .option('--inclusive', 'with --incoming: run the named steps too')
    .option('--parallelism <n>', 'steps running at once (default: the pipeline setting, else the config)')
    .option('--image <image>', 'run every step in this Docker image')
    .option('--runner <runner>', 'docker (default) or local: steps as processes on this machine, without isolation')
    .option('--engine <engine>', 'the Docker engine: local, a configured name, context:NAME, ssh://user@host or tcp://host:port (orchest engines list)')
    .option('--env <NAME=VALUE>', 'set an environment variable in every step, over the pipeline\'s and project\'s (repeatable)', (v: string, all: string[]) => [...all, v], [])
    .option('--no-services', "do not start the pipeline's services of the noninteractive scope for the run")
    .option('--json', 'print one JSON object with the result on stdout')
    .action(async (target: string, raw: Record<string, unknown>) => {
      const code = await runCommand(target, raw, ctx);
      (ctx.setExitCode ?? ((c: number) => (process.exitCode = c)))(code);
    });
}

async function runCommand(target: string, raw: Record<string, unknown>, ctx: RunCommandContext): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  const wantsJson = raw.json === true;
  const fail = (e: unknown): number => {
    const invalid =
      (e instanceof CliError && e.exitCode === EXIT_INVALID) ||
      (e instanceof CoreError && (e.code === 'INVALID_ARGUMENT' || e.code === 'NOT_FOUND' || e.code === 'INVALID_FILE'));
    const message = e instanceof Error ? e.message : String(e);
    err.write(`orchest run: ${message}\n`);
    if (wantsJson) {
      const apiError = e instanceof CliError ? { code: 'INVALID_ARGUMENT', message } : toApiError(e);
      out.write(`${JSON.stringify({ status: 'ERROR', error: { code: apiError.code, message: apiError.message }, steps: [] })}\n`);
    }
    return invalid ? EXIT_INVALID : EXIT_FAILED;
  };

  const parsedOpts = optionsSchema.safeParse(raw);
  if (!parsedOpts.success) return fail(new CliError(parsedOpts.error.issues.map((i) => `${i.path.length ? `--${i.path.join('.')}: ` : ''}${i.message}`).join('; ')));
  const opts: RunOptions = parsedOpts.data;

  let core: Core | undefined;
  const detach: Array<() => void> = [];
  try {
    const { checked, pipelineRel } = await locatePipeline(target);
    core = await coreForPipeline(checked, ctx);
    const doc = await request(core, 'pipeline.read', { path: pipelineRel });
    if (!doc.pipeline) {
      const why = doc.problems.filter((p) => p.severity === 'error').map((p) => p.message).join('; ');
      throw new CoreError('INVALID_FILE', `${checked.file} cannot run: ${why}`);
    }
    const runRequest: RunRequest = {
      pipeline: pipelineRel,
      kind: opts.steps ? 'selection' : opts.incoming ? 'incoming' : 'full',
      steps: resolveStepNames(doc.pipeline, splitList(opts.steps ?? opts.incoming)),
      inclusive: opts.inclusive,
      ...(opts.parallelism ? { parallelism: opts.parallelism } : {}),
      ...(opts.image ? { image: opts.image } : {}),
      ...(opts.runner ? { runner: opts.runner } : {}),
      ...(opts.engine ? { engine: opts.engine } : {}),
      env: parseEnvOptions(opts.env),
      withServices: opts.services,
    };
    if (runRequest.kind !== 'full' && !runRequest.steps?.length) throw new CliError(`--${opts.steps !== undefined ? 'steps' : 'incoming'} names no step`);

    // Follow this pipeline's run through the events; the final state may come before start() returns.
    const relToCwd = path.relative(process.cwd(), checked.file);
    const shownPath = relToCwd && !relToCwd.startsWith('..') ? relToCwd : checked.file;
    const headed = new Set<string>();
    const announced = new Set<string>();
    const seen = new Map<string, string>();
    const finals = new Map<string, RunState>();
    let waiting: { id: string; resolve: (s: RunState) => void } | undefined;
    let total = 0;
    detach.push(
      core.subscribe((event, payload) => {
        if (event === 'services.changed') return announceServices(payload as ServiceInfo[], pipelineRel, announced, err);
        if (event !== 'run.updated') return;
        const state = payload as RunState;
        if (state.pipeline !== pipelineRel) return;
        if (!headed.has(state.id)) {
          headed.add(state.id);
          if (state.runner === 'local') err.write(`orchest run: ${LOCAL_RUNNER_NOTICE}\n`);
          const n = state.steps.length;
          const where = state.engine ? ` on ${state.engine.name}${state.engine.remote ? ` (${state.engine.host}, the project copied there)` : ''}` : '';
          err.write(`orchest run: ${n} step${n === 1 ? '' : 's'} of ${shownPath} (${state.kind}, ${state.runner} runner${where})\n`);
        }
        total = state.steps.length;
        state.steps.forEach((s, i) => {
          const key = `${state.id}/${s.uuid}`;
          if (seen.get(key) === s.status || s.status === 'PENDING') return;
          seen.set(key, s.status);
          err.write(`${progressLine(s, i, total)}\n`);
        });
        if (isRunFinished(state.status)) {
          finals.set(state.id, state);
          if (waiting?.id === state.id) waiting.resolve(state);
        }
      }),
    );

    const started = await request(core, 'runs.start', runRequest);
    const running = core;
    const sigint = cancelOnSigint(ctx, () => err.write('orchest run: cancelling (Ctrl+C)…\n'), () => void running.call('runs.cancel', { runId: started.id }));
    detach.push(sigint.detach);

    const final = finals.get(started.id) ?? (await new Promise<RunState>((resolve) => (waiting = { id: started.id, resolve })));
    const took = final.endedAt !== undefined ? ` in ${((final.endedAt - final.startedAt) / 1000).toFixed(1)}s` : '';
    const note = final.message && final.message !== LOCAL_RUNNER_NOTICE ? `: ${final.message.replace(`${LOCAL_RUNNER_NOTICE} — `, '')}` : '';
    err.write(`orchest run: ${final.status}${took}${note}\n`);
    if (opts.json) out.write(`${JSON.stringify(jsonResult(final))}\n`);
    return final.status === 'SUCCESS' && !sigint.interrupted() ? EXIT_OK : EXIT_FAILED;
  } catch (e) {
    return fail(e);
  } finally {
    for (const d of detach) d();
    await core?.dispose().catch(() => undefined);
  }
}
