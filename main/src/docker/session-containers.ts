import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import {
  APP_LABEL,
  CONTAINER_PATHS,
  createDemuxer,
  isEngineResponse,
  LABEL,
  liveSessionContainers,
  mountsHostConfig,
  ownerLabels,
  type ContainerMounts,
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
    Env: Object.entries(input.env).map(([k, v]) => `${k}=${v}`),
    ...(input.user ? { User: input.user } : {}),
    Labels: { [LABEL.app]: APP_LABEL, [LABEL.project]: input.labels.project, [LABEL.session]: input.labels.session, ...ownerLabels(input.owner) },
    ExposedPorts: { [port]: {} },
    Tty: false,
    HostConfig: {
      ...mountsHostConfig(input),
      // HostPort '' = a free port chosen by the engine at start: no race with other programs.
      PortBindings: { [port]: [{ HostIp: '127.0.0.1', HostPort: '' }] },
    },
  };
}

export interface StartedSessionContainer {
  id: string;
  name: string;
  /** The port on 127.0.0.1 that reaches the container's `port`; null when it has exited already. */
  hostPort: number | null;
}

const TIMEOUT_MS = 30_000;

/** Create and start; registered as live so orphan clean-up in this process spares it. */
export async function startSessionContainer(docker: Docker, spec: Docker.ContainerCreateOptions): Promise<StartedSessionContainer> {
  const name = spec.name!;
  liveSessionContainers.add(name);
  let container: Docker.Container | undefined;
  try {
    container = await docker.createContainer(spec);
    await container.start({ abortSignal: AbortSignal.timeout(TIMEOUT_MS) });
    const info = await container.inspect({ abortSignal: AbortSignal.timeout(TIMEOUT_MS) });
    const port = Object.keys(spec.ExposedPorts ?? {})[0]!;
    const hostPort = Number(info.NetworkSettings.Ports?.[port]?.find((b) => b.HostIp === '127.0.0.1')?.HostPort);
    if (Number.isInteger(hostPort) && hostPort > 0) return { id: container.id, name, hostPort };
    if (!info.State.Running) return { id: container.id, name, hostPort: null }; // its output says why
    throw new Error(`Docker published no port for ${port} of ${name}`);
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
