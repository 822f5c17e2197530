import type { Command } from 'commander';
import type { EngineStatus, SetupEvent, SetupState } from '../../api/setup.js';
import { isBuildFinished } from '../../common/statuses.js';
import type { Core } from '../../core/core.js';
import { defaultConfigDir, defaultDataDir } from '../../core/paths.js';
import { request } from '../../core/request.js';
import { defaultCreateCore, type CommandContext } from '../command-context.js';
import { CliError, EXIT_FAILED, EXIT_OK } from '../exit-codes.js';

function engineLine(s: EngineStatus): string {
  const platform = s.os && s.arch ? ` (${s.os}/${s.arch})` : '';
  return `Docker ${s.version ?? ''}${platform} at ${s.host}`;
}

/** `orchest setup`: Docker reachable and the default image there (built when missing); exit 0 / 1. */
export function registerSetupCommand(program: Command, ctx: CommandContext = {}): Command {
  return program
    .command('setup')
    .description('check Docker and build the default image for steps (config default_image) when it is missing; exit 0 once it is ready')
    .action(async () => {
      const code = await setupCommand(ctx);
      (ctx.setExitCode ?? ((c: number) => (process.exitCode = c)))(code);
    });
}

async function setupCommand(ctx: CommandContext): Promise<number> {
  const err = ctx.stderr ?? process.stderr;
  const say = (text: string) => err.write(`orchest setup: ${text}\n`);
  let core: Core | undefined;
  const detach: Array<() => void> = [];
  try {
    core = await (ctx.createCore ?? defaultCreateCore)({
      configDir: ctx.configDir ?? defaultConfigDir(),
      dataDir: ctx.dataDir ?? defaultDataDir(),
      mode: 'web',
    });
    const status = await request(core, 'engine.status', {});
    if (!status.reachable) {
      say(`${status.problem?.message ?? 'Docker is not reachable.'}`);
      if (status.problem) say(status.problem.hint);
      say('Meanwhile pipelines can run without Docker, as processes on this machine (no isolation): orchest run PIPELINE --runner local');
      return EXIT_FAILED;
    }
    say(engineLine(status));
    const image = status.defaultImage.name;
    if (status.defaultImage.present) {
      say(`the default image ${image} is ready.`);
      return EXIT_OK;
    }
    say(`the default image ${image} is missing: building it.`);

    let waiting: ((s: SetupState) => void) | undefined;
    let final: SetupState | undefined;
    detach.push(
      core.subscribe((event, payload) => {
        if (event !== 'setup.progress') return;
        const { state, text } = payload as SetupEvent;
        if (text) err.write(text);
        if (isBuildFinished(state.status)) {
          final = state;
          waiting?.(state);
        }
      }),
    );
    const c = core;
    let interrupted = false;
    const onSigint = () => {
      if (interrupted) return;
      interrupted = true;
      say('cancelling (Ctrl+C)…');
      void c.call('setup.cancel', {});
    };
    const signals = ctx.signals ?? process;
    signals.on('SIGINT', onSigint);
    detach.push(() => signals.off('SIGINT', onSigint));

    const started = await request(core, 'setup.buildDefaultImage', {});
    const end = isBuildFinished(started.status) ? started : (final ?? (await new Promise<SetupState>((resolve) => (waiting = resolve))));
    if (end.status === 'SUCCESS') {
      const took = end.startedAt !== undefined && end.endedAt !== undefined ? ` in ${((end.endedAt - end.startedAt) / 1000).toFixed(0)} s` : '';
      say(`built ${image}${took}: steps without an environment run in it.`);
      return EXIT_OK;
    }
    if (end.status === 'ABORTED') say('cancelled; nothing was tagged.');
    else {
      say(`could not build ${image}: ${end.message ?? 'see the output above.'}`);
      if (end.command) say(`run: ${end.command}`);
    }
    return EXIT_FAILED;
  } catch (e) {
    say(e instanceof Error ? e.message : String(e));
    return e instanceof CliError ? e.exitCode : EXIT_FAILED;
  } finally {
    for (const d of detach) d();
    await core?.dispose().catch(() => undefined);
  }
}
