import { EventEmitter } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CoreError } from '../../core/core-error.js';
import type { Core } from '../../core/core.js';
import { defaultConfigDir, defaultDataDir } from '../../core/paths.js';
import { request } from '../../core/request.js';
import { defaultCreateCore, type CommandContext } from '../command-context.js';
import { CliError, EXIT_FAILED, EXIT_INVALID, EXIT_OK } from '../exit-codes.js';
import { pickEnvironment } from './env.js';

/**
 * `orchest jupyter PROJECT [--env NAME|UUID]`: a Jupyter server in the environment's image (the
 * project's default environment, else default_image), the project at /project-dir. Prints one line,
 * the URL with its token, and runs until Ctrl+C, then removes its container.
 */
export async function jupyterCommand(target: string, opts: { env?: string }, ctx: CommandContext = {}): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  const signals = ctx.signals ?? process;
  const projectDir = path.resolve(target);
  if (!existsSync(projectDir) || !statSync(projectDir).isDirectory()) {
    err.write(`orchest jupyter: ${projectDir} is not a folder (give the project folder)\n`);
    return EXIT_INVALID;
  }
  let core: Core | undefined;
  // Ctrl+C while the server starts: stop as soon as it has (dispose removes what is starting).
  const interrupted = new EventEmitter();
  let stopRequested = false;
  const onSignal = () => {
    stopRequested = true;
    interrupted.emit('stop');
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
  try {
    core = await (ctx.createCore ?? defaultCreateCore)({
      configDir: ctx.configDir ?? defaultConfigDir(),
      dataDir: ctx.dataDir ?? defaultDataDir(),
      mode: 'web',
      projectDir,
      watchProject: false,
    });
    const environment = opts.env ? pickEnvironment(await request(core, 'env.list', {}), opts.env).uuid : undefined;
    err.write('orchest jupyter: starting a Jupyter server (a first start of an environment may build its image)…\n');
    const opened = await request(core, 'jupyter.open', environment ? { environment } : {});
    if (!stopRequested) {
      // One line holding the URL: scripts read it.
      out.write(`${opened.url}\n`);
      err.write(`orchest jupyter: ${opened.server.flavor === 'lab' ? 'JupyterLab' : 'Jupyter Notebook'} in ${opened.server.image}; Ctrl+C stops it.\n`);
      await new Promise<void>((resolve) => interrupted.once('stop', resolve));
    }
    await request(core, 'jupyter.stop', { id: opened.server.id });
    return EXIT_OK;
  } catch (e) {
    err.write(`orchest jupyter: ${e instanceof Error ? e.message : String(e)}\n`);
    if (e instanceof CliError) return e.exitCode;
    return e instanceof CoreError && (e.code === 'INVALID_ARGUMENT' || e.code === 'NOT_FOUND') ? EXIT_INVALID : EXIT_FAILED;
  } finally {
    signals.off('SIGINT', onSignal);
    signals.off('SIGTERM', onSignal);
    await core?.dispose().catch(() => undefined);
  }
}

export function registerJupyterCommand(program: Command, ctx: CommandContext = {}): Command {
  return program
    .command('jupyter')
    .description("run JupyterLab (else Jupyter Notebook) in an environment's image with the project at /project-dir; prints its URL, Ctrl+C stops it")
    .argument('<project>', 'project folder')
    .option('--env <env>', "environment name or uuid (default: the project's default environment, else default_image)")
    .action(async (project: string, opts: { env?: string }) => {
      const code = await jupyterCommand(project, opts, ctx);
      (ctx.setExitCode ?? ((c: number) => (process.exitCode = c)))(code);
    });
}
