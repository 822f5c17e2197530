/**
 * `orchest export argo PIPELINE` (a Workflow manifest, the images to push, `--push`) and
 * `orchest submit argo PIPELINE --kubeconfig FILE` (create it on a cluster, follow its steps and logs).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parameterGridSchema, type ArgoExportRequest, type ArgoExportResult, type ArgoWorkflowState, type ParameterGrid } from '../../api/argo.js';
import type { ArgoLogEvent } from '../../api/argo.js';
import { CoreError } from '../../core/core-error.js';
import type { Core } from '../../core/core.js';
import { defaultConfigDir, defaultDataDir } from '../../core/paths.js';
import { request } from '../../core/request.js';
import { atomicWrite } from '../../fs/atomic-write.js';
import { checkPipelinePath } from '../../pipeline/check-file.js';
import { defaultCreateCore, type CommandContext } from '../command-context.js';
import { CliError, EXIT_FAILED, EXIT_INVALID, EXIT_OK } from '../exit-codes.js';
import { findProjectRoot } from './run.js';

type Out = { write(text: string): unknown };

interface ExportOptions {
  output?: string;
  registry?: string;
  pvc?: string;
  namespace?: string;
  secret?: string;
  retries?: string;
  grid?: string;
  cron?: string;
  push?: boolean;
}

/** The core of the project a pipeline path belongs to, and the pipeline's path in it. */
async function openPipeline(target: string, ctx: CommandContext): Promise<{ core: Core; pipeline: string }> {
  const checked = await checkPipelinePath(path.resolve(target));
  const root = findProjectRoot(checked.file, checked.layout, checked.dir);
  const core = await (ctx.createCore ?? defaultCreateCore)({
    configDir: ctx.configDir ?? defaultConfigDir(),
    dataDir: ctx.dataDir ?? defaultDataDir(),
    mode: 'web',
    projectDir: root,
    watchProject: false,
  });
  return { core, pipeline: path.relative(root, checked.file).split(path.sep).join('/') };
}

async function readGridFile(file: string): Promise<ParameterGrid> {
  const text = await fs.readFile(path.resolve(file), 'utf8').catch((err: Error) => {
    throw new CliError(`--grid ${file}: cannot read it (${err.message})`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliError(`--grid ${file}: not JSON (${(err as Error).message})`);
  }
  const grid = parameterGridSchema.safeParse(json);
  if (!grid.success) throw new CliError(`--grid ${file}: write it as {"pipeline_parameters": {"name": [values…]}, "<step uuid>": {"name": [values…]}}`);
  return grid.data;
}

async function exportRequest(pipeline: string, o: ExportOptions): Promise<ArgoExportRequest> {
  const retries = o.retries === undefined ? undefined : Number(o.retries);
  if (retries !== undefined && !Number.isInteger(retries)) throw new CliError(`--retries ${o.retries}: give a whole number, e.g. --retries 2`);
  return {
    pipeline,
    ...(o.registry ? { registry: o.registry } : {}),
    ...(o.pvc ? { pvc: o.pvc } : {}),
    ...(o.namespace ? { namespace: o.namespace } : {}),
    ...(o.secret ? { secret: o.secret } : {}),
    ...(retries !== undefined ? { retries } : {}),
    ...(o.grid ? { grid: await readGridFile(o.grid) } : {}),
    ...(o.cron ? { cron: o.cron } : {}),
  };
}

/** What to do with the manifest, for people: images, the Secret, the volume, notes. */
export function describeExport(r: ArgoExportResult): string {
  const lines: string[] = [];
  const toPush = r.images.filter((i) => i.push);
  if (toPush.length) {
    lines.push('Images to push to the registry (orchest export argo … --push does it):');
    for (const i of toPush) lines.push(`  ${i.remote}  ← ${i.local}${i.present === false ? ' (not built here)' : ''}  [${i.steps.join(', ')}]`);
  }
  const asIs = r.images.filter((i) => !i.push);
  if (asIs.length) {
    lines.push('Images the cluster must pull as named:');
    for (const i of asIs) lines.push(`  ${i.remote}  [${i.steps.join(', ')}]`);
  }
  for (const n of r.notes) lines.push(`- ${n}`);
  return `${lines.join('\n')}\n`;
}

function fail(prefix: string, err: Out, e: unknown): number {
  err.write(`${prefix}: ${e instanceof Error ? e.message : String(e)}\n`);
  const invalid = (e instanceof CliError && e.exitCode === EXIT_INVALID) || (e instanceof CoreError && ['INVALID_ARGUMENT', 'NOT_FOUND', 'INVALID_FILE'].includes(e.code));
  return invalid ? EXIT_INVALID : EXIT_FAILED;
}

const setCode = (ctx: CommandContext) => ctx.setExitCode ?? ((c: number) => (process.exitCode = c));

function exportOptions(cmd: Command): Command {
  return cmd
    .option('--registry <registry>', 'registry (and path) the cluster pulls from, e.g. registry.example.org/team: local images are renamed under it')
    .option('--pvc <name>', 'persistent volume claim with projects/<project>/ and data/ (default: orchest-userdir)')
    .option('--namespace <ns>', 'namespace of the workflow')
    .option('--secret <name>', 'Kubernetes Secret holding the secret variables (default: <pipeline>-secrets)')
    .option('--retries <n>', 'retry a failed step up to n times')
    .option('--grid <file>', 'parameter grid (a <pipeline>.parameters.json): one workflow per combination');
}

export function registerArgoCommands(program: Command, ctx: CommandContext = {}): void {
  const exportCmd = program.command('export').description('export a pipeline to run elsewhere');
  exportOptions(
    exportCmd
      .command('argo')
      .description('write the pipeline as an Argo Workflows manifest (YAML) and list the images to push')
      .argument('<pipeline>', 'pipeline folder, .orchest/pipeline.json or *.orchest file')
      .option('-o, --output <file>', 'write the manifest to this file (default: standard output)'),
  )
    .option('--cron <expr>', 'a schedule (5 cron fields, e.g. "0 3 * * *"): a CronWorkflow')
    .option('--push', 'tag the images under --registry and push them through Docker')
    .action(async (target: string, o: ExportOptions) => setCode(ctx)(await exportCommand(target, o, ctx)));

  const submitCmd = program.command('submit').description('run a pipeline on a cluster');
  exportOptions(
    submitCmd
      .command('argo')
      .description('create the pipeline\'s Argo Workflow on a Kubernetes cluster and follow its steps and logs')
      .argument('<pipeline>', 'pipeline folder, .orchest/pipeline.json or *.orchest file')
      .requiredOption('--kubeconfig <file>', 'kubeconfig of the cluster (e.g. ~/.kube/config)')
      .option('--context <name>', 'kubeconfig context (default: its current-context)'),
  ).action(async (target: string, o: ExportOptions & { kubeconfig: string; context?: string }) => setCode(ctx)(await submitCommand(target, o, ctx)));
}

async function exportCommand(target: string, o: ExportOptions, ctx: CommandContext): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  const prefix = 'orchest export argo';
  let core: Core | undefined;
  try {
    if (o.push && !o.registry) throw new CliError('--push needs --registry: the registry to push the images to');
    const opened = await openPipeline(target, ctx);
    core = opened.core;
    const result = await request(core, 'argo.export', await exportRequest(opened.pipeline, o));
    const what = `${result.documents === 1 ? `a ${result.kind}` : `${result.documents} ${result.kind}s (one per run of the grid)`}`;
    if (o.output) {
      await atomicWrite(path.resolve(o.output), result.yaml);
      err.write(`${prefix}: wrote ${what} to ${o.output}\n`);
    } else {
      out.write(result.yaml);
      err.write(`${prefix}: ${what}\n`);
    }
    err.write(describeExport(result));
    if (o.push) {
      const off = core.subscribe((event, payload) => {
        if (event === 'argo.push') err.write(`  ${(payload as { text: string }).text}\n`);
      });
      try {
        const { pushed } = await request(core, 'argo.push', { pipeline: opened.pipeline, registry: o.registry! });
        err.write(pushed.length ? `${prefix}: pushed ${pushed.map((p) => p.remote).join(', ')}\n` : `${prefix}: nothing to push (every image is already a registry's)\n`);
      } finally {
        off();
      }
    }
    return EXIT_OK;
  } catch (e) {
    return fail(prefix, err, e);
  } finally {
    await core?.dispose().catch(() => undefined);
  }
}

/** "[2/4] Running   Train" as `orchest run` prints step states. */
function stepLine(state: ArgoWorkflowState, index: number): string {
  const step = state.steps[index]!;
  const why = step.message && step.phase !== 'Succeeded' ? ` — ${step.message}` : '';
  return `[${index + 1}/${state.steps.length}] ${(step.phase ?? 'Pending').padEnd(9)} ${step.title || step.uuid}${why}`;
}

async function submitCommand(target: string, o: ExportOptions & { kubeconfig: string; context?: string }, ctx: CommandContext): Promise<number> {
  const err = ctx.stderr ?? process.stderr;
  const out = ctx.stdout ?? process.stdout;
  const prefix = 'orchest submit argo';
  let core: Core | undefined;
  const detach: Array<() => void> = [];
  try {
    const opened = await openPipeline(target, ctx);
    const running = opened.core;
    core = running;
    const shown = new Map<string, string>();
    const finals = new Map<string, ArgoWorkflowState>();
    let wake: () => void = () => undefined;
    const titles = new Map<string, string>();
    // Log text comes in chunks: print whole lines, each after its step's title.
    const partial = new Map<string, string>();
    const printLog = (e: ArgoLogEvent, flush = false) => {
      const key = `${e.name}/${e.stepId}`;
      const text = (partial.get(key) ?? '') + e.text;
      const lines = text.split('\n');
      partial.set(key, flush ? '' : lines.pop()!);
      for (const line of flush ? lines.filter(Boolean) : lines) out.write(`${titles.get(e.stepId) ?? e.stepId} | ${line}\n`);
    };
    detach.push(
      running.subscribe((event, payload) => {
        if (event === 'argo.log') printLog(payload as ArgoLogEvent);
        if (event !== 'argo.updated') return;
        const state = payload as ArgoWorkflowState;
        state.steps.forEach((s, i) => {
          titles.set(s.uuid, s.title || s.uuid);
          const key = `${state.name}/${s.uuid}`;
          if (!s.phase || shown.get(key) === s.phase) return;
          shown.set(key, s.phase);
          err.write(`${stepLine(state, i)}\n`);
        });
        if (state.done) {
          for (const [key, rest] of partial) if (key.startsWith(`${state.name}/`) && rest) printLog({ name: state.name, namespace: state.namespace, stepId: key.slice(state.name.length + 1), text: '' }, true);
          finals.set(state.name, state);
          wake();
        }
      }),
    );
    const req = { ...(await exportRequest(opened.pipeline, o)), kubeconfig: path.resolve(o.kubeconfig), ...(o.context ? { context: o.context } : {}) };
    const submitted = await request(running, 'argo.submit', req);
    for (const wf of submitted.workflows) err.write(`${prefix}: created workflow ${wf.name} in namespace ${wf.namespace} on ${submitted.server}\n`);

    let interrupted = false;
    const signals = ctx.signals ?? process;
    const onSigint = () => {
      interrupted = true;
      wake();
    };
    signals.on('SIGINT', onSigint);
    detach.push(() => signals.off('SIGINT', onSigint));
    while (!interrupted && submitted.workflows.some((w) => !finals.has(w.name))) await new Promise<void>((resolve) => (wake = resolve));
    if (interrupted) {
      const names = submitted.workflows.filter((w) => !finals.has(w.name));
      err.write(`${prefix}: stopped following; on the cluster ${names.length === 1 ? 'it goes' : 'they go'} on (stop with: ${names.map((w) => `kubectl delete workflow ${w.name} -n ${w.namespace}`).join('; ')})\n`);
      return EXIT_FAILED;
    }
    let ok = true;
    for (const wf of submitted.workflows) {
      const final = finals.get(wf.name)!;
      ok &&= final.phase === 'Succeeded';
      err.write(`${prefix}: ${wf.name} ${final.phase ?? 'unknown'}${final.message ? `: ${final.message}` : ''}\n`);
    }
    return ok ? EXIT_OK : EXIT_FAILED;
  } catch (e) {
    return fail(prefix, err, e);
  } finally {
    for (const d of detach) d();
    await core?.dispose().catch(() => undefined);
  }
}
