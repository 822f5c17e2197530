import path from 'node:path';
import { watch } from 'chokidar';
import { isIgnoredPath } from './scan.js';

export type WatchEvent = 'add' | 'addDir' | 'change' | 'unlink' | 'unlinkDir';

export interface ProjectWatcher {
  /** Resolves once the initial scan is done and changes are being reported. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const EVENTS: ReadonlySet<string> = new Set<WatchEvent>(['add', 'addDir', 'change', 'unlink', 'unlinkDir']);

/**
 * Watch a project folder; `onEvent` gets project-relative '/'-paths. No awaitWriteFinish: it
 * would delay every outside edit by its threshold, and a half-written file is re-read on the
 * next change event anyway. Run artefacts under .orchest are not watched at all.
 */
export function watchProject(root: string, onEvent: (event: WatchEvent, rel: string) => void, onError: (err: Error) => void): ProjectWatcher {
  const rel = (abs: string) => path.relative(root, abs).split(path.sep).join('/');
  const watcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: false,
    ignorePermissionErrors: true,
    ignored: (abs: string) => isIgnoredPath(rel(abs)),
  });
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  watcher.on('all', (event, abs) => {
    if (EVENTS.has(event)) onEvent(event as WatchEvent, rel(abs));
  });
  watcher.on('error', (err) => onError(err instanceof Error ? err : new Error(String(err))));
  return { ready, close: () => watcher.close() };
}
