import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import type { JupyterOpenRequest, JupyterOpenResult, JupyterServer } from '../api/sessions.js';
import type { ConfigService } from '../config/config-service.js';
import { CoreError } from '../core/core-error.js';
import type { EventBus } from '../core/event-bus.js';
import { assertDockerReachable, createDockerClient } from '../docker/client.js';
import { CONTAINER_PATHS, OWNER_INSTANCE } from '../docker/containers.js';
import {
  buildSessionContainerSpec,
  removeSessionContainer,
  sessionContainerLogs,
  sessionContainerStatus,
  startSessionContainer,
} from '../docker/session-containers.js';
import type { EnvironmentService } from '../environments/environment-service.js';
import { projectUuid } from '../project/project-id.js';
import type { ProjectService } from '../project/project-service.js';
import { projectOwner } from '../runs/ownership.js';
import { findStepResources, type StepResources } from '../runs/resources.js';
import type { VariableService } from '../variables/variable-service.js';
import { flavorFromOutput, JUPYTER_PORT, jupyterCommand, jupyterUrl, noJupyterMessage } from './jupyter-command.js';
import { resolveJupyterTarget } from './jupyter-target.js';

/** Jupyter servers in environments' images: one per project and image, reused, stopped on dispose. */
export interface JupyterService {
  open(req: JupyterOpenRequest): Promise<JupyterOpenResult>;
  list(): JupyterServer[];
  stop(id: string): Promise<{ stopped: string }>;
  dispose(): Promise<void>;
}

export interface JupyterServiceDeps {
  config: ConfigService;
  project: ProjectService;
  environments: EnvironmentService;
  /** The project's environment variables, given to the server (and its kernels) as to every step. */
  variables?: VariableService;
  bus: EventBus;
  /** <dataDir>/data is /data, as in a run. */
  dataDir: string;
  resources?: StepResources;
  /** How long a server may take to answer its API (default 180 s: a first JupyterLab start is slow). */
  readyTimeoutMs?: number;
}

interface Running {
  server: JupyterServer;
  key: string;
  docker: Docker;
}

const READY_POLL_MS = 300;

/** GET /api/status with the token: 200 once the server serves. */
async function answers(baseUrl: string, token: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}api/status`, { headers: { Authorization: `token ${token}` }, signal: AbortSignal.timeout(5_000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

const lastLines = (text: string, n = 15) => text.trimEnd().split('\n').slice(-n).join('\n');

export function createJupyterService(deps: JupyterServiceDeps): JupyterService {
  const { config, project, environments, bus } = deps;
  const servers = new Map<string, Running>(); // by id
  const starting = new Map<string, Promise<Running>>(); // by key
  let resources = deps.resources;
  let docker: Docker | undefined;
  let disposed = false;

  const publish = () => bus.emit('jupyter.changed', list());
  const list = () => [...servers.values()].map((r) => structuredClone(r.server));

  async function waitReady(d: Docker, id: string, baseUrl: string, token: string, image: string) {
    const deadline = Date.now() + (deps.readyTimeoutMs ?? 180_000);
    let flavor: 'lab' | 'notebook' | 'none' | undefined;
    for (;;) {
      const status = await sessionContainerStatus(d, id);
      if (flavor === undefined) flavor = flavorFromOutput(await sessionContainerLogs(d, id, 50).catch(() => ''));
      if (flavor === 'none') throw new CoreError('IMAGE_MISSING', noJupyterMessage(image));
      if (!status) throw new CoreError('INTERNAL', 'The Jupyter server\'s container was removed from outside the app while it started.');
      if (!status.running) {
        const logs = lastLines(await sessionContainerLogs(d, id).catch(() => ''));
        throw new CoreError('INTERNAL', `The Jupyter server in "${image}" exited (code ${status.exitCode}) before it answered. Its last output:\n${logs}`);
      }
      if (flavor && (await answers(baseUrl, token))) return flavor;
      if (Date.now() > deadline) {
        const logs = lastLines(await sessionContainerLogs(d, id).catch(() => ''));
        throw new CoreError('INTERNAL', `The Jupyter server in "${image}" did not answer within ${Math.round((deps.readyTimeoutMs ?? 180_000) / 1000)} s. Its last output:\n${logs}`);
      }
      await sleep(READY_POLL_MS);
    }
  }

  async function start(d: Docker, key: string, root: string, image: string, gpu: boolean, environment: string | undefined): Promise<Running> {
    resources ??= findStepResources();
    const sharedDataDir = path.join(deps.dataDir, 'data');
    await fs.mkdir(sharedDataDir, { recursive: true });
    const owner = await projectOwner(root);
    const token = randomBytes(24).toString('hex');
    // The project's variables only: one server serves every pipeline using this image.
    const userVariables = deps.variables ? (await deps.variables.forRun(root, '', {})).env : {};
    const id = `orchest-jupyter-${createHash('sha256').update(key).digest('hex').slice(0, 10)}-${randomBytes(3).toString('hex')}`;
    const spec = buildSessionContainerSpec({
      image,
      name: id,
      cmd: jupyterCommand(),
      env: {
        ...userVariables,
        // A run's project-wide variables; the step's own ones the SDK finds from the notebook's path.
        ORCHEST_PROJECT_DIR: CONTAINER_PATHS.project,
        ORCHEST_PROJECT_UUID: projectUuid(root),
        PYTHONPATH: CONTAINER_PATHS.sdk,
        PYTHONUNBUFFERED: '1',
        HOME: '/tmp',
        JUPYTER_TOKEN: token,
        // The SDK asks the server which notebook a kernel runs when Jupyter does not say (notebook 6).
        ORCHEST_JUPYTER_URL: `http://127.0.0.1:${JUPYTER_PORT}/`,
      },
      labels: { project: projectUuid(root), session: id },
      owner: { pid: process.pid, host: os.hostname(), instance: OWNER_INSTANCE },
      ...(owner ? { user: `${owner.uid}:${owner.gid}` } : {}),
      projectRoot: root,
      sharedDataDir,
      sdkDir: resources.sdkDir,
      runnerDir: resources.runnerDir,
      gpu,
      port: JUPYTER_PORT,
    });
    const started = await startSessionContainer(d, spec).catch((err: unknown) => {
      throw new CoreError('INTERNAL', `Docker could not start a Jupyter server in "${image}": ${err instanceof Error ? err.message : String(err)}`);
    });
    const baseUrl = `http://127.0.0.1:${started.hostPorts[JUPYTER_PORT] ?? 0}/`; // no port: exited, waitReady says why
    try {
      const flavor = await waitReady(d, started.id, baseUrl, token, image);
      const server: JupyterServer = {
        id,
        image,
        ...(environment ? { environment } : {}),
        projectRoot: root,
        flavor,
        baseUrl,
        token,
        url: jupyterUrl(baseUrl, flavor, token, ''),
        startedAt: Date.now(),
      };
      return { server, key, docker: d };
    } catch (err) {
      await removeSessionContainer(d, id).catch(() => {});
      throw err;
    }
  }

  async function running(key: string): Promise<Running | undefined> {
    const found = [...servers.values()].find((r) => r.key === key);
    if (!found) return undefined;
    const status = await sessionContainerStatus(found.docker, found.server.id).catch(() => null);
    if (status?.running) return found;
    servers.delete(found.server.id); // stopped from outside: start a new one
    await removeSessionContainer(found.docker, found.server.id).catch(() => {});
    publish();
    return undefined;
  }

  async function open(req: JupyterOpenRequest): Promise<JupyterOpenResult> {
    if (disposed) throw new CoreError('INTERNAL', 'The app is shutting down.');
    const root = project.root();
    const cfg = config.get();
    docker ??= createDockerClient(cfg.docker_host);
    await assertDockerReachable(docker, cfg.docker_host);
    const target = await resolveJupyterTarget({ docker, config: cfg, project, environments }, req);
    const key = `${root}\0${target.image}`;
    let reused = true;
    let entry = await running(key);
    if (!entry) {
      let pending = starting.get(key);
      if (!pending) {
        reused = false;
        pending = start(docker, key, root, target.image, target.gpu, target.environment);
        starting.set(key, pending);
        pending.then(
          (r) => {
            starting.delete(key);
            if (disposed) return; // dispose removes it
            servers.set(r.server.id, r);
            publish();
          },
          () => starting.delete(key),
        );
      }
      entry = await pending;
      if (disposed) throw new CoreError('INTERNAL', 'The app is shutting down.');
    }
    const { server } = entry;
    return { server: structuredClone(server), url: jupyterUrl(server.baseUrl, server.flavor, server.token, target.path), path: target.path, reused };
  }

  async function stop(id: string): Promise<{ stopped: string }> {
    const entry = servers.get(id);
    if (!entry) throw new CoreError('NOT_FOUND', `No Jupyter server ${id} is running (jupyter.list names the running ones).`);
    servers.delete(id);
    try {
      await removeSessionContainer(entry.docker, id);
    } catch (err) {
      servers.set(id, entry);
      throw new CoreError('DOCKER_UNAVAILABLE', `Docker could not remove the Jupyter server's container ${id}: ${err instanceof Error ? err.message : String(err)}. Try again, or: docker rm -f ${id}`);
    } finally {
      publish();
    }
    return { stopped: id };
  }

  async function dispose(): Promise<void> {
    disposed = true;
    const late = (await Promise.allSettled([...starting.values()])).flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const all = [...servers.values(), ...late];
    servers.clear();
    await Promise.all(all.map((r) => removeSessionContainer(r.docker, r.server.id).catch(() => {})));
  }

  return { open, list, stop, dispose };
}
