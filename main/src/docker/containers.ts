import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { processAlive } from '../core/process-alive.js';
import type { ReadiedContainer } from './readied-container.js';

/** Where things are inside a step's container. */
export const CONTAINER_PATHS = {
  project: '/project-dir',
  data: '/data',
  sdk: '/orchest/sdk',
  runner: '/orchest/runner',
} as const;

export const APP_LABEL = 'orchest-desktop';
/** Label keys on every step container. `owner_*` tell a crashed app's leftovers from a live one's. */
export const LABEL = {
  app: 'app',
  project: 'project',
  pipeline: 'pipeline',
  run: 'run',
  step: 'step',
  ownerPid: 'owner_pid',
  ownerHost: 'owner_host',
  ownerInstance: 'owner_instance',
  /** On a session's container (a Jupyter server...) instead of run/step. */
  session: 'session',
  /** A pipeline service's name (with `session` and `pipeline`). */
  service: 'service',
  /** On the container holding a run's network (run-network.ts), instead of step. */
  runNetwork: 'run_network',
} as const;

/** This module instance (one per process, or per worker thread): tells our containers from a sibling's. */
export const OWNER_INSTANCE: string = randomUUID();

export interface StepContainerInput {
  image: string;
  /** Host folders. */
  projectRoot: string;
  sharedDataDir: string;
  sdkDir: string;
  runnerDir: string;
  /** The pipeline's folder inside the project, '/'-separated ('' = the project root). */
  pipelineDir: string;
  cmd: string[];
  env: Record<string, string>;
  labels: { project: string; pipeline: string; run: string; step: string };
  owner: { pid: number; host: string; instance: string };
  /** "uid:gid" to run as (Linux: the project folder's owner), so files the step writes are the user's. */
  user?: string;
  gpu: boolean;
  name?: string;
  /** Docker's NanoCpus and Memory for the container; absent: no limit. */
  limits?: { nanoCpus?: number; memoryBytes?: number };
  /** The container whose network the step joins (the run's, run-network.ts); absent: a network of its own. */
  networkOf?: string;
  /**
   * On an engine that cannot see this machine's files: volumes there instead of the host folders
   * (the project, /data, and the SDK and runner under /orchest). Nothing is bind-mounted then.
   */
  volumes?: RemoteVolumes;
}

/** Volume names on a remote engine (see docker/volumes.ts). */
export interface RemoteVolumes {
  project: string;
  data: string;
  runtime: string;
}

/** Where the runtime volume (sdk/ and runner/) is mounted: CONTAINER_PATHS.sdk and .runner are under it. */
export const RUNTIME_ROOT = '/orchest';

/** What every container of ours mounts (the project rw, the shared /data, the SDK and runner read-only), its GPUs and limits. */
export type ContainerMounts = Pick<StepContainerInput, 'projectRoot' | 'sharedDataDir' | 'sdkDir' | 'runnerDir' | 'gpu' | 'limits' | 'volumes'>;

/** The mounts of a step on a remote engine: the project and /data volumes read-write, the runtime (SDK, runner) read-only. */
export function volumeMounts(v: { project: string; data: string; runtime: string }, paths: { project: string; data: string; runtimeRoot: string }): Docker.MountSettings[] {
  return [
    { Type: 'volume', Source: v.project, Target: paths.project },
    { Type: 'volume', Source: v.data, Target: paths.data },
    { Type: 'volume', Source: v.runtime, Target: paths.runtimeRoot, ReadOnly: true },
  ];
}

/** Binds, GPUs and limits of a step's container; a session's container gets the same. */
export function mountsHostConfig(input: ContainerMounts): Docker.HostConfig {
  const hostConfig: Docker.HostConfig = input.volumes
    ? { Mounts: volumeMounts(input.volumes, { project: CONTAINER_PATHS.project, data: CONTAINER_PATHS.data, runtimeRoot: RUNTIME_ROOT }) }
    : {
        Binds: [
          `${input.projectRoot}:${CONTAINER_PATHS.project}:rw`,
          `${input.sharedDataDir}:${CONTAINER_PATHS.data}:rw`,
          `${input.sdkDir}:${CONTAINER_PATHS.sdk}:ro`,
          `${input.runnerDir}:${CONTAINER_PATHS.runner}:ro`,
        ],
      };
  if (input.limits?.nanoCpus !== undefined) hostConfig.NanoCpus = input.limits.nanoCpus;
  if (input.limits?.memoryBytes !== undefined) {
    hostConfig.Memory = input.limits.memoryBytes;
    // No swap on top: the limit is what the step may use, and going over ends it (OOM) instead of thrashing.
    hostConfig.MemorySwap = input.limits.memoryBytes;
  }
  if (input.gpu) hostConfig.DeviceRequests = [{ Driver: '', Count: -1, Capabilities: [['gpu']] }];
  return hostConfig;
}

/** The owner labels orphan clean-up reads. */
export function ownerLabels(owner: StepContainerInput['owner']): Record<string, string> {
  return { [LABEL.ownerPid]: String(owner.pid), [LABEL.ownerHost]: owner.host, [LABEL.ownerInstance]: owner.instance };
}

/** Every container of ours: the app label, what it belongs to, who owns it (orphan clean-up reads them). */
export function appLabels(labels: Record<string, string>, owner: StepContainerInput['owner']): Record<string, string> {
  return { [LABEL.app]: APP_LABEL, ...labels, ...ownerLabels(owner) };
}

/** Docker's NAME=VALUE list. */
export const envList = (env: Record<string, string>): string[] => Object.entries(env).map(([k, v]) => `${k}=${v}`);

/** The container of one step: pure, so it is unit-tested without Docker. */
export function buildContainerSpec(input: StepContainerInput): Docker.ContainerCreateOptions {
  const workingDir = path.posix.join(CONTAINER_PATHS.project, input.pipelineDir);
  const hostConfig = mountsHostConfig(input);
  if (input.networkOf) hostConfig.NetworkMode = `container:${input.networkOf}`;
  return {
    Image: input.image,
    ...(input.name ? { name: input.name } : {}),
    Cmd: input.cmd,
    WorkingDir: workingDir,
    Env: envList(input.env),
    ...(input.user ? { User: input.user } : {}),
    Labels: appLabels({ [LABEL.project]: input.labels.project, [LABEL.pipeline]: input.labels.pipeline, [LABEL.run]: input.labels.run, [LABEL.step]: input.labels.step }, input.owner),
    Tty: false,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: false,
    HostConfig: hostConfig,
  };
}

export type OutputStream = 'stdout' | 'stderr';
/** Receives demultiplexed output; a returned promise means "wait before sending more". */
export interface OutputSink {
  write(stream: OutputStream, chunk: Buffer): Promise<void> | undefined;
}

/**
 * Splits Docker's multiplexed attach stream (8-byte header: type, 0, 0, 0, uint32 BE size) into
 * stdout/stderr. It waits for the sink between chunks, so a slow disk slows the container down
 * instead of buffering its output in memory.
 */
export function createDemuxer(sink: OutputSink): Writable {
  let pending: Buffer = Buffer.alloc(0);
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      const frames: Array<[OutputStream, Buffer]> = [];
      while (pending.length >= 8) {
        const size = pending.readUInt32BE(4);
        if (pending.length < 8 + size) break;
        frames.push([pending[0] === 2 ? 'stderr' : 'stdout', pending.subarray(8, 8 + size)]);
        pending = pending.subarray(8 + size);
      }
      const next = (i: number): void => {
        for (; i < frames.length; i++) {
          const [stream, data] = frames[i]!;
          const wait = sink.write(stream, data);
          if (wait) {
            const from = i + 1;
            wait.then(
              () => next(from),
              (err: unknown) => callback(new OutputSinkError(err)),
            );
            return;
          }
        }
        callback();
      };
      next(0);
    },
  });
}

/** Docker answered with an HTTP error (bad image, bad command...): the step fails, the run goes on. */
export function isEngineResponse(err: unknown): boolean {
  return typeof err === 'object' && err !== null && typeof (err as { statusCode?: unknown }).statusCode === 'number';
}

/** Writing the output failed (e.g. disk full): not Docker's fault. */
export class OutputSinkError extends Error {
  constructor(cause: unknown) {
    super(`could not write the step's output: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'OutputSinkError';
  }
}

export class EngineLostError extends Error {
  constructor(cause: unknown) {
    super(`lost the connection to Docker: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'EngineLostError';
  }
}

export class ContainerStartError extends Error {
  constructor(cause: unknown) {
    super(`Docker could not start the step's container: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ContainerStartError';
  }
}

/** The container disappeared mid-run (`docker rm -f` from outside): this step fails, the run goes on. */
export class ContainerGoneError extends Error {
  constructor() {
    super("the step's container was removed from outside the app");
    this.name = 'ContainerGoneError';
  }
}

export interface ContainerResult {
  /** null when the container was killed because of `signal`. */
  exitCode: number | null;
  aborted: boolean;
  /** The kernel killed a process of it for going over its memory limit (Docker's State.OOMKilled). */
  oomKilled?: boolean;
}

function wrap(err: unknown, asStartError: boolean): Error {
  if (err instanceof EngineLostError || err instanceof ContainerStartError || err instanceof OutputSinkError || err instanceof ContainerGoneError) return err;
  if (isEngineResponse(err)) return asStartError ? new ContainerStartError(err) : (err as Error);
  return new EngineLostError(err);
}

const INSPECT_TIMEOUT_MS = 10_000;
const WATCHDOG_INTERVAL_MS = 5_000;
/** A removal still going after this is given up on; the next orphan clean-up takes the container. */
const REMOVE_TIMEOUT_MS = 60_000;
/** A start this slow means a wedged engine (e.g. Docker 20.10's libnetwork deadlock), not a slow one. */
export const START_TIMEOUT_MS = 120_000;

const isNotFound = (err: unknown) => (err as { statusCode?: number }).statusCode === 404;

/** Throws when Docker stops answering about the container (or it is gone). */
async function inspectState(container: Docker.Container): Promise<Docker.ContainerInspectInfo> {
  try {
    return await container.inspect({ abortSignal: AbortSignal.timeout(INSPECT_TIMEOUT_MS) });
  } catch (err) {
    if (isNotFound(err)) throw new ContainerGoneError();
    throw wrap(err, false);
  }
}

/** The reason a finished container's watchdog and wait stop with: one object, not an exception built each time. */
export const STOPPED = Object.freeze({ name: 'Stopped', message: 'the container has finished' });

/** Rejects when Docker stops answering about the container: its output stream or `wait` may never end then. */
async function watchdog(container: Docker.Container, stop: AbortSignal): Promise<never> {
  for (;;) {
    try {
      await sleep(WATCHDOG_INTERVAL_MS, undefined, { signal: stop });
    } catch {
      return new Promise<never>(() => {}); // stopped: never settles, the race is over
    }
    await inspectState(container);
  }
}

/**
 * The exit code, from one `wait` for the next exit asked before the start (as `docker run` does):
 * the engine answers the moment it records the exit, with no request to make after it, no polling.
 */
export async function nextExitCode(container: Docker.Container, stop: AbortSignal): Promise<number | null> {
  let answer: { StatusCode?: unknown };
  try {
    answer = (await container.wait({ condition: 'next-exit', abortSignal: stop })) as { StatusCode?: unknown };
  } catch (err) {
    if (isNotFound(err)) throw new ContainerGoneError();
    throw wrap(err, false);
  }
  return typeof answer.StatusCode === 'number' ? answer.StatusCode : null;
}

export interface RunContainerOptions {
  /**
   * Takes the removal of the finished container, which then goes on in the background (it never
   * rejects): the caller can start what comes next at once and wait for it later. Without it,
   * runContainer waits for the removal before it returns.
   */
  onRemoval?: (removed: Promise<void>) => void;
  /** Longer than any healthy start; past it the engine counts as lost (default 120 s). */
  startTimeoutMs?: number;
  /** Called once the container's output has ended (its process exited), before its exit code is known. */
  onOutputEnd?: () => void;
  /** Created ahead from the same spec (createContainerAhead): runContainer starts and removes it. */
  created?: Docker.Container;
  /** Started ahead behind its gate (readied-container.ts): runContainer opens the gate, and removes it. */
  readied?: ReadiedContainer;
}

/**
 * Create a container now to start it later with runContainer: the ~20 ms Docker takes to create
 * one then overlaps the step before it. Undefined when Docker refused: runContainer creates it then,
 * and reports the reason.
 */
export async function createContainerAhead(docker: Docker, spec: Docker.ContainerCreateOptions): Promise<Docker.Container | undefined> {
  return docker.createContainer(spec).catch(() => undefined);
}

/** Remove a container made ahead that will not run (never rejects: orphan clean-up catches what fails). */
export async function discardContainer(container: Docker.Container): Promise<void> {
  await container.remove({ force: true, abortSignal: AbortSignal.timeout(REMOVE_TIMEOUT_MS) }).catch(() => {});
}

/**
 * Create, attach, start and run one container to its end; output goes to `sink`; the container is
 * removed at the end whatever happened (see `onRemoval`). Aborting `signal` kills it (SIGKILL: a
 * cancel must be quick, not a 10 s stop). Throws EngineLostError when Docker goes away mid-run, and
 * ContainerStartError when Docker refuses to start the container.
 *
 * The end is the output stream closing and the answer of a `wait` for the next exit asked before
 * the start; a watchdog inspects the container meanwhile, because neither a
 * stream nor a long-polling request notices an engine that stops answering.
 */
export async function runContainer(
  docker: Docker,
  spec: Docker.ContainerCreateOptions,
  sink: OutputSink,
  signal: AbortSignal,
  opts: RunContainerOptions = {},
): Promise<ContainerResult> {
  if (signal.aborted) {
    if (opts.readied) await opts.readied.discard();
    else if (opts.created) await discardContainer(opts.created);
    return { exitCode: null, aborted: true };
  }
  let container: Docker.Container;
  try {
    container = opts.readied?.container ?? opts.created ?? (await docker.createContainer(spec));
  } catch (err) {
    throw wrap(err, true);
  }
  const kill = () => {
    container.kill().catch(() => {
      // Already gone or not started yet: the end is seen either way.
    });
  };
  const stop = opts.readied?.stop ?? new AbortController(); // ends the watchdog and a pending wait
  try {
    if (signal.aborted) return { exitCode: null, aborted: true };
    let drained: Promise<void>;
    let exitCode: Promise<number | null>;
    if (opts.readied) {
      drained = pipeline(opts.readied.stream, createDemuxer(sink));
      drained.catch(() => {}); // awaited below
      exitCode = opts.readied.exitCode;
      signal.addEventListener('abort', kill, { once: true });
      opts.readied.open();
    } else {
      try {
        // Attach before start so not a byte of output is missed.
        const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
        drained = pipeline(stream, createDemuxer(sink));
        drained.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
        exitCode = nextExitCode(container, stop.signal);
        exitCode.catch(() => {}); // likewise
        signal.addEventListener('abort', kill, { once: true });
        const startTimeoutMs = opts.startTimeoutMs ?? START_TIMEOUT_MS;
        const startTimeout = AbortSignal.timeout(startTimeoutMs);
        await container.start({ abortSignal: startTimeout }).catch((err: unknown) => {
          throw startTimeout.aborted ? new EngineLostError(new Error(`it did not start the step's container within ${startTimeoutMs / 1000} s (is the engine hung?)`)) : err;
        });
      } catch (err) {
        if (signal.aborted) return { exitCode: null, aborted: true }; // e.g. the cancel's backstop removed it
        throw wrap(err, true);
      }
    }
    if (signal.aborted) kill(); // the abort came while starting
    let code: number | null;
    try {
      // The end once the output is all in: the exit code may come a moment before it.
      const exited = drained.then(() => {
        opts.onOutputEnd?.();
        return exitCode;
      });
      code = await Promise.race([exited, watchdog(container, stop.signal)]);
    } catch (err) {
      if (signal.aborted) return { exitCode: null, aborted: true };
      throw wrap(err, false);
    }
    if (signal.aborted) return { exitCode: null, aborted: true };
    // A failed step: was it the memory limit? (The state says so until the container is removed.)
    const oomKilled = code !== 0 && (await inspectState(container).then((info) => info.State.OOMKilled === true, () => false));
    return { exitCode: code, aborted: false, ...(oomKilled ? { oomKilled } : {}) };
  } finally {
    stop.abort(STOPPED);
    signal.removeEventListener('abort', kill);
    const removed = container.remove({ force: true, abortSignal: AbortSignal.timeout(REMOVE_TIMEOUT_MS) }).then(
      () => undefined,
      () => undefined, // Docker gone or slow: the next start's orphan clean-up removes it.
    );
    if (opts.onRemoval) opts.onRemoval(removed);
    else await removed;
  }
}

/** Kill and remove every container of a run (the backstop of a cancel); gives up after `timeoutMs` (a hung engine). */
export async function removeRunContainers(docker: Docker, runId: string, timeoutMs = 10_000): Promise<number> {
  const abortSignal = AbortSignal.timeout(timeoutMs);
  const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL.app}=${APP_LABEL}`, `${LABEL.run}=${runId}`] }, abortSignal });
  await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true, abortSignal }).catch(() => {})));
  return list.length;
}

/** Session containers (by name) this process keeps running: never orphans while it lives. */
export const liveSessionContainers = new Set<string>();

/**
 * Remove step containers left by an app that is gone (a crash): everything labelled ours, except
 * runs going on in this process and containers of another live app process on this machine (a CLI
 * run next to the desktop app). Containers made from another host are left alone: we cannot tell.
 * Returns the ids removed (a removal that fails or outlasts `timeoutMs` is left for next time).
 */
export async function removeOrphanContainers(
  docker: Docker,
  isActiveRun: (runId: string) => boolean,
  host: string = os.hostname(),
  timeoutMs = 10_000,
): Promise<string[]> {
  // Bounded: a container a hung engine cannot remove must not hang the app's start and shutdown.
  const abortSignal = AbortSignal.timeout(timeoutMs);
  const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL.app}=${APP_LABEL}`] }, abortSignal });
  const orphans = list.filter((c) => {
    const labels = c.Labels ?? {};
    const run = labels[LABEL.run] ?? '';
    if (run && isActiveRun(run)) return false;
    if (labels[LABEL.session] && c.Names?.some((n) => liveSessionContainers.has(n.replace(/^\//, '')))) return false;
    const ownerHost = labels[LABEL.ownerHost];
    const ownerPid = Number(labels[LABEL.ownerPid]);
    if (ownerHost !== undefined && ownerHost !== host) return false;
    // Same process: ours when this instance made it (and its run is over); a sibling thread's otherwise.
    if (ownerPid === process.pid) return labels[LABEL.ownerInstance] === OWNER_INSTANCE;
    return !processAlive(ownerPid);
  });
  const removed = await Promise.all(
    orphans.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, abortSignal })
        .then(
          () => c.Id,
          () => null,
        ),
    ),
  );
  return removed.filter((id): id is string => id !== null);
}

/** The image's entrypoint ([] when it has none), from the one inspect that also says it exists; null when the engine has no such image. */
export async function imageEntrypoint(docker: Docker, image: string): Promise<string[] | null> {
  try {
    const info = await docker.getImage(image).inspect();
    const entrypoint = info.Config?.Entrypoint;
    return typeof entrypoint === 'string' ? [entrypoint] : (entrypoint ?? []);
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

export async function imageExists(docker: Docker, image: string): Promise<boolean> {
  return (await imageEntrypoint(docker, image)) !== null;
}
