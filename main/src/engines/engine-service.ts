import type Docker from 'dockerode';
import type { EngineCheck, EngineInfo, EngineList, EngineSpec, KubeEngineSpec } from '../api/engines.js';
import { createKubeClient } from '../argo/kube-client.js';
import { loadKubeconfig } from '../argo/kubeconfig.js';
import type { ConfigService } from '../config/config-service.js';
import { CoreError } from '../core/core-error.js';
import { createDockerClient, createEngineClient } from '../docker/client.js';
import { engineVersion } from '../docker/engine.js';
import { projectUuid } from '../project/project-id.js';
import { findEngine, listEngines, ownEntry, resolveEngine, type ResolvedEngine } from './engine-resolver.js';

/** Which Docker engine the open project's runs use, the engines to choose from, and their clients. */
export interface EngineService {
  /** The engine of a run of the open project (`runEngine`: the run's own choice). */
  resolve(runEngine?: string): Promise<ResolvedEngine>;
  /** One client per engine address and settings, made on first use. */
  client(engine: ResolvedEngine): Docker;
  list(): Promise<EngineList>;
  save(name: string, spec: EngineSpec): Promise<EngineList>;
  remove(name: string): Promise<EngineList>;
  select(ref: string | null): Promise<EngineList>;
  check(ref?: string): Promise<EngineCheck>;
}

export interface EngineServiceDeps {
  config: ConfigService;
  /** The open project's root; throws when none is open. */
  projectRoot: () => string;
  env?: NodeJS.ProcessEnv;
}

const CHECK_TIMEOUT_MS = 8000;

/** A Kubernetes engine answers when its API server gives its version with the kubeconfig's credentials. */
async function checkCluster(shown: EngineInfo, kube: KubeEngineSpec): Promise<EngineCheck> {
  try {
    const target = await loadKubeconfig(kube.kubeconfig, kube.context);
    const v = await createKubeClient(target, CHECK_TIMEOUT_MS).json<{ gitVersion?: string }>('GET', '/version');
    return { engine: shown, reachable: true, ...(v.gitVersion ? { version: `Kubernetes ${v.gitVersion}` } : {}) };
  } catch (err) {
    return { engine: shown, reachable: false, message: `Cannot reach the cluster of ${shown.name}: ${(err as Error).message}` };
  }
}

export function createEngineService(deps: EngineServiceDeps): EngineService {
  const { config } = deps;
  const env = deps.env ?? process.env;
  const clients = new Map<string, Docker>();

  const openProjectUuid = (): string | undefined => {
    try {
      return projectUuid(deps.projectRoot());
    } catch {
      return undefined;
    }
  };

  const resolve = (runEngine?: string) => {
    const uuid = openProjectUuid();
    return resolveEngine({ cfg: config.get(), env, ...(uuid ? { projectUuid: uuid } : {}), ...(runEngine ? { runEngine } : {}) });
  };

  function client(engine: ResolvedEngine): Docker {
    const id = JSON.stringify(engine.connection ?? { env: engine.host });
    let made = clients.get(id);
    if (!made) clients.set(id, (made = engine.connection ? createEngineClient(engine.connection) : createDockerClient('')));
    return made;
  }

  async function list(): Promise<EngineList> {
    const cfg = config.get();
    const engines = await listEngines(cfg, env);
    const uuid = openProjectUuid();
    const projectEngine = uuid ? ownEntry(cfg.project_engines, uuid) : undefined;
    try {
      const { connection: _c, key: _k, kube: _kube, ...active } = await resolve();
      return { engines, active, ...(projectEngine ? { projectEngine } : {}) };
    } catch (err) {
      return { engines, active: null, ...(projectEngine ? { projectEngine } : {}), problem: (err as Error).message };
    }
  }

  async function save(name: string, spec: EngineSpec): Promise<EngineList> {
    // Refuses an address that cannot be used and unreadable certificates now; an SSH key is read when connecting (an agent may hold it).
    if ('kubeconfig' in spec) await loadKubeconfig(spec.kubeconfig, spec.context); // a file that cannot be used is refused now
    if ('host' in spec && !spec.host.startsWith('ssh://')) createEngineClient({ host: spec.host, ...(spec.tls ? { tls: spec.tls } : {}) });
    await config.update({ engines: { ...config.get().engines, [name]: spec } });
    return list();
  }

  async function remove(name: string): Promise<EngineList> {
    const cfg = config.get();
    if (!ownEntry(cfg.engines, name)) throw new CoreError('NOT_FOUND', `No configured engine "${name}".`);
    const { [name]: _gone, ...engines } = cfg.engines;
    const projectEngines = Object.fromEntries(Object.entries(cfg.project_engines).filter(([, ref]) => ref !== name));
    await config.update({ engines, project_engines: projectEngines, ...(cfg.default_engine === name ? { default_engine: null } : {}) });
    return list();
  }

  async function select(ref: string | null): Promise<EngineList> {
    const uuid = openProjectUuid();
    if (!uuid) throw new CoreError('NO_PROJECT', 'Open a project first: the engine is chosen per project.');
    if (ref !== null) await findEngine(ref, config.get(), env); // NOT_FOUND with what there is
    const { [uuid]: _old, ...others } = config.get().project_engines;
    await config.update({ project_engines: ref === null ? others : { ...others, [uuid]: ref } });
    return list();
  }

  async function check(ref?: string): Promise<EngineCheck> {
    const engine = ref ? await resolveEngine({ cfg: config.get(), env, runEngine: ref }) : await resolve();
    const { connection: _c, key: _k, source: _s, kube, ...shown } = engine;
    if (kube) return checkCluster(shown, kube);
    try {
      const v = await engineVersion(client(engine), CHECK_TIMEOUT_MS);
      return { engine: shown, reachable: true, version: v.version };
    } catch (err) {
      return { engine: shown, reachable: false, message: `Cannot reach ${engine.name} at ${engine.host}: ${(err as Error).message}` };
    }
  }

  return { resolve, client, list, save, remove, select, check };
}
