import type { EventEmitter } from 'node:events';
import type { Core, CoreOptions } from '../core/core.js';

/** What a command needs from its surroundings; tests replace any of it. */
export interface CommandContext {
  /** Makes the core for the project (default: createCore with the user's config and data dirs). */
  createCore?: (opts: CoreOptions) => Promise<Core>;
  configDir?: string;
  dataDir?: string;
  stdout?: { write(text: string): unknown };
  stderr?: { write(text: string): unknown };
  /** Where SIGINT comes from (default: the process). */
  signals?: Pick<EventEmitter, 'on' | 'off'>;
  setExitCode?: (code: number) => void;
}

export async function defaultCreateCore(opts: CoreOptions): Promise<Core> {
  // Loaded on use: `orchest --help` need not load every service.
  const { createCore } = await import('../core/core.js');
  return createCore(opts);
}

/** The first Ctrl+C says so and cancels the work; `interrupted()` tells whether it came, `detach` stops listening. */
export function cancelOnSigint(ctx: CommandContext, say: () => void, cancel: () => void): { interrupted: () => boolean; detach: () => void } {
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) return;
    interrupted = true;
    say();
    cancel();
  };
  const signals = ctx.signals ?? process;
  signals.on('SIGINT', onSigint);
  return { interrupted: () => interrupted, detach: () => signals.off('SIGINT', onSigint) };
}
