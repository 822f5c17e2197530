import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';

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
}

/** The container of one step: pure, so it is unit-tested without Docker. */
export function buildContainerSpec(input: StepContainerInput): Docker.ContainerCreateOptions {
  const workingDir = path.posix.join(CONTAINER_PATHS.project, input.pipelineDir);
  const hostConfig: Docker.HostConfig = {
    Binds: [
      `${input.projectRoot}:${CONTAINER_PATHS.project}:rw`,
      `${input.sharedDataDir}:${CONTAINER_PATHS.data}:rw`,
      `${input.sdkDir}:${CONTAINER_PATHS.sdk}:ro`,
      `${input.runnerDir}:${CONTAINER_PATHS.runner}:ro`,
    ],
  };
  if (input.gpu) hostConfig.DeviceRequests = [{ Driver: '', Count: -1, Capabilities: [['gpu']] }];
  return {
    Image: input.image,
    ...(input.name ? { name: input.name } : {}),
    Cmd: input.cmd,
    WorkingDir: workingDir,
    Env: Object.entries(input.env).map(([k, v]) => `${k}=${v}`),
    ...(input.user ? { User: input.user } : {}),
    Labels: {
      [LABEL.app]: APP_LABEL,
      [LABEL.project]: input.labels.project,
      [LABEL.pipeline]: input.labels.pipeline,
      [LABEL.run]: input.labels.run,
      [LABEL.step]: input.labels.step,
      [LABEL.ownerPid]: String(input.owner.pid),
      [LABEL.ownerHost]: input.owner.host,
      [LABEL.ownerInstance]: input.owner.instance,
    },
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

export interface ContainerResult {
  /** null when the container was killed because of `signal`. */
  exitCode: number | null;
  aborted: boolean;
}

function wrap(err: unknown, asStartError: boolean): Error {
  if (err instanceof EngineLostError || err instanceof ContainerStartError || err instanceof OutputSinkError) return err;
  if (isEngineResponse(err)) return asStartError ? new ContainerStartError(err) : (err as Error);
  return new EngineLostError(err);
}

const INSPECT_TIMEOUT_MS = 10_000;
const WATCHDOG_INTERVAL_MS = 5_000;

async function inspectState(container: Docker.Container): Promise<{ running: boolean; exitCode: number | null }> {
  let info: Docker.ContainerInspectInfo;
  try {
    info = await container.inspect({ abortSignal: AbortSignal.timeout(INSPECT_TIMEOUT_MS) });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) throw new Error("the step's container was removed from outside the app");
    throw wrap(err, false);
  }
  return { running: info.State.Running, exitCode: typeof info.State.ExitCode === 'number' ? info.State.ExitCode : null };
}

/** Rejects when Docker stops answering about the container: its output stream may never end then. */
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

/** The exit code, once the process is gone (the output can end a moment before the state changes). */
async function exitCodeOf(container: Docker.Container): Promise<number | null> {
  for (let delay = 50; ; delay = Math.min(delay * 2, 2000)) {
    const state = await inspectState(container);
    if (!state.running) return state.exitCode;
    await sleep(delay);
  }
}

/**
 * Create, attach, start and run one container to its end; output goes to `sink`; the container is
 * removed at the end whatever happened. Aborting `signal` kills it (SIGKILL: a cancel must be
 * quick, not a 10 s stop). Throws EngineLostError when Docker goes away mid-run, and
 * ContainerStartError when Docker refuses to start the container.
 *
 * The end is seen from the output stream closing, then `inspect`, not from `wait`: a long-polling
 * wait request never settles when the engine's connection drops.
 */
export async function runContainer(
  docker: Docker,
  spec: Docker.ContainerCreateOptions,
  sink: OutputSink,
  signal: AbortSignal,
): Promise<ContainerResult> {
  if (signal.aborted) return { exitCode: null, aborted: true };
  let container: Docker.Container;
  try {
    container = await docker.createContainer(spec);
  } catch (err) {
    throw wrap(err, true);
  }
  const kill = () => {
    container.kill().catch(() => {
      // Already gone or not started yet: the end is seen either way.
    });
  };
  const stopWatchdog = new AbortController();
  try {
    if (signal.aborted) return { exitCode: null, aborted: true };
    let drained: Promise<void>;
    try {
      // Attach before start so not a byte of output is missed.
      const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
      drained = pipeline(stream, createDemuxer(sink));
      drained.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
      signal.addEventListener('abort', kill, { once: true });
      await container.start();
    } catch (err) {
      throw wrap(err, true);
    }
    if (signal.aborted) kill(); // the abort came while starting
    try {
      await Promise.race([drained, watchdog(container, stopWatchdog.signal)]);
    } catch (err) {
      throw wrap(err, false);
    }
    const exitCode = await exitCodeOf(container);
    if (signal.aborted) return { exitCode: null, aborted: true };
    return { exitCode, aborted: false };
  } finally {
    stopWatchdog.abort();
    signal.removeEventListener('abort', kill);
    await container.remove({ force: true }).catch(() => {
      // Docker gone: the next start's orphan clean-up removes it.
    });
  }
}

/** Kill and remove every container of a run (the backstop of a cancel). */
export async function removeRunContainers(docker: Docker, runId: string): Promise<number> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL.app}=${APP_LABEL}`, `${LABEL.run}=${runId}`] } });
  await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => {})));
  return list.length;
}

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Remove step containers left by an app that is gone (a crash): everything labelled ours, except
 * runs going on in this process and containers of another live app process on this machine (a CLI
 * run next to the desktop app). Containers made from another host are left alone: we cannot tell.
 * Returns the ids removed.
 */
export async function removeOrphanContainers(
  docker: Docker,
  isActiveRun: (runId: string) => boolean,
  host: string = os.hostname(),
): Promise<string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL.app}=${APP_LABEL}`] } });
  const orphans = list.filter((c) => {
    const labels = c.Labels ?? {};
    const run = labels[LABEL.run] ?? '';
    if (run && isActiveRun(run)) return false;
    const ownerHost = labels[LABEL.ownerHost];
    const ownerPid = Number(labels[LABEL.ownerPid]);
    if (ownerHost !== undefined && ownerHost !== host) return false;
    // Same process: ours when this instance made it (and its run is over); a sibling thread's otherwise.
    if (ownerPid === process.pid) return labels[LABEL.ownerInstance] === OWNER_INSTANCE;
    return !processAlive(ownerPid);
  });
  await Promise.all(orphans.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => {})));
  return orphans.map((c) => c.Id);
}

export async function imageExists(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}
