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
