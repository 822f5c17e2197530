import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { APP_LABEL, LABEL, runContainer } from './containers.js';

/**
 * Volumes on an engine that cannot see this machine's files, and the helper containers that move
 * files in and out of them. A helper is created and never started: the engine mounts a stopped
 * container's volumes for archive requests (`docker cp`), so any image the engine has will do.
 */

export const VOLUME_LABEL = { role: 'orchest_role', id: 'orchest_volume_id' } as const;

/**
 * Create the volume when missing; answers the random id it was created with (a label: the engine's
 * CreatedAt follows its folder's mtime), which tells a recreated volume from the one we filled.
 */
export async function ensureVolume(docker: Docker, name: string, role: string): Promise<string> {
  const volume = docker.getVolume(name);
  const idOf = (info: { Labels?: Record<string, string> | null }) => info.Labels?.[VOLUME_LABEL.id] ?? '';
  try {
    return idOf(await volume.inspect());
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
  await docker.createVolume({ Name: name, Labels: { [LABEL.app]: APP_LABEL, [VOLUME_LABEL.role]: role, [VOLUME_LABEL.id]: randomUUID() } });
  return idOf(await volume.inspect());
}

export interface HelperSpec {
  image: string;
  /** volume name -> where the helper mounts it. */
  volumes: Record<string, string>;
  /** The run's labels, so orphan clean-up removes a helper a lost connection left behind. */
  labels: Record<string, string>;
}

const mountsOf = (volumes: Record<string, string>, readOnly = false): Docker.MountSettings[] =>
  Object.entries(volumes).map(([Source, Target]) => ({ Type: 'volume', Source, Target, ReadOnly: readOnly }));

/** Create a helper container (not started), let `fn` use it, remove it whatever happened. */
export async function withHelper<T>(docker: Docker, spec: HelperSpec, fn: (helper: Docker.Container) => Promise<T>): Promise<T> {
  const helper = await docker.createContainer({
    Image: spec.image,
    Cmd: ['true'],
    Labels: { [LABEL.app]: APP_LABEL, ...spec.labels },
    HostConfig: { Mounts: mountsOf(spec.volumes) },
  });
  try {
    return await fn(helper);
  } finally {
    await helper.remove({ force: true, abortSignal: AbortSignal.timeout(30_000) }).catch(() => undefined);
  }
}

/** Extract a tar stream at `dest` inside the helper (a volume's mount point). */
export async function putArchive(helper: Docker.Container, tar: Readable, dest: string): Promise<void> {
  await helper.putArchive(tar, { path: dest });
}

/** A tar stream of `src` inside the helper; 404 (nothing there) answers null. */
export async function getArchive(helper: Docker.Container, src: string): Promise<NodeJS.ReadableStream | null> {
  try {
    return await helper.getArchive({ path: src });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw err;
  }
}

/** Run a short command with volumes mounted and give back what it printed (e.g. a listing of a volume). */
export async function runCapture(docker: Docker, spec: HelperSpec & { cmd: string[]; user?: string; writable?: boolean }, signal: AbortSignal): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const result = await runContainer(
    docker,
    {
      Image: spec.image,
      Cmd: spec.cmd,
      ...(spec.user ? { User: spec.user } : {}),
      Labels: { [LABEL.app]: APP_LABEL, ...spec.labels },
      AttachStdout: true,
      AttachStderr: true,
      HostConfig: { Mounts: mountsOf(spec.volumes, !spec.writable), NetworkMode: 'none' },
    },
    { write: (stream, chunk) => void (stream === 'stdout' ? out : err).push(Buffer.from(chunk)) },
    signal,
  );
  return { exitCode: result.exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
