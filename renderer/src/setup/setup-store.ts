/**
 * The first run, per app instance: the Docker engine as the core sees it (engine.status), the
 * build of the default image (live from 'setup.progress', its log followed by byte offset), and
 * the commands.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EngineStatus, SetupState } from '../../../main/src/api/setup.js';
import { isBuildActive } from '../../../main/src/common/statuses.js';
import { errorMessage } from '../client/client-error.js';
import type { CoreClient } from '../client/core-client.js';
import type { LogBuffer } from '../logs/log-buffer.js';
import { LogFollower } from '../logs/log-follower.js';

export interface SetupActions {
  /** Ask the core again (after Docker was started, on focus, after a build). */
  refresh(): Promise<void>;
  build(): Promise<void>;
  cancel(): Promise<void>;
  /** Put away a finished build's banner. */
  dismiss(): void;
  dispose(): void;
}

export interface SetupViewState {
  engine: EngineStatus | null;
  /** The default image's build, as last heard (engine.status or an event). */
  build: SetupState | null;
  /** Why the build could not start (e.g. Docker went away). */
  startError: string | null;
  /** Mutable (appended in place); `logVersion` changes whenever it does. */
  log: LogBuffer;
  logVersion: number;
  actions: SetupActions;
}

export type SetupStore = StoreApi<SetupViewState>;

const isBuilding = (s: SetupState | null): boolean => isBuildActive(s?.status);

export function createSetupStore(client: CoreClient): SetupStore {
  let disposed = false;
  const follower = new LogFollower({
    read: () => client.call('setup.readLog', {}),
    onChange: () => store.setState((s) => ({ logVersion: s.logVersion + 1 })),
    buffer: { maxChars: 2 * 1024 * 1024 },
    flushMs: 50,
  });

  const store = createStore<SetupViewState>()((set, get) => {
    async function refresh() {
      try {
        const engine = await client.call('engine.status', {});
        if (disposed) return;
        const known = get().build;
        // A build this page did not see start (another window, `orchest setup`): read its log.
        if (isBuilding(engine.setup) && !isBuilding(known)) follower.load();
        set({ engine, build: isBuilding(known) ? known : engine.setup });
      } catch {
        // The connection is down: the connection banner says so; keep what we knew.
      }
    }

    async function build() {
      if (isBuilding(get().build)) return;
      follower.restart();
      set({ startError: null });
      try {
        const state = await client.call('setup.buildDefaultImage', {});
        // Events may have moved past the answer already.
        if (!isBuilding(get().build) || isBuilding(state)) set({ build: state });
        if (!isBuilding(state)) await refresh();
      } catch (err) {
        set({ startError: errorMessage(err) });
        await refresh();
      }
    }

    async function cancel() {
      try {
        set({ build: await client.call('setup.cancel', {}) });
      } catch (err) {
        set({ startError: errorMessage(err) });
      }
    }

    return {
      engine: null,
      build: null,
      startError: null,
      log: follower.buffer,
      logVersion: 0,
      actions: {
        refresh,
        build,
        cancel,
        dismiss: () => {
          if (!isBuilding(get().build)) set({ build: null, startError: null });
        },
        dispose: () => {
          disposed = true;
          offProgress();
          follower.dispose();
        },
      },
    };
  });

  const offProgress = client.on('setup.progress', ({ state, text, offset }) => {
    const wasActive = isBuilding(store.getState().build);
    // A build started elsewhere (another window, the CLI): its log starts over.
    if (!wasActive && isBuilding(state) && offset === 0) follower.restart();
    if (text) follower.push({ offset: offset ?? 0, text });
    store.setState({ build: state });
    // Done: the image is there (or not); ask again so the banner and status bar follow.
    if (wasActive && !isBuilding(state)) void store.getState().actions.refresh();
  });

  return store;
}
