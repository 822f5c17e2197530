import type { Command } from 'commander';
import * as z from 'zod';
import { configSchema, type Config } from '../../api/config.js';
import { defaultConfigDir, defaultDataDir } from '../../core/paths.js';
import { createDockerClient } from '../../docker/client.js';
import { openPackageIndex, type OpenedIndex } from '../../environments/package-index.js';
import { runOfflineBuilder } from '../../setup/offline-builder.js';
import { defaultCreateCore, type CommandContext } from '../command-context.js';
import { CliError, EXIT_FAILED, EXIT_INVALID, EXIT_OK } from '../exit-codes.js';

export interface ImageCommandContext extends Pick<CommandContext, 'createCore' | 'configDir' | 'dataDir'> {
  stderr?: { write(text: string): unknown };
  /** Environment of the build script (default: this process's). */
  env?: NodeJS.ProcessEnv;
  setExitCode?: (code: number) => void;
}

/** Orchest's base images that `--like` imitates (resources/image/build-offline.sh knows how). */
export const LIKE_IMAGES = ['orchest/base-kernel-py', 'orchest/base-kernel-r'] as const;

export interface BuildOfflineOptions {
  packages?: string;
  /** Python packages from config.package_index (pip requirement specifiers). */
  pip?: string;
  like?: string;
}

/** Image names as `docker build -t` takes them; packages as apt names. Checked before anything runs. */
const argsSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/, 'is not a valid image name (lowercase, e.g. orchest/base-kernel-py or my-py:1)'),
  packages: z.array(z.string().regex(/^[a-z0-9][a-z0-9+.:=~-]*$/, 'is not a Debian package name')),
  pip: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._,-]+\])?([<>=!~]=?[A-Za-z0-9.*+!-]+(,[<>=!~]=?[A-Za-z0-9.*+!-]+)*)?$/, 'is not a pip requirement (e.g. pyarrow or polars>=1.0)')),
  like: z.enum(LIKE_IMAGES, { message: `is not an image build-offline can imitate (${LIKE_IMAGES.join(', ')})` }).optional(),
});

const splitList = (list: string | undefined) => (list ?? '').split(/[\s,]+/).filter(Boolean);

/** config.package_index through the core, as every command reads settings. */
async function configOf(ctx: ImageCommandContext): Promise<Config> {
  const core = await (ctx.createCore ?? defaultCreateCore)({ configDir: ctx.configDir ?? defaultConfigDir(), dataDir: ctx.dataDir ?? defaultDataDir(), mode: 'web' });
  try {
    const answer = await core.call('config.get', {});
    if (answer.error) throw new CliError(`Could not read the config: ${answer.error.message}`, EXIT_FAILED);
    return configSchema.parse(answer.result);
  } finally {
    await core.dispose().catch(() => undefined);
  }
}

/**
 * Run the offline builder for NAME PACKAGES... (with --like and --pip): its progress goes to
 * stderr as it comes; on failure the answer carries the last lines of its output. With --pip,
 * config.package_index is served to the build (package-index.ts) for its duration.
 */
export async function buildOffline(name: string, opts: BuildOfflineOptions = {}, ctx: ImageCommandContext = {}): Promise<{ exitCode: number; tail: string }> {
  const err = ctx.stderr ?? process.stderr;
  const packages = splitList(opts.packages);
  const pip = splitList(opts.pip);
  const parsed = argsSchema.safeParse({ name, packages, pip, like: opts.like });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path[0];
    const value = field === 'name' ? name : field === 'like' ? opts.like : (field === 'pip' ? pip : packages)[Number(issue.path[1])];
    throw new CliError(`"${value}" ${issue.message}`, EXIT_INVALID);
  }
  let index: OpenedIndex | undefined;
  const env = { ...(ctx.env ?? process.env) };
  if (pip.length) {
    const config = await configOf(ctx);
    if (config.package_index.length === 0) err.write('orchest image build-offline: no package_index in the config; pip uses its default index (PyPI).\n');
    try {
      index = await openPackageIndex(config.package_index, createDockerClient(config.docker_host));
    } catch (e) {
      throw new CliError(e instanceof Error ? e.message : String(e), EXIT_INVALID);
    }
    if (index.description) err.write(`${index.description}\n`);
    Object.assign(env, index.vars);
  }
  try {
    const { exitCode, tail } = await runOfflineBuilder({ image: name, packages, pip, ...(opts.like ? { like: opts.like } : {}), env, onText: (t) => err.write(t) });
    return { exitCode, tail };
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e), EXIT_FAILED);
  } finally {
    await index?.close();
  }
}

/** `orchest image build-offline NAME [--packages LIST] [--pip LIST] [--like IMAGE]`. */
export function registerImageCommand(program: Command, ctx: ImageCommandContext = {}): Command {
  const setExit = ctx.setExitCode ?? ((c: number) => (process.exitCode = c));
  const image = program.command('image').description('make Docker images without a registry');
  image
    .command('build-offline')
    .description(
      'build a Debian bookworm image with python3, nbclient and ipykernel (debootstrap + docker import + apt), e.g. to stand in for orchest/base-kernel-py',
    )
    .argument('<name>', 'image name, e.g. orchest/base-kernel-py or my-py:1')
    .option('--packages <list>', 'more Debian packages, comma-separated (e.g. python3-pandas,r-cran-irkernel)')
    .option('--pip <list>', 'Python packages from the package index in the config (package_index), e.g. "jupyterlab pyarrow"')
    .option('--like <image>', `shape the image like Orchest's: ${LIKE_IMAGES.join(' or ')} (python at /opt/conda/bin, sudo for the step's user; R, IRkernel, reticulate)`)
    .action(async (name: string, opts: BuildOfflineOptions) => {
      const err = ctx.stderr ?? process.stderr;
      try {
        const { exitCode, tail } = await buildOffline(name, opts, ctx);
        if (exitCode === 0) {
          err.write(`orchest image build-offline: built ${name}. Use it as a base image, or map an image to it with image_aliases in the config.\n`);
          setExit(EXIT_OK);
        } else {
          // The script already said why; repeat the end so it is the last thing on screen.
          err.write(`orchest image build-offline: failed (exit ${exitCode}). Last lines:\n${tail}\n`);
          setExit(exitCode === 2 ? EXIT_INVALID : EXIT_FAILED);
        }
      } catch (e) {
        err.write(`orchest image build-offline: ${e instanceof Error ? e.message : String(e)}\n`);
        setExit(e instanceof CliError ? e.exitCode : EXIT_FAILED);
      }
    });
  return image;
}
