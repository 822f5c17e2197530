import type { Envelope } from '../api/errors.js';
import type { MethodName } from '../api/contract.js';
import { createConfigService } from '../config/config-service.js';
import { createEnvironmentService } from '../environments/environment-service.js';
import { createProjectService } from '../project/project-service.js';
import { createRunService } from '../runs/run-service.js';
import type { SecretCipher } from '../variables/secret-cipher.js';
import { createVariableService, type VariableService } from '../variables/variable-service.js';
import { dispatch, type Handlers } from './dispatch.js';
import { EventBus, type BusListener } from './event-bus.js';
import type { ConfigService, EnvironmentService, ProjectService, RunService } from './services.js';
import { APP_VERSION } from './version.js';

export interface CoreOptions {
  /** Folder of config.json (e.g. ~/.config/orchest). */
  configDir: string;
  /** Folder for app data: the shared /data mount, run history (e.g. ~/.local/share/orchest). */
  dataDir: string;
  mode: 'electron' | 'web' | 'test';
  /** Open this project right away. */
  projectDir?: string;
  /** Native folder picker, given by the Electron shell; absent in web mode. */
  pickFolder?: () => Promise<string | null>;
  /** Encrypts secret variables at rest (the Electron shell: the OS keychain); absent, they stay in a 0600 file. */
  secretCipher?: SecretCipher;
}

export interface Core {
  readonly services: {
    config: ConfigService;
    project: ProjectService;
    runs: RunService;
    environments: EnvironmentService;
    variables: VariableService;
  };
  /** Validate and run one contract method; never throws. */
  call(method: MethodName | string, args: unknown): Promise<Envelope<unknown>>;
  subscribe(listener: BusListener): () => void;
  dispose(): Promise<void>;
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  const bus = new EventBus();
  const config = await createConfigService({ configDir: opts.configDir });
  const project = createProjectService({ config, bus });
  const environments = createEnvironmentService({ config, project, bus, dataDir: opts.dataDir });
  const variables = createVariableService({ configDir: opts.configDir, project, cipher: opts.secretCipher });
  const runs = createRunService({ config, project, environments, variables, bus, dataDir: opts.dataDir });

  const handlers: Handlers = {
    'app.info': () => ({ version: APP_VERSION, mode: opts.mode, configPath: config.path, notices: config.notices, canPickFolder: Boolean(opts.pickFolder) }),
    'config.get': () => config.get(),
    'config.update': ({ patch }) => config.update(patch),
    'project.open': ({ path }) => project.open(path),
    'project.pickAndOpen': async () => {
      const picked = opts.pickFolder ? await opts.pickFolder() : null;
      return picked ? project.open(picked) : null;
    },
    'project.get': () => project.state(),
    'project.openInEditor': ({ path }) => project.openInEditor(path),
    'pipeline.read': ({ path }) => project.readPipeline(path),
    'pipeline.save': ({ path, pipeline, baseHash }) => project.savePipeline(path, pipeline, baseHash),
    'pipeline.create': ({ folder, name }) => project.createPipeline(folder, name),
    'file.create': ({ path, template }) => project.createFile(path, template),
    'runs.start': (req) => runs.start(req),
    'runs.cancel': ({ runId }) => runs.cancel(runId),
    'runs.get': ({ runId }) => runs.get(runId),
    'runs.last': ({ pipeline }) => runs.last(pipeline),
    'runs.readLog': ({ pipeline, stepId, tailBytes }) => runs.readLog(pipeline, stepId, tailBytes),
    'env.list': () => environments.list(),
    'env.save': ({ env }) => environments.save(env),
    'env.duplicate': ({ uuid }) => environments.duplicate(uuid),
    'env.delete': ({ uuid }) => environments.delete(uuid),
    'env.build': ({ uuid }) => environments.build(uuid),
    'env.cancelBuild': ({ uuid }) => environments.cancelBuild(uuid),
    'env.readBuildLog': ({ uuid }) => environments.readBuildLog(uuid),
    'env.setDefault': ({ uuid }) => environments.setDefault(uuid),
    'vars.get': ({ pipeline, reveal }) => variables.get({ pipeline }, reveal),
    'vars.set': ({ pipeline, variables: list }) => variables.set({ pipeline }, list),
  };

  if (opts.projectDir) await project.open(opts.projectDir);

  return {
    services: { config, project, runs, environments, variables },
    call: (method, args) => dispatch(handlers, method, args),
    subscribe: (listener) => bus.subscribe(listener),
    async dispose() {
      await runs.dispose();
      await environments.dispose();
      await project.dispose();
    },
  };
}
