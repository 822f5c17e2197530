import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import {
  appLabels,
  CONTAINER_PATHS,
  createDemuxer,
  envList,
  isEngineResponse,
  LABEL,
  liveSessionContainers,
  mountsHostConfig,
  type ContainerMounts,
  type OutputSink,
  type StepContainerInput,
} from './containers.js';

/** A long-lived container beside the runs (a Jupyter server): a step's mounts, one published port. */
export interface SessionContainerInput extends ContainerMounts {
  image: string;
  name: string;
  cmd: string[];
  env: Record<string, string>;
  labels: { project: string; session: string };
  owner: StepContainerInput['owner'];
  /** "uid:gid", as a step runs. */
  user?: string;
  /** The port the server listens on inside; published on 127.0.0.1 only, at a port Docker picks. */
  port: number;
}

/** Pure, so it is unit-tested without Docker. */
export function buildSessionContainerSpec(input: SessionContainerInput): Docker.ContainerCreateOptions {
  const port = `${input.port}/tcp`;
  return {
    Image: input.image,
    name: input.name,
    Cmd: input.cmd,
    WorkingDir: CONTAINER_PATHS.project,
    Env: envList(input.env),
    ...(input.user ? { User: input.user } : {}),
    Labels: appLabels({ [LABEL.project]: input.labels.project, [LABEL.session]: input.labels.session }, input.owner),
    ExposedPorts: { [port]: {} },
    Tty: false,
    HostConfig: {
      ...mountsHostConfig(input),
      // HostPort '' = a free port chosen by the engine at start: no race with other programs.
      PortBindings: { [port]: [{ HostIp: '127.0.0.1', HostPort: '' }] },
    },
  };
}

/**
 * A service of a pipeline (Orchest's `services`): its own image and command, only the binds it asks
 * for, every port published on 127.0.0.1 at a free port. Never privileged, no Docker socket, run as
 * the project's owner as steps are.
 */
export interface ServiceContainerInput {
  image: string;
  name: string;
  /** Replaces the image's entrypoint when set; `cmd` replaces its command when set. */
  entrypoint?: string[];
  cmd?: string[];
  env: Record<string, string>;
  labels: { project: string; pipeline: string; session: string; service: string };
  owner: StepContainerInput['owner'];
  user?: string;
  /** Host folder → path inside (the project folder, the shared /data). */
  binds: Array<{ host: string; container: string }>;
  ports: number[];
}

/** Pure, so it is unit-tested without Docker. */
export function buildServiceContainerSpec(input: ServiceContainerInput): Docker.ContainerCreateOptions {
  const keys = input.ports.map((p) => `${p}/tcp`);
  return {
    Image: input.image,
    name: input.name,
    ...(input.entrypoint ? { Entrypoint: input.entrypoint } : {}),
    ...(input.cmd ? { Cmd: input.cmd } : {}),
    Env: envList(input.env),
    ...(input.user ? { User: input.user } : {}),
    Labels: appLabels(
      { [LABEL.project]: input.labels.project, [LABEL.pipeline]: input.labels.pipeline, [LABEL.session]: input.labels.session, [LABEL.service]: input.labels.service },
      input.owner,
    ),
    ExposedPorts: Object.fromEntries(keys.map((k) => [k, {}])),
    Tty: false,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: false,
    HostConfig: {
      Binds: input.binds.map((b) => `${b.host}:${b.container}:rw`),
      PortBindings: Object.fromEntries(keys.map((k) => [k, [{ HostIp: '127.0.0.1', HostPort: '' }]])),
      Privileged: false,
    },
  };
}

export interface StartedSessionContainer {
  id: string;
  name: string;
  /** Container port → the port on 127.0.0.1 that reaches it; empty when it has exited already. */
  hostPorts: Record<number, number>;
  /** Set when an output sink was given: settles once the container's output has ended (it exited). */
  ended?: Promise<void>;
}

const TIMEOUT_MS = 30_000;

/**
 * Create and start; registered as live so orphan clean-up in this process spares it. With `sink`,
 * its output (attached before the start, so nothing is missed) goes there until it exits.
 */
export async function startSessionContainer(docker: Docker, spec: Docker.ContainerCreateOptions, sink?: OutputSink): Promise<StartedSessionContainer> {
  const name = spec.name!;
  liveSessionContainers.add(name);
  let container: Docker.Container | undefined;
  try {
    container = await docker.createContainer(spec);
    let ended: Promise<void> | undefined;
    if (sink) {
      const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
      ended = pipeline(stream, createDemuxer(sink)).catch(() => {}); // a removed container ends it too
    }
    await container.start({ abortSignal: AbortSignal.timeout(TIMEOUT_MS) });
    const info = await container.inspect({ abortSignal: AbortSignal.timeout(TIMEOUT_MS) });
    const hostPorts: Record<number, number> = {};
    for (const key of Object.keys(spec.ExposedPorts ?? {})) {
      const hostPort = Number(info.NetworkSettings.Ports?.[key]?.find((b) => b.HostIp === '127.0.0.1')?.HostPort);
      if (Number.isInteger(hostPort) && hostPort > 0) hostPorts[Number.parseInt(key, 10)] = hostPort;
      else if (info.State.Running) throw new Error(`Docker published no port for ${key} of ${name}`);
    }
    return { id: container.id, name, hostPorts, ...(ended ? { ended } : {}) };
  } catch (err) {
    liveSessionContainers.delete(name);
    if (container) await container.remove({ force: true }).catch(() => {});
    throw err;
  }
}

export interface SessionContainerStatus {
  running: boolean;
  exitCode: number | null;
}

/** null when the container is gone. */
export async function sessionContainerStatus(docker: Docker, id: string): Promise<SessionContainerStatus | null> {
  try {
    const info = await docker.getContainer(id).inspect({ abortSignal: AbortSignal.timeout(TIMEOUT_MS) });
    return { running: info.State.Running, exitCode: info.State.Running ? null : info.State.ExitCode };
  } catch (err) {
    if (isEngineResponse(err) && (err as { statusCode: number }).statusCode === 404) return null;
    throw err;
  }
}

/** The container's output so far (stdout and stderr interleaved), its last `tail` lines. */
export async function sessionContainerLogs(docker: Docker, id: string, tail = 200): Promise<string> {
  const raw = (await docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false, tail })) as unknown as Buffer;
  const chunks: Buffer[] = [];
  await pipeline(Readable.from([raw]), createDemuxer({ write: (_stream, chunk) => void chunks.push(chunk) }));
  return Buffer.concat(chunks).toString('utf8');
}

/** Kill and remove; a container already gone is fine. */
export async function removeSessionContainer(docker: Docker, name: string): Promise<void> {
  try {
    await docker.getContainer(name).remove({ force: true, abortSignal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    if (!(isEngineResponse(err) && (err as { statusCode: number }).statusCode === 404)) throw err;
  } finally {
    liveSessionContainers.delete(name);
  }
}
