import { watch, type FSWatcher } from 'chokidar';

/**
 * Watches the project files environment builds used (build-inputs.ts), so that editing one
 * tells clients at once that its environment is out of date (`env.changed`), not at the next
 * list. The project watcher reports only pipeline contents; these few files are watched here.
 */
export class InputWatcher {
  private watcher: FSWatcher | null = null;
  private watched = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly onChange: () => void,
    private readonly debounceMs = 250,
  ) {}

  /** Watch exactly these absolute paths from now on. */
  watch(paths: Iterable<string>): void {
    const wanted = new Set(paths);
    const added = [...wanted].filter((p) => !this.watched.has(p));
    const removed = [...this.watched].filter((p) => !wanted.has(p));
    if (added.length === 0 && removed.length === 0) return;
    this.watched = wanted;
    if (!this.watcher) {
      if (added.length === 0) return;
      this.watcher = watch(added, { ignoreInitial: true, followSymlinks: false, ignorePermissionErrors: true });
      this.watcher.on('all', () => this.changed());
      this.watcher.on('error', () => {}); // a file that vanished: the next list watches what exists
      return;
    }
    if (removed.length) this.watcher.unwatch(removed);
    if (added.length) this.watcher.add(added);
  }

  private changed(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.onChange();
    }, this.debounceMs);
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.watched.clear();
    const w = this.watcher;
    this.watcher = null;
    await w?.close();
  }
}
