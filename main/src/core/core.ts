import type { Args, MethodName, Result } from '../api/contract.js';
import { argoHandlers } from '../argo/argo-handlers.js';
import { createArgoService } from '../argo/argo-service.js';
import type { Envelope } from '../api/errors.js';
import { configHandlers } from '../config/config-handlers.js';
import { createConfigService } from '../config/config-service.js';
import { fileHandlers } from '../files/file-handlers.js';
import type { OpenPath } from '../files/editor-launch.js';
import { createFileService } from '../files/file-service.js';
import { notebookHandlers } from '../notebooks/notebook-handlers.js';
import { createNotebookService } from '../notebooks/notebook-service.js';
import { engineHandlers } from '../engines/engine-handlers.js';
import { createEngineService } from '../engines/engine-service.js';
import { environmentHandlers } from '../environments/environment-handlers.js';
import { createEnvironmentService } from '../environments/environment-service.js';
import { outputHandlers } from '../outputs/output-handlers.js';
import { createOutputService } from '../outputs/output-service.js';
import { projectHandlers } from '../project/project-handlers.js';
import { createProjectService } from '../project/project-service.js';
import { jobHandlers } from '../jobs/job-handlers.js';
import { createJobService } from '../jobs/job-service.js';
import type { Clock } from '../jobs/timing.js';
import { runHandlers } from '../runs/run-handlers.js';
import { createRunService } from '../runs/run-service.js';
import { jupyterHandlers } from '../sessions/jupyter-handlers.js';
import { createJupyterService } from '../sessions/jupyter-service.js';
import { serviceHandlers } from '../sessions/service-handlers.js';
import { createServiceSessions } from '../sessions/service-sessions.js';
import type { SecretCipher } from '../variables/secret-cipher.js';
import { variableHandlers } from '../variables/variable-handlers.js';
import { createVariableService } from '../variables/variable-service.js';
import { setupHandlers } from '../setup/setup-handlers.js';
import { createSetupService } from '../setup/setup-service.js';
import { appHandlers } from './app-handlers.js';
import { dispatch } from './dispatch.js';
import { EventBus, type BusListener } from './event-bus.js';
import type { Handlers } from './handlers.js';

export interface CoreOptions {
  /** Folder of config.json (e.g. ~/.config/orchest). */
  configDir: string;
  /** Folder for app data: the shared /data mount, run history (e.g. ~/.local/share/orchest). */
  dataDir: string;
  mode: 'electron' | 'web' | 'test';
  /** Open this project right away. */
  projectDir?: string;
  /** Watch the open project for outside changes (default true; a one-shot CLI command needs none). */
  watchProject?: boolean;
  /** Native folder picker, given by the Electron shell; absent in web mode. */
  pickFolder?: () => Promise<string | null>;
  /** Opens a file with the system's default application (Electron: shell.openPath); absent: xdg-open / open. */
  openPath?: OpenPath;
  /**
   * Fire job schedules and take over jobs a closed app left (default: as watchProject). A one-shot
   * command runs only the jobs it creates.
   */
  scheduleJobs?: boolean;
  /** Time for job schedules (tests move it by hand). */
  clock?: Clock;
  /** Encrypts secret variables at rest (the Electron shell: the OS keychain); absent, they stay in a 0600 file. */
  secretCipher?: SecretCipher;
  /** How often a workflow submitted to a cluster is read (default 2 s; tests go faster). */
  argoPollMs?: number;
}

/**
 * The core as every caller sees it: the contract's methods and events, nothing else. The
 * renderer (over IPC or WebSocket), the CLI and the Electron shell all go through `call`.
 */
export interface Core {
  /** Validate and run one contract method; never throws. */
  call<M extends MethodName>(method: M, args: Args<M>): Promise<Envelope<Result<M>>>;
  /** What a transport received: any name, any arguments (answered UNKNOWN_METHOD / INVALID_ARGUMENT). */
  call(method: string, args: unknown): Promise<Envelope<unknown>>;
  subscribe(listener: BusListener): () => void;
  dispose(): Promise<void>;
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  const bus = new EventBus();
  const config = await createConfigService({ configDir: opts.configDir });
  const project = createProjectService({ config, bus, watch: opts.watchProject ?? true });
  const files = createFileService({ config, project, bus, ...(opts.openPath ? { openPath: opts.openPath } : {}) });
  const environments = createEnvironmentService({ config, project, bus, dataDir: opts.dataDir });
  const variables = createVariableService({ configDir: opts.configDir, project, cipher: opts.secretCipher });
  const services = createServiceSessions({ config, project, environments, variables, bus, dataDir: opts.dataDir });
  const engines = createEngineService({ config, projectRoot: () => project.root() });
  const argo = createArgoService({ config, project, environments, variables, bus, ...(opts.argoPollMs ? { pollMs: opts.argoPollMs } : {}) });
  const runs = createRunService({ config, project, environments, variables, services, bus, dataDir: opts.dataDir, engines, cluster: argo });
  const setup = createSetupService({ config, bus });
  const jupyter = createJupyterService({ config, project, environments, variables, bus, dataDir: opts.dataDir });
  const jobs = createJobService({ config, project, runs, bus, dataDir: opts.dataDir, schedule: opts.scheduleJobs ?? opts.watchProject ?? true, ...(opts.clock ? { clock: opts.clock } : {}) });

  const handlers: Handlers = {
    ...appHandlers(config, opts.mode, Boolean(opts.pickFolder)),
    ...configHandlers(config),
    ...projectHandlers(project, opts.pickFolder),
    ...fileHandlers(files),
    ...notebookHandlers(createNotebookService({ project })),
    ...runHandlers(runs),
    ...engineHandlers(engines),
    ...environmentHandlers(environments),
    ...variableHandlers(variables),
    ...setupHandlers(setup),
    ...jupyterHandlers(jupyter),
    ...jobHandlers(jobs),
    ...outputHandlers(createOutputService({ project, lastRun: (p) => runs.last(p) })),
    ...serviceHandlers(services),
    ...argoHandlers(argo),
  };

  if (opts.projectDir) await project.open(opts.projectDir);

  return {
    call: ((method: string, args: unknown) => dispatch(handlers, method, args)) as Core['call'],
    subscribe: (listener) => bus.subscribe(listener),
    async dispose() {
      await jobs.dispose();
      await jupyter.dispose();
      await argo.dispose();
      await runs.dispose();
      await services.dispose();
      await setup.dispose();
      await environments.dispose();
      await project.dispose();
    },
  };
}
