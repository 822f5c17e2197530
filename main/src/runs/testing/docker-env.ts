/** What the Docker integration tests need, checked up front with a message saying how to get it. */
import type Docker from 'dockerode';
import { createDockerClient } from '../../docker/client.js';
import { APP_LABEL, imageExists, LABEL } from '../../docker/containers.js';

export const TEST_IMAGE = process.env.ORCHEST_TEST_IMAGE || 'orchest-test-py:latest';
export const BUILD_HINT = `npx orchest image build-offline ${TEST_IMAGE} --packages "python3-numpy python3-pandas"`;

/** Throws (so the suite fails, never skips) when Docker or the test image is missing. */
export async function requireDockerAndImage(): Promise<Docker> {
  const docker = createDockerClient('');
  try {
    await docker.ping();
  } catch (err) {
    throw new Error(
      `Docker is not reachable (${(err as Error).message}). These integration tests need a running Docker engine ` +
        `(apt-get install -y docker.io && dockerd &) and the image ${TEST_IMAGE}, built with: ${BUILD_HINT}`,
    );
  }
  if (!(await imageExists(docker, TEST_IMAGE))) {
    throw new Error(`The test image ${TEST_IMAGE} is missing. Build it with: ${BUILD_HINT} (or set ORCHEST_TEST_IMAGE to an image with python3, nbclient, ipykernel, numpy and pandas).`);
  }
  return docker;
}

export async function containersOfRun(docker: Docker, runId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${LABEL.app}=${APP_LABEL}`, `${LABEL.run}=${runId}`] } });
}

/** Each container as what it is and its state ('network running': the run's network holder; 'step created'...), sorted. */
export const containerRoles = (list: Docker.ContainerInfo[]): string[] =>
  list.map((c) => `${c.Labels?.[LABEL.runNetwork] ? 'network' : 'step'} ${c.State}`).sort();

export async function containersOfProject(docker: Docker, projectUuid: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${LABEL.app}=${APP_LABEL}`, `${LABEL.project}=${projectUuid}`] } });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got) return got;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The container was removed (Docker answers 404 for it). */
export const containerGone = (docker: Docker, id: string): Promise<boolean> =>
  docker
    .getContainer(id)
    .inspect()
    .then(
      () => false,
      (err: { statusCode?: number }) => err.statusCode === 404,
    );
