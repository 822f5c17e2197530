import type { Command } from 'commander';
import { z } from 'zod';
import { runOfflineBuilder } from '../../setup/offline-builder.js';
import { CliError, EXIT_FAILED, EXIT_INVALID, EXIT_OK } from '../exit-codes.js';

export interface ImageCommandContext {
  stderr?: { write(text: string): unknown };
  /** Environment of the build script (default: this process's). */
  env?: NodeJS.ProcessEnv;
  setExitCode?: (code: number) => void;
}

/** Image names as `docker build -t` takes them; packages as apt names. Checked before anything runs. */
const argsSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/, 'is not a valid image name (lowercase, e.g. orchest/base-kernel-py or my-py:1)'),
  packages: z.array(z.string().regex(/^[a-z0-9][a-z0-9+.:=~-]*$/, 'is not a Debian package name')),
});

/**
 * Run the offline builder for NAME PACKAGES...: its progress goes to stderr as it comes; on
 * failure the answer carries the last lines of its output.
 */
export async function buildOffline(name: string, packagesList: string | undefined, ctx: ImageCommandContext = {}): Promise<{ exitCode: number; tail: string }> {
  const err = ctx.stderr ?? process.stderr;
  const packages = (packagesList ?? '').split(/[\s,]+/).filter(Boolean);
  const parsed = argsSchema.safeParse({ name, packages });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const value = issue.path[0] === 'name' ? name : packages[Number(issue.path[1])];
    throw new CliError(`"${value}" ${issue.message}`, EXIT_INVALID);
  }
  try {
    const { exitCode, tail } = await runOfflineBuilder({ image: name, packages, ...(ctx.env ? { env: ctx.env } : {}), onText: (t) => err.write(t) });
    return { exitCode, tail };
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e), EXIT_FAILED);
  }
}

/** `orchest image build-offline NAME [--packages LIST]`. */
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
    .action(async (name: string, opts: { packages?: string }) => {
      const err = ctx.stderr ?? process.stderr;
      try {
        const { exitCode, tail } = await buildOffline(name, opts.packages, ctx);
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
