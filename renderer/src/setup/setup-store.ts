/**
 * The first run, per app instance: the Docker engine as the core sees it (engine.status), the
 * build of the default image (live from 'setup.progress', with its log), and the commands.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EngineStatus, SetupState } from '../../../main/src/api/setup.js';
import { errorMessage } from '../client/client-error.js';
import type { CoreClient } from '../client/core-client.js';
import { LogBuffer } from '../logs/log-buffer.js';

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

const ACTIVE = new Set(['PENDING', 'BUILDING']);
export const isBuildActive = (s: SetupState | null): boolean => s !== null && ACTIVE.has(s.status);

export function createSetupStore(client: CoreClient): SetupStore {
  const log = new LogBuffer({ maxChars: 2 * 1024 * 1024 });
  let disposed = false;
  let logRead: Promise<void> | null = null;

  const store = createStore<SetupViewState>()((set, get) => {
    const appendLog = (text: string) => {
      log.append(text);
      set({ logVersion: get().logVersion + 1 });
    };

    async function refresh() {
      try {
        const engine = await client.call('engine.status', {});
        if (disposed) return;
        const known = get().build;
        // A build this page did not see start (another window, `orchest setup`): fetch its log once.
        if (isBuildActive(engine.setup) && !isBuildActive(known) && !logRead) {
          logRead = client
            .call('setup.readLog', {})
            .then(({ text }) => {
              log.clear();
              appendLog(text);
            })
            .catch(() => undefined)
            .finally(() => (logRead = null));
        }
        set({ engine, build: isBuildActive(known) ? known : engine.setup });
      } catch {
        // The connection is down: the connection banner says so; keep what we knew.
      }
    }

    async function build() {
      if (isBuildActive(get().build)) return;
      log.clear();
      set({ startError: null, logVersion: get().logVersion + 1 });
      try {
        const state = await client.call('setup.buildDefaultImage', {});
        // Events may have moved past the answer already.
        if (!isBuildActive(get().build) || isBuildActive(state)) set({ build: state });
        if (!isBuildActive(state)) await refresh();
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
      log,
      logVersion: 0,
      actions: {
        refresh,
        build,
        cancel,
        dismiss: () => {
          if (!isBuildActive(get().build)) set({ build: null, startError: null });
        },
        dispose: () => {
          disposed = true;
          offProgress();
        },
      },
    };
  });

  const offProgress = client.on('setup.progress', ({ state, text }) => {
    if (text) {
      log.append(text);
      store.setState((s) => ({ logVersion: s.logVersion + 1 }));
    }
    const wasActive = isBuildActive(store.getState().build);
    store.setState({ build: state });
    // Done: the image is there (or not); ask again so the banner and status bar follow.
    if (wasActive && !isBuildActive(state)) void store.getState().actions.refresh();
  });

  return store;
}
