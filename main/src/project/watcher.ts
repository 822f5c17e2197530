import { stat } from 'node:fs/promises';
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
 * After an event on a file, when it is looked at again. chokidar passes on one event per file in
 * 5 ms: a file written in two steps (truncated, then written: most editors and `writeFile`) may get
 * its event reported at the first step only, and whoever reads it then gets it empty or half. A
 * file that differs later from what its event saw is reported changed again.
 */
const RECHECK_MS = [100, 1000] as const;

/** What tells one version of a file from the next without reading it. */
const signature = (abs: string): Promise<string | undefined> =>
  stat(abs).then(
    (s) => `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`,
    () => undefined,
  );

/**
 * Watch a project folder; `onEvent` gets project-relative '/'-paths, in the order things happened.
 * No awaitWriteFinish: it would delay every outside edit by its threshold; a file is looked at
 * again instead (RECHECK_MS). Run artefacts under .orchest are not watched at all.
 */
export function watchProject(root: string, onEvent: (event: WatchEvent, rel: string) => void, onError: (err: Error) => void): ProjectWatcher {
  const rel = (abs: string) => path.relative(root, abs).split(path.sep).join('/');
  const watcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: false,
    ignorePermissionErrors: true,
    ignored: (abs: string) => isIgnoredPath(rel(abs)),
  });
  /** Events in order: one on a file waits for the look at it taken before it is passed on. */
  let queue: Promise<void> = Promise.resolve();
  const deliver = (event: WatchEvent, abs: string, before?: () => Promise<void>) => {
    queue = queue.then(async () => {
      try {
        await before?.();
        onEvent(event, rel(abs));
      } catch (err) {
        onError(err instanceof Error ? err : new Error(String(err)));
      }
    });
  };
  /** Files changed lately: what the last event passed on saw, and the looks to come. */
  const recent = new Map<string, { seen: string | undefined; timers: NodeJS.Timeout[] }>();
  const forget = (abs: string) => {
    for (const t of recent.get(abs)?.timers ?? []) clearTimeout(t);
    recent.delete(abs);
  };
  const track = (abs: string, seen: string | undefined) => {
    forget(abs);
    const entry = { seen, timers: [] as NodeJS.Timeout[] };
    entry.timers = RECHECK_MS.map((ms, i) =>
      setTimeout(() => {
        if (i === RECHECK_MS.length - 1) recent.delete(abs);
        void signature(abs).then((now) => {
          if (now === undefined || now === entry.seen) return;
          entry.seen = now;
          deliver('change', abs);
        });
      }, ms).unref(),
    );
    recent.set(abs, entry);
  };
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  watcher.on('all', (event, abs) => {
    if (!EVENTS.has(event)) return;
    if (event === 'add' || event === 'change') {
      const seen = signature(abs); // taken before anyone reads the file for this event
      deliver(event, abs, async () => track(abs, await seen));
    } else {
      if (event === 'unlink') forget(abs);
      deliver(event as WatchEvent, abs);
    }
  });
  watcher.on('error', (err) => onError(err instanceof Error ? err : new Error(String(err))));
  return {
    ready,
    close: () => {
      for (const abs of [...recent.keys()]) forget(abs);
      return watcher.close();
    },
  };
}
