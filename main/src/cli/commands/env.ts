import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { BuildEvent, EnvironmentInfo } from '../../api/environments.js';
import { CoreError } from '../../core/core-error.js';
import type { Core } from '../../core/core.js';
import { request } from '../../core/request.js';
import { defaultConfigDir, defaultDataDir } from '../../core/paths.js';
import { defaultCreateCore, type CommandContext } from '../command-context.js';
import { CliError, EXIT_FAILED, EXIT_INVALID, EXIT_OK } from '../exit-codes.js';

export type EnvCommandContext = CommandContext;

type Writer = { write(text: string): unknown };

export function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return '-';
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(0)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

function formatTime(ms: number | undefined): string {
  if (ms === undefined) return '-';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The `env list` table, then one line per environment with something to say (warning, failure). */
export function formatEnvironmentTable(envs: EnvironmentInfo[]): string {
  if (envs.length === 0) return 'No environments in this project (.orchest/environments/ is empty or absent).\n';
  const header = ['NAME', 'UUID', 'LANGUAGE', 'BASE IMAGE', 'STATE', 'BUILT AT', 'SIZE'];
  const rows = envs.map((e) => [
    `${e.name}${e.isDefault ? ' (default)' : ''}`,
    e.uuid,
    e.language,
    e.base_image,
    e.build.outdated ? 'OUT OF DATE' : e.build.status === 'SUCCESS' && e.build.message ? 'SUCCESS*' : e.build.status,
    formatTime(e.build.builtAt),
    formatSize(e.build.sizeBytes),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const notes = envs.filter((e) => e.build.message).map((e) => `${e.name}: ${e.build.message!.split('\n')[0]}`);
  return [line(header), ...rows.map(line), ...(notes.length ? ['', ...notes] : [])].join('\n') + '\n';
}

/** An environment by uuid, else by name (exact, then ignoring case). */
export function pickEnvironment(envs: EnvironmentInfo[], wanted: string): EnvironmentInfo {
  const byUuid = envs.find((e) => e.uuid === wanted);
  if (byUuid) return byUuid;
  let hits = envs.filter((e) => e.name === wanted);
  if (!hits.length) hits = envs.filter((e) => e.name.toLowerCase() === wanted.toLowerCase());
  if (hits.length === 1) return hits[0];
  if (hits.length > 1) throw new CliError(`"${wanted}" names ${hits.length} environments; use one of their uuids: ${hits.map((e) => e.uuid).join(', ')}`, EXIT_INVALID);
  const known = envs.map((e) => `"${e.name}" (${e.uuid})`).join(', ');
  throw new CliError(`No environment "${wanted}" in the project; its environments are: ${known || 'none'}`, EXIT_INVALID);
}

function projectDir(target: string): string {
  const dir = path.resolve(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`${dir} is not a folder (give the project folder)`, EXIT_INVALID);
  return dir;
}

/** Shows build log text as it comes, and pull progress in 10% steps (the log has no bytes). */
function progressPrinter(err: Writer): (event: BuildEvent, name: string) => void {
  let lastTenth = -1;
  return (event, name) => {
    if (event.text) err.write(event.text);
    else if (event.status === 'BUILDING' && event.progress !== undefined && event.progress > 0 && event.progress < 1) {
      const tenth = Math.floor(event.progress * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        err.write(`[${name}] ${Math.round(event.progress * 100)}%\n`);
      }
    }
  };
}

async function withCore<T>(target: string, ctx: EnvCommandContext, fn: (core: Core) => Promise<T>): Promise<T> {
  const core = await (ctx.createCore ?? defaultCreateCore)({
    configDir: ctx.configDir ?? defaultConfigDir(),
    dataDir: ctx.dataDir ?? defaultDataDir(),
    mode: 'web',
    projectDir: projectDir(target),
    watchProject: false,
  });
  try {
    return await fn(core);
  } finally {
    await core.dispose().catch(() => undefined);
  }
}

function exitCodeOf(e: unknown): number {
  if (e instanceof CliError) return e.exitCode;
  if (e instanceof CoreError) return e.code === 'INVALID_ARGUMENT' || e.code === 'NOT_FOUND' || e.code === 'INVALID_FILE' ? EXIT_INVALID : EXIT_FAILED;
  return EXIT_FAILED;
}

export async function envListCommand(target: string, raw: { json?: boolean }, ctx: EnvCommandContext = {}): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  try {
    const envs = await withCore(target, ctx, (core) => request(core, 'env.list', {}));
    out.write(raw.json ? `${JSON.stringify(envs, null, 2)}\n` : formatEnvironmentTable(envs));
    return EXIT_OK;
  } catch (e) {
    err.write(`orchest env list: ${e instanceof Error ? e.message : String(e)}\n`);
    return exitCodeOf(e);
  }
}

export async function envBuildCommand(target: string, wanted: string | undefined, ctx: EnvCommandContext = {}): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  const signals = ctx.signals ?? process;
  try {
    return await withCore(target, ctx, async (core) => {
      const all = await request(core, 'env.list', {});
      const chosen = wanted === undefined ? all : [pickEnvironment(all, wanted)];
      if (chosen.length === 0) {
        err.write('orchest env build: no environments in this project; nothing to build\n');
        return EXIT_OK;
      }
      let current: EnvironmentInfo | undefined;
      let streamed = false; // the log went by live, warnings included
      let interrupted = false;
      const print = progressPrinter(err);
      const off = core.subscribe((event, payload) => {
        if (event === 'env.build' && current && (payload as BuildEvent).uuid === current.uuid) {
          streamed = true;
          print(payload as BuildEvent, current.name);
        }
      });
      const onSigint = () => {
        if (interrupted || !current) return;
        interrupted = true;
        err.write('orchest env build: cancelling (Ctrl+C)…\n');
        void core.call('env.cancelBuild', { uuid: current.uuid });
      };
      signals.on('SIGINT', onSigint);
      const failed: string[] = [];
      try {
        for (const env of chosen) {
          if (interrupted) break;
          current = env;
          streamed = false;
          let info: EnvironmentInfo;
          try {
            info = await request(core, 'env.build', { uuid: env.uuid });
          } catch (e) {
            // An unreadable properties.json fails that one environment; anything else stops the command.
            if (!(e instanceof CoreError && e.code === 'INVALID_FILE')) throw e;
            failed.push(env.name);
            err.write(`orchest env build: ${e.message}\n`);
            continue;
          }
          const line = `${info.name} (${info.uuid}): ${info.build.status} ${info.image}${info.build.sizeBytes ? `, ${formatSize(info.build.sizeBytes)}` : ''}`;
          out.write(`${line}\n`);
          if (info.build.status !== 'SUCCESS') {
            failed.push(info.name);
            const tail = (await request(core, 'env.readBuildLog', { uuid: info.uuid })).text.split('\n').filter((l) => l.trim()).slice(-20).join('\n');
            err.write(`orchest env build: "${info.name}" ${info.build.status === 'ABORTED' ? 'was cancelled' : 'failed'}: ${info.build.message ?? ''}\n`);
            if (info.build.status === 'FAILURE' && tail && !(info.build.message ?? '').includes('--- last lines')) err.write(`--- last lines of the build log ---\n${tail}\n`);
          } else if (info.build.message && !streamed) {
            err.write(`orchest env build: "${info.name}": ${info.build.message}\n`);
          }
        }
      } finally {
        off();
        signals.off('SIGINT', onSigint);
      }
      if (failed.length) err.write(`orchest env build: ${failed.length} of ${chosen.length} failed: ${failed.join(', ')}\n`);
      return failed.length || interrupted ? EXIT_FAILED : EXIT_OK;
    });
  } catch (e) {
    err.write(`orchest env build: ${e instanceof Error ? e.message : String(e)}\n`);
    return exitCodeOf(e);
  }
}

/** `orchest env list PROJECT` and `orchest env build PROJECT [ENV]`. */
export function registerEnvCommand(program: Command, ctx: EnvCommandContext = {}): Command {
  const setExit = ctx.setExitCode ?? ((c: number) => (process.exitCode = c));
  const env = program.command('env').description("list and build a project's environments (.orchest/environments/)");
  env
    .command('list')
    .description('show every environment: name, uuid, language, base image, build state, when built, image size')
    .argument('<project>', 'project folder')
    .option('--json', 'print the list as JSON')
    .action(async (target: string, raw: { json?: boolean }) => setExit(await envListCommand(target, raw, ctx)));
  env
    .command('build')
    .description('build the image of one environment (uuid or name), or of all; an unchanged one is not rebuilt')
    .argument('<project>', 'project folder')
    .argument('[env]', 'environment uuid or name (default: all)')
    .action(async (target: string, wanted: string | undefined) => setExit(await envBuildCommand(target, wanted, ctx)));
  return env;
}
