/**
 * The pipelines' services (services.start/stop/list), fed by 'services.changed', and the log of
 * one of them (services.readLog, then live 'service.log' chunks placed by offset): one store per
 * app instance.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ServiceInfo, ServiceSession } from '../../../main/src/api/services.js';
import { errorMessage } from '../client/client-error.js';
import type { CoreClient } from '../client/core-client.js';
import type { LogBuffer } from '../logs/log-buffer.js';
import { LogFollower } from '../logs/log-follower.js';

export interface ServiceLogPane {
  pipeline: string;
  name: string;
  session: ServiceSession;
  /** The service start whose output the file holds (a new one starts the file over). */
  id: string;
  phase: 'loading' | 'ready' | 'error';
  error?: string;
  buffer: LogBuffer;
  version: number;
}

export interface ServicesActions {
  refresh(): Promise<void>;
  start(pipeline: string): Promise<void>;
  stop(pipeline: string): Promise<void>;
  openLog(service: ServiceInfo): void;
  closeLog(): void;
  clearError(): void;
  dispose(): void;
}

export interface ServicesState {
  services: ServiceInfo[];
  /** The pipeline whose services are being started or stopped. */
  busy: { pipeline: string; doing: 'starting' | 'stopping' } | null;
  error: string | null;
  log: ServiceLogPane | null;
  actions: ServicesActions;
}

export type ServicesStore = StoreApi<ServicesState>;

/** The services of one pipeline of the open project, in the order the core lists them. */
export const servicesOf = (services: readonly ServiceInfo[], projectRoot: string | undefined, pipeline: string | undefined): ServiceInfo[] =>
  services.filter((x) => x.projectRoot === projectRoot && x.pipeline === pipeline);

export function createServicesStore(client: CoreClient): ServicesStore {
  let follower: LogFollower | null = null;
  const store = createStore<ServicesState>()((set, get) => {
    const bump = () => {
      const log = get().log;
      if (log && follower) set({ log: { ...log, phase: follower.phase, ...(follower.error ? { error: follower.error } : {}), version: log.version + 1 } });
    };
    const act = async (pipeline: string, doing: 'starting' | 'stopping', call: () => Promise<unknown>) => {
      set({ busy: { pipeline, doing }, error: null });
      try {
        await call();
      } catch (err) {
        set({ error: `Could not ${doing === 'starting' ? 'start' : 'stop'} the services: ${errorMessage(err)}` });
      } finally {
        set({ busy: null });
      }
      await get().actions.refresh();
    };
    return {
      services: [],
      busy: null,
      error: null,
      log: null,
      actions: {
        async refresh() {
          try {
            set({ services: await client.call('services.list', {}) });
          } catch (err) {
            set({ error: errorMessage(err) });
          }
        },
        start: (pipeline) => act(pipeline, 'starting', () => client.call('services.start', { pipeline })),
        stop: (pipeline) => act(pipeline, 'stopping', () => client.call('services.stop', { pipeline })),
        openLog(service) {
          follower?.dispose();
          const { pipeline, name, session, id } = service;
          const f = new LogFollower({ read: () => client.call('services.readLog', { pipeline, name, session }), onChange: () => follower === f && bump() });
          follower = f;
          set({ log: { pipeline, name, session, id, phase: 'loading', buffer: f.buffer, version: 0 } });
          f.load();
        },
        closeLog() {
          follower?.dispose();
          follower = null;
          set({ log: null });
        },
        clearError: () => set({ error: null }),
        dispose() {
          offChanged();
          offLog();
          follower?.dispose();
        },
      },
    };
  });
  const offChanged = client.on('services.changed', (services) => store.setState({ services }));
  const offLog = client.on('service.log', (chunk) => {
    const log = store.getState().log;
    if (!log || !follower || log.pipeline !== chunk.pipeline || log.name !== chunk.name || log.session !== chunk.session) return;
    if (log.id !== chunk.id) {
      store.setState({ log: { ...log, id: chunk.id } });
      follower.restart(); // a new start of the service: its log file started over
    }
    follower.push(chunk);
  });
  return store;
}
