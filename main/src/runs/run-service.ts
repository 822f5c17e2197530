import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import type { LogChunk, LogTail, ParsedRunRequest, RunnerKind, RunState, StepRunState } from '../api/runs.js';
import type { StepAttempt } from '../api/jobs.js';
import { inspectImage } from '../docker/images.js';
import { CoreError } from '../core/core-error.js';
import type { EventBus } from '../core/event-bus.js';
import type { ConfigService } from '../config/config-service.js';
import type { EnvironmentService } from '../environments/environment-service.js';
import type { ProjectService } from '../project/project-service.js';
import { assertDockerReachable, createDockerClient, dockerTarget } from '../docker/client.js';
import os from 'node:os';
import { LABEL, OWNER_INSTANCE, ownerLabels, removeOrphanContainers, removeRunContainers } from '../docker/containers.js';
import { lostConnection, pingWithin, watchEngine, type EngineWatch } from '../docker/engine.js';
import type { FetchedOutputs } from '../api/engines.js';
import { createEngineService, type EngineService } from '../engines/engine-service.js';
import type { ResolvedEngine } from '../engines/engine-resolver.js';
import { dropWorkspace, fetchStepOutputs, lastHelperImage, prepareWorkspace, pullBackProject, type RemoteContext } from '../remote/remote-workspace.js';
import { isSafeStepId, pipelineArtefacts, stepLogPath } from './artefacts.js';
import type { ArgoService, ClusterRun } from '../argo/argo-service.js';
import type { KubeEngineSpec } from '../api/engines.js';
import { applyWorkflowState, ClusterLogs } from './cluster-run.js';
import { dockerExecutor } from './docker-executor.js';
import { PendingWork, type RunContext, type StepExecutor } from './executor.js';
import { RunHistory } from './history.js';
import { projectUuid } from '../project/project-id.js';
import { localExecutor, localRunnerNotes } from './local-executor.js';
import { readTail } from '../fs/read-tail.js';
import { normalizePipelinePath } from '../project/rel-path.js';
import { LiveLogBatcher, StepLogSink } from './log-sink.js';
import { chownIfRoot, ensureOwnedDir, ensureSharedDataDir, projectOwner, type Owner } from './ownership.js';
import { planRun } from './plan.js';
import { checkStepFiles, resolveStepImages, runnablePipeline, type PreparedStep, type RunTarget, type StepImage } from './preflight.js';
import { findStepResources, type StepResources } from './resources.js';
import { runSchedule, type StepOutcome } from './scheduler.js';
import { maskText } from './secret-mask.js';
import { ioErrorAdvice, ioErrorText } from '../fs/io-error.js';
import type { VariableService } from '../variables/variable-service.js';
import type { RunServices, ServiceSessions } from '../sessions/service-sessions.js';
import { isRunFinished } from '../common/statuses.js';
import { hasBackslash, isAbsoluteFilePath } from '../pipeline/step-path.js';

/** Runs of the open project's pipelines. */
export interface RunService {
  /** `req` is validated by the contract (dispatch) before it gets here. */
  start(req: ParsedRunRequest): Promise<RunState>;
  cancel(runId: string): Promise<RunState>;
  get(runId: string): RunState;
  last(pipelinePath: string): Promise<RunState | null>;
  readLog(pipelinePath: string, stepId: string, tailBytes: number): Promise<LogTail>;
  /** Copy a step's outputs back from the remote engine the pipeline's last run used. */
  fetchOutputs(pipelinePath: string, stepId: string): Promise<FetchedOutputs>;
  dispose(): Promise<void>;
}

export interface RunServiceDeps {
  config: ConfigService;
  project: ProjectService;
  environments: EnvironmentService;
  /** Project and pipeline environment variables; absent (some tests): only the run's own `env`. */
  variables?: VariableService;
  bus: EventBus;
  /** App data: <dataDir>/data is every step's /data, <dataDir>/runs the last run of each pipeline. */
  dataDir: string;
  /** Where the SDK and step runner are (default: resources/ of this checkout or ORCHEST_RESOURCES_DIR). */
  resources?: StepResources;
  /** Starts a run's noninteractive services (runs.start with withServices); absent: none. */
  services?: Pick<ServiceSessions, 'forRun'>;
  /** Which engine a run uses (default: one made from `config` and the open project). */
  engines?: EngineService;
  /** Runs on a Kubernetes engine: as Argo Workflows (absent: such engines are refused). */
  cluster?: Pick<ArgoService, 'startRun'>;
}

/** What a job run tells its owner instead of the editor's `run.updated` / `run.log` events. */
export interface RunHooks {
  /** Every state change; `attempts`: step uuid -> its attempts so far. */
  onUpdate(state: RunState, attempts: ReadonlyMap<string, readonly StepAttempt[]>): void;
  onLog(chunk: LogChunk, attempt: number): void;
}

/** A run on its own copy of a project (a job's run): its own /data, logs, images and events. */
export interface IsolatedRunOptions {
  runId: string;
  /** The run's copy of the project. */
  target: RunTarget;
  pipeline: string;
  /** The user's project: its variables and ORCHEST_PROJECT_UUID are the run's. */
  projectRoot: string;
  env: Record<string, string>;
  parallelism?: number | undefined;
  runner?: RunnerKind | undefined;
  /** Step uuid -> image (by id), pinned when the job started; absent: resolved now. */
  images?: ReadonlyMap<string, StepImage> | undefined;
  /** Host folder mounted at /data. */
  sharedDataDir: string;
  /** Times a failed step is tried again. */
  retries: number;
  hooks: RunHooks;
}

/** RunService plus what the CLI and tests need to wait on. */
export interface RunServiceHandle extends RunService {
  /** Start a run on a copy of the project (jobs): not the editor's, not BUSY with it. */
  startIsolated(opts: IsolatedRunOptions): Promise<RunState>;
  /** Every step's image as a run of `pipeline` in `target` would use it, by image id (docker runner). */
  pinImages(target: RunTarget, pipeline: string): Promise<Map<string, StepImage & { name: string }>>;
  /** Ids of leftover containers removed when the service was created ([] when Docker is not there). */
  readonly orphansRemoved: Promise<string[]>;
  /** Resolves with the final state of a run. */
  wait(runId: string): Promise<RunState>;
}

// Runs going on in this process, across service instances: orphan clean-up must spare them.
const activeRunIds = new Set<string>();

interface RunRecord {
  key: string;
  root: string;
  owner: Owner | undefined;
  state: RunState;
  controller: AbortController;
  done: Promise<RunState>;
  docker?: Docker;
  /** Finished containers still being removed: the run ends after them. */
  cleanup: PendingWork;
  /** Values masked in logs and messages; kept here only, never in the state, history or events. */
  secrets: readonly string[];
  /** What the runner tells the user in the run's message (the local runner's caveats). */
  runnerNotes: string[];
  /** The run's steps executor; on a remote engine made once the project is there. */
  executor: (lost?: Promise<string>) => Promise<StepExecutor>;
  remote?: RemoteRun;
  /** Times a failed step is tried again. */
  retries: number;
  /** Step uuid -> its attempts (one each unless retried). */
  attempts: Map<string, StepAttempt[]>;
  /** A job's run: these instead of the bus events and the last-run history. */
  hooks?: RunHooks | undefined;
  /** The pipeline's noninteractive services, stopped when the run ends. */
  services?: RunServices;
}

interface LaunchSpec {
  req: ParsedRunRequest;
  pipelinePath: string;
  target: RunTarget;
  /** The user's project (variables, ids). */
  projectRoot: string;
  key: string;
  runId: string;
  sharedDataDir: string;
  images?: ReadonlyMap<string, StepImage> | undefined;
  retries: number;
  hooks?: RunHooks | undefined;
}

/** Attempt n's log: the step's log for the first, `<step>.attempt-<n>.log` beside it for retries. */
export function attemptLogPath(logPath: string, attempt: number): string {
  return attempt === 1 ? logPath : logPath.replace(/\.log$/, '') + `.attempt-${attempt}.log`;
}

/** A run on an engine that cannot see this machine's files. */
interface RemoteRun {
  engine: ResolvedEngine;
  ctx: RemoteContext;
  projectUuid: string;
  watch?: EngineWatch;
  /** Set once the connection was lost: the run ends at once, its containers are removed later. */
  lostReason?: string;
  /** A job's run: every step's outputs are copied back here, then its copy of the project removed. */
  outputs?: { dataRel: string; dataDir: string };
}

/** A remote engine that does not answer this fast is not reachable (a paused host answers nothing). */
const REMOTE_PING_TIMEOUT_MS = 8000;
/** After a lost connection: how often to look whether the engine is back, to remove what the run left there. */
const RECONNECT_INTERVAL_MS = 3000;

const MAX_FINISHED_KEPT = 50;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
const clone = (s: RunState): RunState => structuredClone(s);
const jobsNeedDocker = (engine: string) => `${engine} is a Kubernetes engine: jobs run on Docker engines. Pick one for the project, or export the job for the cluster (orchest export argo --cron).`;
const shownEngine = ({ connection: _c, key: _k, kube: _kube, ...shown }: ResolvedEngine) => shown;

export function createRunService(deps: RunServiceDeps): RunServiceHandle {
  const { config, project, environments, bus, dataDir } = deps;
  const history = new RunHistory(dataDir);
  const runs = new Map<string, RunRecord>();
  const latestByPipeline = new Map<string, string>();
  const busy = new Map<string, string>(); // pipeline key -> run id ('' while preparing)
  const dockers = new Map<string, Docker>();
  let resources = deps.resources;
  const engines = deps.engines ?? createEngineService({ config, projectRoot: () => project.root() });
  const reconnects = new Set<NodeJS.Timeout>();

  const dockerFor = (host: string): Docker => {
    const target = dockerTarget(host);
    let client = dockers.get(target);
    if (!client) dockers.set(target, (client = createDockerClient(host)));
    return client;
  };
  const keyOf = (root: string, pipeline: string) => `${root}\0${pipeline}`;

  const orphansRemoved: Promise<string[]> = (async () => {
    const docker = dockerFor(config.get().docker_host);
    try {
      await docker.ping();
    } catch {
      return []; // no Docker, no containers to clean
    }
    return removeOrphanContainers(docker, (id) => activeRunIds.has(id)).catch(() => []);
  })();

  function publish(record: RunRecord): void {
    const snapshot = clone(record.state);
    if (record.hooks) {
      record.hooks.onUpdate(snapshot, structuredClone(record.attempts));
      return;
    }
    bus.emit('run.updated', snapshot);
    history.save(record.root, snapshot).catch(() => {
      // The run goes on without history; runs.last answers from memory in this process.
    });
  }

  function forget(): void {
    const finished = [...runs.values()].filter((r) => isRunFinished(r.state.status));
    const referenced = new Set(latestByPipeline.values());
    for (const r of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED_KEPT))) {
      if (!referenced.has(r.state.id)) runs.delete(r.state.id);
    }
  }

  async function start(req: ParsedRunRequest): Promise<RunState> {
    const pipelinePath = normalizePipelinePath(req.pipeline);
    const root = project.root();
    const key = keyOf(root, pipelinePath);
    if (busy.has(key)) {
      const other = busy.get(key);
      throw new CoreError('BUSY', `Pipeline "${pipelinePath}" is already running${other ? ` (run ${other})` : ''}: cancel it or wait for it to finish.`);
    }
    busy.set(key, '');
    try {
      return await launch({ req, pipelinePath, target: project, projectRoot: root, key, runId: randomUUID(), sharedDataDir: path.join(dataDir, 'data'), retries: 0 });
    } catch (err) {
      busy.delete(key);
      throw err;
    }
  }

  async function startIsolated(opts: IsolatedRunOptions): Promise<RunState> {
    const pipelinePath = normalizePipelinePath(opts.pipeline);
    const root = opts.target.root();
    const key = keyOf(root, pipelinePath);
    if (busy.has(key)) throw new CoreError('BUSY', `Run ${opts.runId} is already going.`);
    busy.set(key, '');
    // A job's runs are Orchest's noninteractive scope: its services of that scope run beside them.
    const req: ParsedRunRequest = { pipeline: pipelinePath, kind: 'full', steps: [], inclusive: false, env: opts.env, withServices: true, ...(opts.parallelism ? { parallelism: opts.parallelism } : {}), ...(opts.runner ? { runner: opts.runner } : {}) };
    try {
      return await launch({ req, pipelinePath, target: opts.target, projectRoot: opts.projectRoot, key, runId: opts.runId, sharedDataDir: opts.sharedDataDir, images: opts.images, retries: opts.retries, hooks: opts.hooks });
    } catch (err) {
      busy.delete(key);
      throw err;
    }
  }

  async function pinImages(target: RunTarget, pipelinePath: string): Promise<Map<string, StepImage & { name: string }>> {
    const rel = normalizePipelinePath(pipelinePath);
    const doc = await target.readPipeline(rel);
    const pipeline = runnablePipeline(doc);
    const steps = await checkStepFiles(target, doc, pipeline, planRun(pipeline, { kind: 'full', steps: [], inclusive: false }));
    const cfg = config.get();
    // Pinned on the engine the job's runs use: a remote one has images (and builds environments) of its own.
    const engine = await engines.resolve();
    if (engine.kube) throw new CoreError('INVALID_ARGUMENT', jobsNeedDocker(engine.name));
    const docker = engines.client(engine);
    if (engine.remote) await reachRemote(docker, engine);
    else await assertDockerReachable(docker, engine.host);
    const images = await resolveStepImages(docker, cfg, environments, pipeline, steps, undefined, engine.remote);
    const pinned = new Map<string, StepImage & { name: string }>();
    const ids = new Map<string, string>();
    for (const [uuid, img] of images) {
      let id = ids.get(img.image);
      if (!id) {
        const info = await inspectImage(docker, img.image);
        if (!info) throw new CoreError('IMAGE_MISSING', `Docker has no image "${img.image}" any more: build it again and restart the job.`);
        ids.set(img.image, (id = info.id));
      }
      pinned.set(uuid, { ...img, name: img.image, image: id });
    }
    return pinned;
  }

  async function launch(spec: LaunchSpec): Promise<RunState> {
    const { req, pipelinePath, target, key, runId } = spec;
    const root = target.root();
    // Pre-flight: nothing starts unless every step can.
    const doc = await target.readPipeline(pipelinePath);
    const pipeline = runnablePipeline(doc);
    const planned = planRun(pipeline, req);
    const steps = await checkStepFiles(target, doc, pipeline, planned);
    const cfg = config.get();
    const runner = req.runner ?? cfg.default_runner;
    const artefacts = pipelineArtefacts(root, { layout: doc.layout, dir: doc.dir, uuid: pipeline.uuid });
    resources ??= findStepResources();
    const owner = await projectOwner(root);
    const vars = deps.variables ? await deps.variables.forRun(spec.projectRoot, pipeline.uuid, req.env) : { env: req.env, secrets: [] };
    const base: RunContext = { runId, root, doc, pipeline, artefacts, projectUuid: projectUuid(spec.projectRoot), owner, resources, variables: vars.env };

    let executor: RunRecord['executor'];
    let docker: Docker | undefined;
    let engine: ResolvedEngine | undefined;
    let remote: RemoteRun | undefined;
    const cleanup = new PendingWork();
    const controller = new AbortController();
    if (runner === 'docker') engine = await engines.resolve(req.engine);
    if (engine?.kube) return launchOnCluster(spec, { ...engine, kube: engine.kube }, { root, artefacts, owner, secrets: vars.secrets });
    if (runner === 'docker' && engine) {
      docker = engines.client(engine);
      const client = docker;
      if (engine.remote) {
        // One after the other: a remote engine that does not answer must say so before anything waits on it.
        await reachRemote(client, engine);
        await removeOrphanContainers(client, (id) => activeRunIds.has(id)).catch(() => []); // what a lost connection left there
        const images = spec.images ? new Map(spec.images) : await resolveStepImages(client, cfg, environments, pipeline, steps, req.image, true);
        await Promise.all([ensureOwnedDir(artefacts.dataDir, owner), ensureOwnedDir(artefacts.logsDir, owner)]);
        const firstImage = images.values().next().value?.image ?? '';
        const labels = { [LABEL.run]: runId, [LABEL.project]: base.projectUuid, ...ownerLabels({ pid: process.pid, host: os.hostname(), instance: OWNER_INSTANCE }) };
        const ctx: RemoteContext = { docker: client, engineKey: engine.key, dataDir, image: firstImage, labels, owner, signal: controller.signal };
        const stepResources = resources;
        // A job's run gets its own copy there (parallel runs of a grid must not share one), its outputs brought back after.
        const workspace = spec.hooks ? `run-${runId}` : base.projectUuid;
        const dataRel = path.relative(root, artefacts.dataDir).split(path.sep).join('/');
        if (firstImage) remote = { engine, ctx, projectUuid: workspace, ...(spec.hooks ? { outputs: { dataRel, dataDir: artefacts.dataDir } } : {}) };
        executor = async (lost) => {
          const ws = await prepareWorkspace(ctx, root, workspace, stepResources);
          return dockerExecutor({ ...base, docker: client, images, sharedDataDir: '', volumes: ws.volumes, cleanup, ...(lost ? { lost } : {}) });
        };
      } else {
        const sharedDataDir = spec.sharedDataDir;
        // All at once, not one after the other; when Docker is not there, that is the error to show.
        const reachable = assertDockerReachable(client, engine.host);
        const images = spec.images ? Promise.resolve(new Map(spec.images)) : resolveStepImages(client, cfg, environments, pipeline, steps, req.image);
        const dirs = Promise.all([ensureSharedDataDir(sharedDataDir), ensureOwnedDir(artefacts.dataDir, owner), ensureOwnedDir(artefacts.logsDir, owner)]);
        images.catch(() => {});
        dirs.catch(() => {}); // both awaited below, after `reachable`
        await reachable;
        await dirs;
        const ready = dockerExecutor({ ...base, docker: client, images: await images, sharedDataDir, cleanup });
        executor = async () => ready;
      }
    } else {
      const ready = localExecutor(base);
      executor = async () => ready;
      await ensureOwnedDir(artefacts.dataDir, owner);
      await ensureOwnedDir(artefacts.logsDir, owner);
    }

    const runnerNotes = runner === 'local' ? localRunnerNotes(steps) : [];
    // Last before the run exists: nothing after this may fail and leave them running.
    let services: RunServices | undefined;
    if (req.withServices && deps.services) {
      if (runner === 'docker') services = await deps.services.forRun({ root, doc, pipeline, runId, variables: vars });
      else runnerNotes.push("The pipeline's services were not started: they need Docker.");
    }
    const parallelism = req.parallelism ?? (pipeline.settings.max_steps_parallelism || cfg.default_parallelism);
    const state: RunState = {
      id: runId,
      pipeline: pipelinePath,
      kind: req.kind,
      runner,
      ...(engine ? { engine: shownEngine(engine) } : {}),
      status: 'PENDING',
      startedAt: Date.now(),
      ...(runnerNotes.length ? { message: runnerNotes.join(' — ') } : {}),
      steps: steps.map((s) => ({ uuid: s.uuid, title: s.title, status: 'PENDING', logPath: stepLogPath(artefacts, s.uuid) })),
    };
    const record: RunRecord = {
      key,
      root,
      owner,
      state,
      controller,
      done: Promise.resolve(state),
      cleanup,
      secrets: vars.secrets,
      runnerNotes,
      retries: spec.retries,
      attempts: new Map(),
      hooks: spec.hooks,
      executor,
      ...(docker ? { docker } : {}),
      ...(services ? { services } : {}),
      ...(remote ? { remote } : {}),
    };
    runs.set(runId, record);
    if (!spec.hooks) latestByPipeline.set(key, runId);
    busy.set(key, runId);
    activeRunIds.add(runId);
    publish(record);
    state.status = 'STARTED';
    publish(record);
    record.done = execute(record, steps, parallelism);
    return clone(state);
  }

  /** The pipeline as an Argo Workflow on a Kubernetes engine, shown as a run: its steps' states, their logs, cancel. */
  async function launchOnCluster(spec: LaunchSpec, engine: ResolvedEngine & { kube: KubeEngineSpec }, at: { root: string; artefacts: ReturnType<typeof pipelineArtefacts>; owner: Owner | undefined; secrets: readonly string[] }): Promise<RunState> {
    const { req, pipelinePath, key, runId } = spec;
    if (!deps.cluster) throw new CoreError('INVALID_ARGUMENT', `${engine.name} is a Kubernetes engine, which this app was started without: pick a Docker engine.`);
    if (spec.hooks) throw new CoreError('INVALID_ARGUMENT', jobsNeedDocker(engine.name));
    if (req.kind !== 'full') throw new CoreError('INVALID_ARGUMENT', `${engine.name} is a Kubernetes engine: it runs whole pipelines ("Run all"). To run selected steps, pick a Docker engine.`);
    await ensureOwnedDir(at.artefacts.logsDir, at.owner);
    const run = await deps.cluster.startRun(pipelinePath, engine.kube);
    const where = `the Argo Workflow ${run.name} in namespace ${run.namespace} on ${run.server}`;
    const state: RunState = {
      id: runId,
      pipeline: pipelinePath,
      kind: 'full',
      runner: 'docker',
      engine: shownEngine(engine),
      status: 'PENDING',
      startedAt: Date.now(),
      message: `Runs as ${where}.`,
      steps: run.steps.map((s) => ({ uuid: s.uuid, title: s.title, status: 'PENDING', logPath: stepLogPath(at.artefacts, s.uuid) })),
    };
    const controller = new AbortController();
    const record: RunRecord = {
      key,
      root: at.root,
      owner: at.owner,
      state,
      controller,
      done: Promise.resolve(state),
      cleanup: new PendingWork(),
      secrets: at.secrets,
      runnerNotes: [`Ran as ${where}.`],
      retries: 0,
      attempts: new Map(),
      executor: () => Promise.reject(new Error('a run on Kubernetes has no step executor here')),
    };
    runs.set(runId, record);
    latestByPipeline.set(key, runId);
    busy.set(key, runId);
    activeRunIds.add(runId);
    publish(record);
    state.status = 'STARTED';
    publish(record);
    record.done = followOnCluster(record, run);
    return clone(state);
  }

  async function followOnCluster(record: RunRecord, run: ClusterRun): Promise<RunState> {
    const { state, controller } = record;
    const logs = new ClusterLogs(state, record.secrets, (chunk) => bus.emit('run.log', chunk));
    logs.openAll();
    const following = new AbortController();
    let fatal: string | undefined;
    // Cancel stops the Workflow on the cluster; following goes on until Argo says it ended.
    const terminate = () =>
      run.terminate().catch((err: unknown) => {
        fatal = `The Workflow could not be stopped (${err instanceof Error ? err.message : String(err)}): stop it with kubectl patch workflow ${run.name} -n ${run.namespace} --type merge -p '{"spec":{"shutdown":"Terminate"}}'.`;
        following.abort();
      });
    controller.signal.addEventListener('abort', () => void terminate(), { once: true });
    try {
      const final = await run.follow({ state: (wf) => applyWorkflowState(state, wf) && publish(record), log: (stepId, text) => logs.write(stepId, text) }, following.signal);
      const failedSteps = state.steps.some((s) => s.status === 'FAILURE');
      if ((final.phase === 'Failed' || final.phase === 'Error') && !failedSteps && !controller.signal.aborted) fatal ??= final.message ?? `the Workflow ended ${final.phase}`;
    } catch (err) {
      fatal ??= `stopped following ${run.name}: ${err instanceof Error ? err.message : String(err)} (it may still run on the cluster: kubectl get workflow ${run.name} -n ${run.namespace}).`;
    }
    await logs.close();
    const now = Date.now();
    for (const s of state.steps) {
      if (s.status === 'SUCCESS' || s.status === 'FAILURE') continue;
      if (controller.signal.aborted || s.status === 'PENDING' || s.status === 'STARTED') {
        s.status = 'ABORTED';
        s.endedAt ??= now;
        s.message = controller.signal.aborted ? 'Cancelled: the Workflow was stopped.' : s.message ?? 'Not run.';
      }
    }
    if (controller.signal.aborted) for (const s of state.steps) if (s.status === 'FAILURE' && s.message?.includes('shutdown')) s.status = 'ABORTED';
    return settle(record, fatal, []);
  }

  async function reachRemote(docker: Docker, engine: ResolvedEngine): Promise<void> {
    try {
      await pingWithin(docker, REMOTE_PING_TIMEOUT_MS);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new CoreError(
        'DOCKER_UNAVAILABLE',
        `The engine ${engine.name} (${engine.host}) is not reachable: ${why}. Check the host is up and Docker runs there, or pick another engine (the engine picker, or orchest run --engine local).`,
      );
    }
  }

  /** Once a lost engine answers again, remove what the run left there (its containers may go on running meanwhile). */
  function cleanUpWhenBack(docker: Docker): void {
    const timer = setInterval(() => {
      pingWithin(docker, RECONNECT_INTERVAL_MS).then(
        async () => {
          if (!reconnects.delete(timer)) return;
          clearInterval(timer);
          await removeOrphanContainers(docker, (id) => activeRunIds.has(id)).catch(() => []);
        },
        () => undefined,
      );
    }, RECONNECT_INTERVAL_MS);
    timer.unref?.();
    reconnects.add(timer);
  }

  /** Why the engine does not answer now; null when it does. */
  function unreachable(docker: Docker): Promise<string | null> {
    return pingWithin(docker, RECONNECT_INTERVAL_MS).then(
      () => null,
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
  }

  /** Race work on a remote engine with the loss of its connection. */
  function unlessLost<T>(remote: RemoteRun | undefined, work: Promise<T>): Promise<T> {
    if (!remote?.watch) return work;
    return Promise.race([work, remote.watch.lost.then((reason): never => { throw new Error(reason); })]);
  }

  async function ensureSharedDataDir(dir: string): Promise<void> {
    const existed = await fs.stat(dir).then(
      () => true,
      () => false,
    );
    await fs.mkdir(dir, { recursive: true });
    // Shared by every project, like /tmp: when root makes it, steps of any user must write there.
    if (!existed && process.getuid?.() === 0) await fs.chmod(dir, 0o1777);
  }

  async function execute(record: RunRecord, steps: PreparedStep[], parallelism: number): Promise<RunState> {
    const { state, controller, remote } = record;
    const byId = new Map<string, StepRunState>(state.steps.map((s) => [s.uuid, s]));
    const prepared = new Map(steps.map((s) => [s.uuid, s]));
    let fatal: string | undefined;
    const pulled: string[] = [];
    if (remote && record.docker) {
      remote.watch = watchEngine(record.docker, `${remote.engine.name} (${remote.engine.host})`);
      void remote.watch.lost.then((reason) => (remote.lostReason = reason));
    }
    let executor: StepExecutor | undefined;
    try {
      try {
        if (remote) {
          state.message = `Copying the project to ${remote.engine.name}…`;
          publish(record);
        }
        executor = await unlessLost(remote, record.executor(remote?.watch?.lost));
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new Error(remote && !remote.lostReason ? `could not copy the project to ${remote.engine.name}: ${why}` : why);
      } finally {
        if (remote) delete state.message;
      }
      const ready: StepExecutor = executor;
      const result = await runSchedule({
        steps,
        parallelism,
        signal: controller.signal,
        execute: (uuid, signal, release) => runStep(record, prepared.get(uuid)!, byId.get(uuid)!.logPath, ready, signal, release),
        ...(ready.prepare ? { prepare: (uuid: string, now: boolean) => ready.prepare!(prepared.get(uuid)!, now) } : {}),
        onStart: (uuid) => {
          const s = byId.get(uuid)!;
          s.status = 'STARTED';
          s.startedAt = Date.now();
          publish(record);
        },
        onEnd: (uuid, outcome) => {
          const s = byId.get(uuid)!;
          s.status = outcome.status;
          if (s.startedAt !== undefined) s.endedAt = Date.now();
          if (outcome.exitCode !== undefined) s.exitCode = outcome.exitCode;
          if (outcome.message) s.message = outcome.message;
          publish(record);
        },
      });
      fatal = result.fatal;
    } catch (err) {
      fatal = err instanceof Error ? err.message : String(err);
      for (const s of state.steps) {
        if (s.status !== 'PENDING') continue;
        s.status = 'ABORTED';
        s.message = `Not started: ${fatal}`;
      }
    }
    // A step lost the engine before the watch said so (an SSH link cut, a daemon killed): is it still there?
    const gone = fatal && record.docker && !remote?.lostReason ? await unreachable(record.docker) : null;
    if (remote && gone !== null) remote.lostReason = lostConnection(`${remote.engine.name} (${remote.engine.host})`, gone);
    if (remote?.lostReason) {
      // The engine is gone: nothing can be removed or brought back now; it is done once it answers.
      fatal = remote.lostReason;
      if (record.docker) cleanUpWhenBack(record.docker);
    } else {
      await executor?.dispose?.().catch(() => {});
      await record.cleanup.settled(); // a run that has ended leaves no container behind
      // A local daemon that died (killed, restarted): what it could not remove goes once it is back.
      if (gone !== null && record.docker) cleanUpWhenBack(record.docker);
      if (remote) {
        try {
          const back = await unlessLost(remote, pullBackProject(remote.ctx, record.root, remote.projectUuid, state.startedAt));
          if (back.fetched.length) pulled.push(`${back.fetched.length} changed file${back.fetched.length > 1 ? 's' : ''} brought back from ${remote.engine.name}.`);
          if (back.kept.length) pulled.push(`Changed both here and on ${remote.engine.name} during the run, kept as here: ${back.kept.join(', ')}.`);
          if (remote.outputs) {
            const { dataRel, dataDir } = remote.outputs;
            for (const s of state.steps) await unlessLost(remote, fetchStepOutputs(remote.ctx, remote.projectUuid, dataRel, s.uuid, dataDir));
            await dropWorkspace(remote.ctx, remote.projectUuid).catch(() => undefined);
          }
        } catch (err) {
          pulled.push(`The files the run changed could not be brought back from ${remote.engine.name}: ${err instanceof Error ? err.message : String(err)}.`);
          if (remote.lostReason && record.docker) cleanUpWhenBack(record.docker);
        }
      }
    }
    remote?.watch?.stop();
    await record.services?.stop().catch(() => {}); // Docker gone: orphan clean-up takes them on the next start
    return settle(record, fatal, pulled);
  }

  /** The run's end: its status from its steps', the notes in its message, the last event and history. */
  async function settle(record: RunRecord, fatal: string | undefined, pulled: string[]): Promise<RunState> {
    const { state, controller } = record;
    const notes: string[] = [...record.runnerNotes];
    const failed = state.steps.filter((s) => s.status === 'FAILURE');
    if (state.steps.every((s) => s.status === 'SUCCESS')) {
      state.status = 'SUCCESS';
      if (!state.steps.length) notes.push(state.kind === 'incoming' ? 'Nothing to run: the selected steps have no incoming steps.' : 'Nothing to run: the pipeline has no steps.');
    } else if (controller.signal.aborted && !fatal) {
      state.status = 'ABORTED';
      notes.push('Cancelled.');
    } else {
      state.status = 'FAILURE';
      if (fatal) notes.push(`The run stopped: ${fatal}`);
      else if (failed.length) notes.push(`${failed.length} step${failed.length > 1 ? 's' : ''} failed: ${failed.map((s) => `"${s.title || s.uuid}"`).join(', ')}.`);
    }
    notes.push(...pulled);
    if (notes.length) state.message = notes.join(' — ');
    else delete state.message;
    state.endedAt = Date.now();
    activeRunIds.delete(state.id);
    busy.delete(record.key);
    const final = clone(state);
    if (record.hooks) record.hooks.onUpdate(final, structuredClone(record.attempts));
    else {
      bus.emit('run.updated', final);
      await history.save(record.root, final).catch(() => {});
    }
    forget();
    return final;
  }

  /** A step, tried again after a failure up to the run's retries, each attempt with its own log. */
  async function runStep(record: RunRecord, step: PreparedStep, logPath: string, executor: StepExecutor, signal: AbortSignal, release: () => void): Promise<StepOutcome> {
    const attempts: StepAttempt[] = [];
    record.attempts.set(step.uuid, attempts);
    const stepState = record.state.steps.find((s) => s.uuid === step.uuid)!;
    for (let n = 1; ; n++) {
      const last = n > record.retries;
      const attempt: StepAttempt = { attempt: n, status: 'STARTED', startedAt: Date.now(), logPath: attemptLogPath(logPath, n) };
      attempts.push(attempt);
      stepState.logPath = attempt.logPath;
      if (n > 1) publish(record);
      // Only the last possible attempt frees its place early: a retry must still find it.
      const outcome = await runAttempt(record, step, attempt, executor, signal, last ? release : () => undefined);
      Object.assign(attempt, { status: outcome.status, endedAt: Date.now(), exitCode: outcome.exitCode ?? null, ...(outcome.message ? { message: outcome.message } : {}) });
      if (outcome.status !== 'FAILURE' || outcome.fatal || last || signal.aborted) return outcome;
    }
  }

  async function runAttempt(record: RunRecord, step: PreparedStep, attempt: StepAttempt, executor: StepExecutor, signal: AbortSignal, release: () => void): Promise<StepOutcome> {
    const { state } = record;
    const logPath = attempt.logPath;
    const emit = (chunk: LogChunk) => (record.hooks ? record.hooks.onLog(chunk, attempt.attempt) : bus.emit('run.log', chunk));
    const live = new LiveLogBatcher(({ offset, text }) => emit({ runId: state.id, pipeline: state.pipeline, stepId: step.uuid, offset, text }));
    let sink: StepLogSink;
    try {
      sink = await StepLogSink.open(logPath, live, record.secrets);
      await chownIfRoot(logPath, record.owner);
    } catch (err) {
      return { status: 'FAILURE', exitCode: null, message: `Cannot write the log file ${logPath}: ${ioErrorText(err)}.${ioErrorAdvice(err)}` };
    }
    let outcome: StepOutcome;
    try {
      outcome = await executor({ step, sink, signal, release, attempt: attempt.attempt });
    } catch (err) {
      outcome = { status: 'FAILURE', exitCode: null, message: err instanceof Error ? err.message : String(err) };
    }
    if (outcome.message) outcome = { ...outcome, message: maskText(outcome.message, record.secrets) };
    if (outcome.status !== 'SUCCESS' && outcome.message) await sink.note(outcome.message)?.catch(() => undefined); // a failed log says so below
    try {
      await sink.close();
    } catch (err) {
      const why = `The log file could not be written: ${ioErrorText(err)}.${ioErrorAdvice(err)}`;
      outcome = { status: 'FAILURE', exitCode: outcome.exitCode ?? null, message: outcome.status === 'SUCCESS' || !outcome.message ? why : `${outcome.message} ${why}` };
    }
    return outcome;
  }

  async function cancel(runId: string): Promise<RunState> {
    const record = runs.get(runId);
    if (!record) throw new CoreError('NOT_FOUND', `No run ${runId}.`);
    if (isRunFinished(record.state.status)) return clone(record.state);
    record.controller.abort();
    // Steps kill their own containers/processes; the label sweep is the backstop.
    const settled = await Promise.race([record.done.then(() => true), sleep(1500).then(() => false)]);
    if (!settled && record.docker) await removeRunContainers(record.docker, runId).catch(() => 0);
    await Promise.race([record.done, sleep(10_000)]);
    return clone(record.state);
  }

  function get(runId: string): RunState {
    const record = runs.get(runId);
    if (!record) throw new CoreError('NOT_FOUND', `No run ${runId} in this session.`);
    return clone(record.state);
  }

  async function last(pipelinePath: string): Promise<RunState | null> {
    const rel = normalizePipelinePath(pipelinePath);
    const root = project.root();
    const id = latestByPipeline.get(keyOf(root, rel));
    const record = id ? runs.get(id) : undefined;
    if (record) return clone(record.state);
    return history.load(root, rel);
  }

  async function readLog(pipelinePath: string, stepId: string, tailBytes: number) {
    if (!isSafeStepId(stepId)) throw new CoreError('INVALID_ARGUMENT', `"${stepId}" is not a valid step id.`);
    const rel = normalizePipelinePath(pipelinePath);
    const root = project.root();
    const recent = latestByPipeline.get(keyOf(root, rel));
    let logPath = recent ? runs.get(recent)?.state.steps.find((s) => s.uuid === stepId)?.logPath : undefined;
    let known = Boolean(logPath);
    if (!logPath) {
      const doc = await project.readPipeline(rel);
      const uuid = doc.pipeline?.uuid ?? doc.uuid;
      logPath = stepLogPath(pipelineArtefacts(root, { layout: doc.layout, dir: doc.dir, ...(uuid ? { uuid } : {}) }), stepId);
      known = Boolean(doc.pipeline?.steps[stepId]);
    }
    const tail = await readTail(logPath, tailBytes);
    if (tail) return tail;
    if (!known) throw new CoreError('NOT_FOUND', `Pipeline "${rel}" has no step ${stepId}.`);
    return { text: '', size: 0, truncated: false };
  }

  async function fetchOutputs(pipelinePath: string, stepId: string): Promise<FetchedOutputs> {
    if (!isSafeStepId(stepId)) throw new CoreError('INVALID_ARGUMENT', `"${stepId}" is not a valid step id.`);
    const rel = normalizePipelinePath(pipelinePath);
    const root = project.root();
    const doc = await project.readPipeline(rel);
    const uuid = doc.pipeline?.uuid ?? doc.uuid;
    const artefacts = pipelineArtefacts(root, { layout: doc.layout, dir: doc.dir, ...(uuid ? { uuid } : {}) });
    const lastRun = await last(rel);
    const used = lastRun?.engine;
    if (!used?.remote) {
      throw new CoreError('INVALID_ARGUMENT', `The last run of "${rel}" ${lastRun ? 'ran on this machine' : 'is not known'}: its outputs are in ${artefacts.dataDir} already.`);
    }
    const engine = await engines.resolve(used.source === 'DOCKER_HOST' ? undefined : used.ref);
    if (engine.kube) throw new CoreError('INVALID_ARGUMENT', `The last run of "${rel}" ran on the Kubernetes engine ${engine.name}: its outputs are on the volume claim ${engine.kube.pvc ?? 'orchest-userdir'} there (kubectl cp from a pod that mounts it).`);
    const docker = engines.client(engine);
    await reachRemote(docker, engine);
    const puuid = projectUuid(root);
    const image = await lastHelperImage({ dataDir, engineKey: engine.key }, puuid);
    if (!image) throw new CoreError('NOT_FOUND', `Nothing of this project was copied to ${engine.name} from here yet: run the pipeline there first.`);
    const owner = await projectOwner(root);
    const ctx: RemoteContext = { docker, engineKey: engine.key, dataDir, image, labels: ownerLabels({ pid: process.pid, host: os.hostname(), instance: OWNER_INSTANCE }), owner, signal: new AbortController().signal };
    const dataRel = path.relative(root, artefacts.dataDir).split(path.sep).join('/');
    await ensureOwnedDir(artefacts.dataDir, owner);
    try {
      const got = await fetchStepOutputs(ctx, puuid, dataRel, stepId, artefacts.dataDir);
      return { path: path.join(artefacts.dataDir, stepId), ...got, engine: engine.name };
    } catch (err) {
      throw new CoreError('NOT_FOUND', `Could not fetch the outputs of step ${stepId} from ${engine.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async function wait(runId: string): Promise<RunState> {
    const record = runs.get(runId);
    if (!record) throw new CoreError('NOT_FOUND', `No run ${runId} in this session.`);
    return record.done;
  }

  async function dispose(): Promise<void> {
    const active = [...runs.values()].filter((r) => !isRunFinished(r.state.status));
    await Promise.all(active.map((r) => cancel(r.state.id).catch(() => undefined)));
    for (const timer of reconnects) clearInterval(timer);
    reconnects.clear();
    await orphansRemoved.catch(() => []);
    await history.flush();
  }

  return { start: (req) => start(req), startIsolated, pinImages, cancel, get, last, readLog, fetchOutputs, dispose, wait, orphansRemoved };
}
