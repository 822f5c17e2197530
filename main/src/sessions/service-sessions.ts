/**
 * A pipeline's `services` running beside it. The interactive session is what the user starts
 * (services.start: the services whose scope includes "interactive") and stops, or the app's quit;
 * a run that asks for them (orchest run, jobs) gets the "noninteractive" ones for its duration.
 * Each service is one container of its image, only the binds it names, every port on 127.0.0.1 at
 * a free port, run as the project's owner; its output goes to a log file and 'service.log' events
 * as a step's does, and leftovers of a crashed app are removed like step containers (labels).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import type { Pipeline, PipelineDocument } from '../api/pipeline.js';
import type { LogTail } from '../api/runs.js';
import type { ServiceInfo, ServiceSession } from '../api/services.js';
import { CoreError } from '../core/core-error.js';
import { assertDockerReachable, createDockerClient } from '../docker/client.js';
import { imageExists, OWNER_INSTANCE } from '../docker/containers.js';
import { buildServiceContainerSpec, removeSessionContainer, sessionContainerStatus, startSessionContainer } from '../docker/session-containers.js';
import { readTail } from '../fs/read-tail.js';
import { ENVIRONMENT_IMAGE_PREFIX, pipelineServices, SERVICE_NAME_PATTERN, type ServiceDefinition } from '../pipeline/services.js';
import { projectUuid } from '../project/project-id.js';
import { normalizePipelinePath } from '../project/rel-path.js';
import { pipelineArtefacts } from '../runs/artefacts.js';
import { LiveLogBatcher, StepLogSink } from '../runs/log-sink.js';
import { chownIfRoot, ensureOwnedDir, ensureSharedDataDir, projectOwner } from '../runs/ownership.js';
import type { RunVariables } from '../variables/variable-service.js';
import type { JupyterServiceDeps } from './jupyter-service.js';
import { portAnswers } from './port-probe.js';
import { servicePath, serviceProcess } from './service-process.js';

/** What a run gets: its noninteractive services, running until `stop`. */
export interface RunServices {
  services: ServiceInfo[];
  stop(): Promise<void>;
}

export interface RunServicesInput {
  root: string;
  doc: PipelineDocument;
  pipeline: Pipeline;
  runId: string;
  variables: RunVariables;
}

export interface ServiceSessions {
  start(pipeline: string, names?: string[]): Promise<ServiceInfo[]>;
  stop(pipeline: string, names?: string[]): Promise<{ stopped: string[] }>;
  list(pipeline?: string): ServiceInfo[];
  readLog(pipeline: string, name: string, session: ServiceSession, tailBytes: number): Promise<LogTail>;
  /** The run's noninteractive services, started before its steps (none: nothing to stop). */
  forRun(input: RunServicesInput): Promise<RunServices>;
  dispose(): Promise<void>;
}

export type ServiceSessionsDeps = Pick<JupyterServiceDeps, 'config' | 'project' | 'environments' | 'variables' | 'bus' | 'dataDir'> & {
  /** How long a service's ports may take to answer HTTP before it counts as running anyway (default 60 s). */
  readyTimeoutMs?: number;
};

interface Running {
  info: ServiceInfo;
  key: string;
  docker: Docker;
  sink: StepLogSink;
  stopping: boolean;
  /** Settles once its output has ended and the log is closed. */
  closed: Promise<void>;
}

const READY_POLL_MS = 300;
const STOP_WAIT_MS = 10_000;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const keyOf = (root: string, pipeline: string, session: ServiceSession, runId = '') => [root, pipeline, session, runId].join('\0');
const logFile = (logsDir: string, name: string, session: ServiceSession) => path.join(logsDir, 'services', `${name}${session === 'noninteractive' ? '.run' : ''}.log`);

export function createServiceSessions(deps: ServiceSessionsDeps): ServiceSessions {
  const { config, project, environments, bus } = deps;
  const running = new Map<string, Running>(); // by id
  const queues = new Map<string, Promise<unknown>>(); // one start/stop at a time per session
  let docker: Docker | undefined;
  let disposed = false;

  const list = (pipeline?: string) =>
    [...running.values()].filter((r) => pipeline === undefined || r.info.pipeline === pipeline).map((r) => structuredClone(r.info));
  const publish = () => bus.emit('services.changed', list());
  const ofKey = (key: string) => [...running.values()].filter((r) => r.key === key);

  function serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (queues.get(key) ?? Promise.resolve()).then(fn, fn);
    const settled = run.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return run;
  }

  async function engine(): Promise<Docker> {
    const cfg = config.get();
    docker ??= createDockerClient(cfg.docker_host);
    await assertDockerReachable(docker, cfg.docker_host);
    return docker;
  }

  /** Every service's image, before any starts: environments built when needed, aliases applied. */
  async function resolveImages(d: Docker, defs: ServiceDefinition[]): Promise<Map<string, string>> {
    const cfg = config.get();
    const images = new Map<string, string>();
    const envUuids = [...new Set(defs.filter((s) => s.image.startsWith(ENVIRONMENT_IMAGE_PREFIX)).map((s) => s.image.slice(ENVIRONMENT_IMAGE_PREFIX.length).trim()))];
    const tags = envUuids.length ? await environments.ensureBuilt(envUuids) : {};
    for (const def of defs) {
      if (def.image.startsWith(ENVIRONMENT_IMAGE_PREFIX)) {
        const uuid = def.image.slice(ENVIRONMENT_IMAGE_PREFIX.length).trim();
        const tag = tags[uuid];
        if (!tag) throw new CoreError('IMAGE_MISSING', `The service "${def.name}" uses environment ${uuid}, which has no image: build it in the Environments view or with orchest env build.`);
        images.set(def.name, tag);
      } else images.set(def.name, cfg.image_aliases[def.image] ?? def.image);
    }
    const missing: string[] = [];
    for (const [name, image] of images) if (!(await imageExists(d, image))) missing.push(`"${image}" (needed by the service "${name}")`);
    if (missing.length) {
      throw new CoreError(
        'IMAGE_MISSING',
        `Docker has no image ${missing.join(' and no image ')}. Build it (orchest image build-offline NAME --pip "..."), pull it (docker pull NAME), ` +
          `map the name to a local image with "image_aliases" in the config, or use an environment of the project (image "environment@<uuid>").`,
      );
    }
    return images;
  }

  async function onExit(r: Running): Promise<void> {
    const status = await sessionContainerStatus(r.docker, r.info.id).catch(() => null);
    if (!r.stopping) await r.sink.note(`The service exited${status?.exitCode !== undefined && status.exitCode !== null ? ` with code ${status.exitCode}` : ''}.`);
    await r.sink.close().catch(() => {});
    if (r.stopping) return;
    r.info.status = 'exited';
    r.info.exitCode = status?.exitCode ?? null;
    r.info.message = `The service "${r.info.name}" exited${r.info.exitCode !== null ? ` with code ${r.info.exitCode}` : ''}: its log says why (${r.info.logPath}).`;
    publish();
  }

  async function waitReady(r: Running): Promise<void> {
    if (!r.info.urls.length) return;
    const timeoutMs = deps.readyTimeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    const over = () => r.stopping || r.info.status === 'exited'; // set meanwhile by stop / onExit
    for (;;) {
      if (over()) return;
      const answers = await Promise.all(r.info.urls.map((u) => portAnswers(u.url)));
      if (over()) return;
      if (answers.every(Boolean)) break;
      if (Date.now() > deadline) {
        r.info.message = `Its ports did not answer within ${Math.round(timeoutMs / 1000)} s (it may serve something else, or still be starting).`;
        break;
      }
      await sleep(READY_POLL_MS);
    }
    r.info.status = 'running';
  }

  async function stopRunning(r: Running): Promise<void> {
    r.stopping = true;
    try {
      await removeSessionContainer(r.docker, r.info.id);
    } catch (err) {
      r.stopping = false;
      throw new CoreError('DOCKER_UNAVAILABLE', `Docker could not remove the container of the service "${r.info.name}" (${r.info.id}): ${message(err)}. Try again, or: docker rm -f ${r.info.id}`);
    }
    await Promise.race([r.closed, sleep(STOP_WAIT_MS)]);
    running.delete(r.info.id);
  }

  interface LaunchInput {
    key: string;
    root: string;
    rel: string;
    doc: PipelineDocument;
    pipeline: Pipeline;
    defs: ServiceDefinition[];
    session: ServiceSession;
    variables: RunVariables;
    runId?: string;
  }

  /** Start `defs` (all or none: one that Docker refuses stops those started before it), then wait until they answer. */
  async function launch(input: LaunchInput): Promise<void> {
    if (disposed) throw new CoreError('INTERNAL', 'The app is shutting down.');
    const d = await engine();
    const images = await resolveImages(d, input.defs);
    const { logsDir } = pipelineArtefacts(input.root, { layout: input.doc.layout, dir: input.doc.dir, uuid: input.pipeline.uuid });
    const owner = await projectOwner(input.root);
    await ensureOwnedDir(path.join(logsDir, 'services'), owner);
    const sharedDataDir = path.join(deps.dataDir, 'data');
    await ensureSharedDataDir(sharedDataDir);
    const sessionId = randomBytes(4).toString('hex');
    const started: Running[] = [];
    try {
      for (const def of input.defs) {
        const image = images.get(def.name)!;
        const id = `orchest-service-${def.name}-${sessionId}`;
        const logPath = logFile(logsDir, def.name, input.session);
        const live = new LiveLogBatcher(({ offset, text }) => bus.emit('service.log', { id, pipeline: input.rel, name: def.name, session: input.session, offset, text }));
        const sink = await StepLogSink.open(logPath, live, input.variables.secrets);
        await chownIfRoot(logPath, owner);
        const proc = serviceProcess({
          def,
          sessionId,
          session: input.session,
          projectUuid: projectUuid(input.root),
          pipelineUuid: input.pipeline.uuid,
          pipelinePath: input.rel,
          variables: input.variables.env,
        });
        const spec = buildServiceContainerSpec({
          image,
          name: id,
          ...proc,
          labels: { project: projectUuid(input.root), pipeline: input.pipeline.uuid, session: sessionId, service: def.name },
          owner: { pid: process.pid, host: os.hostname(), instance: OWNER_INSTANCE },
          ...(owner ? { user: `${owner.uid}:${owner.gid}` } : {}),
          binds: [
            ...(def.binds.project ? [{ host: input.root, container: def.binds.project }] : []),
            ...(def.binds.data ? [{ host: sharedDataDir, container: def.binds.data }] : []),
          ],
          ports: def.ports,
        });
        const c = await startSessionContainer(d, spec, sink).catch(async (err: unknown) => {
          await sink.note(`Docker could not start the service: ${message(err)}`);
          await sink.close().catch(() => {});
          throw new CoreError('INTERNAL', `Docker could not start the service "${def.name}" in "${image}": ${message(err)}`);
        });
        const info: ServiceInfo = {
          id,
          name: def.name,
          pipeline: input.rel,
          projectRoot: input.root,
          image,
          session: input.session,
          ...(input.runId ? { runId: input.runId } : {}),
          status: def.ports.length ? 'starting' : 'running',
          urls: def.ports.filter((p) => c.hostPorts[p]).map((p) => ({ port: p, url: `http://127.0.0.1:${c.hostPorts[p]}${servicePath(def, sessionId, p)}` })),
          logPath,
          startedAt: Date.now(),
        };
        const r: Running = { info, key: input.key, docker: d, sink, stopping: false, closed: Promise.resolve() };
        r.closed = (c.ended ?? Promise.resolve()).then(() => onExit(r));
        running.set(id, r);
        started.push(r);
      }
    } catch (err) {
      await Promise.all(started.map((r) => stopRunning(r).catch(() => {})));
      publish();
      throw err;
    }
    publish();
    await Promise.all(started.map(waitReady));
    publish();
  }

  async function readable(rel: string): Promise<{ doc: PipelineDocument; pipeline: Pipeline; defs: ServiceDefinition[] }> {
    const doc = await project.readPipeline(rel);
    if (!doc.pipeline) {
      const why = doc.problems.filter((p) => p.severity === 'error').map((p) => p.message).join(' ');
      throw new CoreError('INVALID_FILE', `Pipeline "${rel}" cannot be read, so its services cannot start: ${why} Fix the file first.`);
    }
    const { services, problems } = pipelineServices(doc.pipeline);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length) throw new CoreError('INVALID_FILE', `The services of "${rel}" have errors: ${errors.map((e) => e.message).join(' ')}`, { problems: errors });
    return { doc, pipeline: doc.pipeline, defs: services };
  }

  async function start(pipelinePath: string, names?: string[]): Promise<ServiceInfo[]> {
    const rel = normalizePipelinePath(pipelinePath);
    const root = project.root();
    const key = keyOf(root, rel, 'interactive');
    return serialized(key, async () => {
      const { doc, pipeline, defs } = await readable(rel);
      let wanted = defs.filter((s) => s.scope.includes('interactive'));
      if (names) {
        const unknown = names.filter((n) => !defs.some((s) => s.name === n));
        if (unknown.length) {
          throw new CoreError('NOT_FOUND', `Pipeline "${rel}" has no service ${unknown.map((n) => `"${n}"`).join(', ')}; its services: ${defs.map((s) => `"${s.name}"`).join(', ') || 'none'}.`);
        }
        wanted = defs.filter((s) => names.includes(s.name)); // named: whatever their scope
      }
      if (!wanted.length) {
        throw new CoreError(
          'NOT_FOUND',
          defs.length
            ? `No service of "${rel}" has the interactive scope: they run only during runs (orchest run). Add "interactive" to a service's "scope" to start it here.`
            : `Pipeline "${rel}" has no services. Add them under "services" in its file (name, image, command, args, ports, binds, scope).`,
        );
      }
      const current = ofKey(key);
      for (const r of current.filter((x) => x.info.status === 'exited' && wanted.some((s) => s.name === x.info.name))) await stopRunning(r);
      const toStart = wanted.filter((s) => !ofKey(key).some((r) => r.info.name === s.name));
      if (toStart.length) {
        const variables = deps.variables ? await deps.variables.forRun(root, pipeline.uuid, {}) : { env: {}, secrets: [] };
        await launch({ key, root, rel, doc, pipeline, defs: toStart, session: 'interactive', variables });
      }
      return ofKey(key).map((r) => structuredClone(r.info));
    });
  }

  async function stopKey(key: string, names?: string[]): Promise<string[]> {
    const targets = ofKey(key).filter((r) => !names || names.includes(r.info.name));
    const results = await Promise.allSettled(targets.map(stopRunning));
    publish();
    const failed = results.find((x): x is PromiseRejectedResult => x.status === 'rejected');
    if (failed) throw failed.reason;
    return targets.map((r) => r.info.name);
  }

  async function stop(pipelinePath: string, names?: string[]): Promise<{ stopped: string[] }> {
    const rel = normalizePipelinePath(pipelinePath);
    const key = keyOf(project.root(), rel, 'interactive');
    // A start still waiting for these to answer gives up at once, so the stop need not wait for it.
    for (const r of ofKey(key)) if (!names || names.includes(r.info.name)) r.stopping = true;
    return { stopped: await serialized(key, () => stopKey(key, names)) };
  }

  async function forRun(input: RunServicesInput): Promise<RunServices> {
    const rel = input.doc.path;
    const defs = pipelineServices(input.pipeline).services.filter((s) => s.scope.includes('noninteractive'));
    if (!defs.length) return { services: [], stop: async () => {} };
    const key = keyOf(input.root, rel, 'noninteractive', input.runId);
    await serialized(key, () => launch({ key, root: input.root, rel, doc: input.doc, pipeline: input.pipeline, defs, session: 'noninteractive', variables: input.variables, runId: input.runId }));
    return { services: ofKey(key).map((r) => structuredClone(r.info)), stop: () => serialized(key, () => stopKey(key)).then(() => undefined) };
  }

  async function readLog(pipelinePath: string, name: string, session: ServiceSession, tailBytes: number): Promise<LogTail> {
    if (!SERVICE_NAME_PATTERN.test(name)) throw new CoreError('INVALID_ARGUMENT', `"${name}" is not a service name.`);
    const rel = normalizePipelinePath(pipelinePath);
    const root = project.root();
    const doc = await project.readPipeline(rel);
    const uuid = doc.pipeline?.uuid ?? doc.uuid;
    const { logsDir } = pipelineArtefacts(root, { layout: doc.layout, dir: doc.dir, ...(uuid ? { uuid } : {}) });
    return (await readTail(logFile(logsDir, name, session), tailBytes)) ?? { text: '', size: 0, truncated: false };
  }

  async function dispose(): Promise<void> {
    disposed = true;
    for (const r of running.values()) r.stopping = true;
    await Promise.allSettled([...queues.values()]);
    await Promise.allSettled([...running.values()].map(stopRunning));
  }

  return { start, stop, list, readLog, forRun, dispose };
}
