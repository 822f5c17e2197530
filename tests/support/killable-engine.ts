/**
 * A second, real Docker daemon the fault tests may kill with SIGKILL and start again, without
 * touching the engine other tests share: a container of the remote-engine image
 * (tests/support/remote-engine.ts) whose dockerd is not its init process, listening on a unix
 * socket in a folder shared with this machine. The folders the app bind-mounts into step containers
 * (`shared`: the test's project, HOME and data; the SDK and runner) are mounted at the same paths,
 * so to the app it is a local engine at unix://<socket>, as the user's own daemon is.
 * TEST infrastructure: the product never starts such a container.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import DockerClient from 'dockerode';
import type Docker from 'dockerode';
import { docker, ENGINE_IMAGE, loadImage, NESTED_DOCKERD_ARGS, requireEngineImage, waitUntil } from './remote-engine.js';

/** Kept between suites, so the step image is loaded once (again only when the local image changed). */
const STORAGE_VOLUME = 'orchest-test-killable-engine-storage';
const PID_FILE = '/run/orchest-test-dockerd.pid';

export interface KillableEngine {
  /** unix:///…/docker.sock, for the app's docker_host. */
  host: string;
  /** A client of that daemon (fails while it is down). */
  docker: Docker;
  /** SIGKILL to dockerd (containerd and the step containers' shims live on, as on a host). */
  kill(): Promise<void>;
  /** Start the daemon again and wait until it answers. */
  start(): Promise<void>;
  /** Remove the container (the storage volume stays). */
  stop(): Promise<void>;
}

export async function startKillableEngine(opts: { socketDir: string; shared: string[]; images: string[] }): Promise<KillableEngine> {
  await requireEngineImage();
  const socket = path.join(opts.socketDir, 'docker.sock');
  const host = `unix://${socket}`;
  const name = `orchest-test-killable-${process.pid}`;
  await docker(['rm', '-f', name]).catch(() => '');
  const mounts = [...new Set([opts.socketDir, ...opts.shared])].flatMap((dir) => ['-v', `${dir}:${dir}`]);
  // --init: a reaper as init, so what the killed daemon leaves is not a zombie that blocks the next one.
  await docker(['run', '-d', '--init', '--name', name, ...NESTED_DOCKERD_ARGS, '-v', `${STORAGE_VOLUME}:/var/lib/docker`, ...mounts, ENGINE_IMAGE, 'sleep', 'infinity']);
  // containerd as a service of its own, as on a host: the daemon's death leaves it and the containers' shims running.
  await docker(['exec', '-d', name, 'sh', '-c', 'exec containerd >/var/log/containerd.log 2>&1']);
  const inner = new DockerClient({ socketPath: socket });
  const start = async () => {
    await fs.rm(socket, { force: true });
    // The daemon as a child of `docker exec`, not the container's init: it can be killed and started again.
    const daemon = `exec dockerd -H ${host} --containerd /run/containerd/containerd.sock --pidfile ${PID_FILE} --storage-driver overlay2 --cgroup-parent orchest-killable-test >>/var/log/dockerd.log 2>&1`;
    await docker(['exec', '-d', name, 'sh', '-c', daemon]);
    await waitUntil('the killable engine to answer', async () => Boolean(await inner.ping()), 60_000).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${await docker(['exec', name, 'tail', '-n', '20', '/var/log/dockerd.log']).catch(() => '')}`);
    });
  };
  const stop = async () => void (await docker(['rm', '-f', name]).catch(() => ''));
  try {
    await start();
    // Leftovers of an earlier suite (the storage volume is kept): a clean engine to start with.
    for (const c of await inner.listContainers({ all: true })) await inner.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    for (const image of opts.images) await loadImage(inner, host, image);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    host,
    docker: inner,
    kill: async () => void (await docker(['exec', name, 'sh', '-c', `kill -KILL "$(cat ${PID_FILE})"`])),
    start,
    stop,
  };
}

