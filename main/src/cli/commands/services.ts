import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { Command } from 'commander';
import type { ServiceInfo, ServiceLogChunk } from '../../api/services.js';
import { CoreError } from '../../core/core-error.js';
import type { Core } from '../../core/core.js';
import { request } from '../../core/request.js';
import { checkPipelinePath } from '../../pipeline/check-file.js';
import { checkServices } from '../../pipeline/services.js';
import type { CommandContext } from '../command-context.js';
import { CliError, EXIT_FAILED, EXIT_INVALID, EXIT_OK } from '../exit-codes.js';
import { coreForPipeline, pipelineInProject } from './run.js';

interface ServicesOptions {
  only?: string;
  list?: boolean;
}

type Out = { write(text: string): unknown };

/** `--list`: the pipeline's services as its file defines them, one line each. */
function listServices(raw: unknown, out: Out): number {
  const { services, problems } = checkServices(raw);
  for (const s of services) out.write(`${s.name}\t${s.image}\tports: ${s.ports.join(',') || '-'}\tscope: ${s.scope.join(',')}\n`);
  for (const p of problems) out.write(`${p.severity}: ${p.message}\n`);
  return problems.some((p) => p.severity === 'error') ? EXIT_INVALID : EXIT_OK;
}

/** Each whole line of a service's output, prefixed with its name (as docker compose does). */
function logPrinter(err: Out): (chunk: ServiceLogChunk) => void {
  const partial = new Map<string, string>();
  return (chunk) => {
    const text = (partial.get(chunk.id) ?? '') + chunk.text;
    const lines = text.split('\n');
    partial.set(chunk.id, lines.pop()!);
    for (const line of lines) err.write(`${chunk.name} | ${line}\n`);
  };
}

/**
 * `orchest services PIPELINE [--only A,B]`: start the pipeline's interactive services (as "Start
 * services" in the app), print one line per published port, "NAME URL", follow their output on
 * stderr, and run until Ctrl+C (or until every service has exited), then remove their containers.
 */
export async function servicesCommand(target: string, opts: ServicesOptions, ctx: CommandContext = {}): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  const signals = ctx.signals ?? process;
  let core: Core | undefined;
  const stopNow = new EventEmitter();
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    stopNow.emit('stop');
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
  let pipelineRel = '';
  try {
    const checked = await checkPipelinePath(path.resolve(target));
    if (opts.list) return listServices(checked.pipeline, out);
    pipelineRel = pipelineInProject(checked);
    core = await coreForPipeline(checked, ctx);
    const names = (opts.only ?? '').split(',').map((n) => n.trim()).filter(Boolean);
    const printLog = logPrinter(err);
    const exited = new Set<string>();
    let ours = new Set<string>();
    core.subscribe((event, payload) => {
      if (event === 'service.log' && (payload as ServiceLogChunk).pipeline === pipelineRel) printLog(payload as ServiceLogChunk);
      if (event !== 'services.changed') return;
      for (const s of payload as ServiceInfo[]) {
        if (s.status !== 'exited' || exited.has(s.id) || !ours.has(s.id)) continue;
        exited.add(s.id);
        err.write(`orchest services: ${s.message ?? `"${s.name}" exited`}\n`);
        if ([...ours].every((id) => exited.has(id))) stopNow.emit('stop');
      }
    });
    err.write('orchest services: starting (a first start of an environment may build its image)…\n');
    const started = await request(core, 'services.start', { pipeline: pipelineRel, ...(names.length ? { names } : {}) });
    ours = new Set(started.map((s) => s.id));
    for (const s of started) {
      // One line per port: scripts read them.
      for (const u of s.urls) out.write(`${s.name} ${u.url}\n`);
      if (!s.urls.length) err.write(`orchest services: "${s.name}" ${s.status === 'exited' ? 'exited' : 'runs'} (no ports)\n`);
      if (s.status === 'exited' && !exited.has(s.id)) {
        exited.add(s.id);
        err.write(`orchest services: ${s.message ?? `"${s.name}" exited`}\n`);
      }
    }
    if (!interrupted && !started.every((s) => exited.has(s.id))) {
      err.write('orchest services: Ctrl+C stops them.\n');
      await new Promise<void>((resolve) => stopNow.once('stop', resolve));
    }
    await request(core, 'services.stop', { pipeline: pipelineRel });
    return interrupted ? EXIT_OK : EXIT_FAILED; // not interrupted: they all exited by themselves
  } catch (e) {
    err.write(`orchest services: ${e instanceof Error ? e.message : String(e)}\n`);
    if (e instanceof CliError) return e.exitCode;
    return e instanceof CoreError && (e.code === 'INVALID_ARGUMENT' || e.code === 'NOT_FOUND' || e.code === 'INVALID_FILE') ? EXIT_INVALID : EXIT_FAILED;
  } finally {
    signals.off('SIGINT', onSignal);
    signals.off('SIGTERM', onSignal);
    await core?.dispose().catch(() => undefined);
  }
}

export function registerServicesCommand(program: Command, ctx: CommandContext = {}): Command {
  return program
    .command('services')
    .description("run the pipeline's services (scope interactive) beside it; prints \"NAME URL\" for each port, Ctrl+C stops them")
    .argument('<pipeline>', 'pipeline folder, .orchest/pipeline.json or *.orchest file')
    .option('--only <names>', 'only these services (comma-separated), whatever their scope')
    .option('--list', "print the pipeline's services (name, image, ports, scope) and exit")
    .action(async (pipeline: string, opts: ServicesOptions) => {
      const code = await servicesCommand(pipeline, opts, ctx);
      (ctx.setExitCode ?? ((c: number) => (process.exitCode = c)))(code);
    });
}
