import path from 'node:path';
import type { Command } from 'commander';
import type { EngineList } from '../../api/engines.js';
import type { Core } from '../../core/core.js';
import { request } from '../../core/request.js';
import { defaultConfigDir, defaultDataDir } from '../../core/paths.js';
import { defaultCreateCore, type CommandContext } from '../command-context.js';
import { EXIT_FAILED, EXIT_OK } from '../exit-codes.js';

const SOURCE: Record<string, string> = {
  run: 'chosen for the run',
  DOCKER_HOST: 'DOCKER_HOST is set',
  project: "the project's choice",
  config: 'default_engine in the config',
  'docker-context': 'the current Docker context',
  default: 'the default',
};

/** The `engines list` table: name (ref to pass to --engine), address, where files live, and which one is in use. */
export function formatEngineList(list: EngineList): string {
  const header = ['ENGINE', 'ADDRESS', 'FILES', ''];
  const rows = list.engines.map((e) => [
    e.ref,
    e.host || '-',
    e.remote ? 'copied to the engine' : 'this machine',
    [list.active?.ref === e.ref ? '* in use' : '', e.current ? '(docker context use)' : '', e.problem ? `problem: ${e.problem}` : ''].filter(Boolean).join(' '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const active = list.active
    ? `Runs use ${list.active.name} (${list.active.host}): ${SOURCE[list.active.source] ?? list.active.source}.`
    : `No engine can be used: ${list.problem ?? 'unknown'}`;
  return [line(header), ...rows.map(line), '', active].join('\n') + '\n';
}

/** `orchest engines list [PROJECT]`: the engines to run on (local, configured, Docker contexts) and the one in use. */
export function registerEnginesCommand(program: Command, ctx: CommandContext = {}): Command {
  const engines = program.command('engines').description('Docker engines to run on: local, remote hosts (ssh://, tcp://), Docker contexts');
  engines
    .command('list')
    .description('list the engines and show which one runs use (for PROJECT: with its own choice)')
    .argument('[project]', 'project folder (default: none; then the config and environment decide)')
    .option('--json', 'print JSON')
    .action(async (project: string | undefined, opts: { json?: boolean }) => {
      const out = ctx.stdout ?? process.stdout;
      const err = ctx.stderr ?? process.stderr;
      let core: Core | undefined;
      let code = EXIT_OK;
      try {
        core = await (ctx.createCore ?? defaultCreateCore)({
          configDir: ctx.configDir ?? defaultConfigDir(),
          dataDir: ctx.dataDir ?? defaultDataDir(),
          mode: 'web',
          ...(project ? { projectDir: path.resolve(project) } : {}),
          watchProject: false,
        });
        const list = await request(core, 'engines.list', {});
        out.write(opts.json ? `${JSON.stringify(list, null, 2)}\n` : formatEngineList(list));
      } catch (e) {
        err.write(`orchest engines list: ${e instanceof Error ? e.message : String(e)}\n`);
        code = EXIT_FAILED;
      } finally {
        await core?.dispose();
      }
      (ctx.setExitCode ?? ((c: number) => (process.exitCode = c)))(code);
    });
  return engines;
}
