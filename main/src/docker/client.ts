import Docker from 'dockerode';
import { CoreError } from '../core/core-error.js';

/** Where we look for the engine: config's docker_host, else DOCKER_HOST, else the default socket. */
export function dockerTarget(dockerHost: string, env: NodeJS.ProcessEnv = process.env): string {
  return dockerHost || env.DOCKER_HOST || '/var/run/docker.sock';
}

/** The one place a dockerode client is made. */
export function createDockerClient(dockerHost: string, env: NodeJS.ProcessEnv = process.env): Docker {
  const target = dockerTarget(dockerHost, env);
  if (target.startsWith('tcp://') || target.startsWith('http://')) {
    const url = new URL(target.replace(/^tcp:/, 'http:'));
    return new Docker({ host: url.hostname, port: Number(url.port || 2375) });
  }
  return new Docker({ socketPath: target.replace(/^unix:\/\//, '') });
}

/** Ping the engine; throws DOCKER_UNAVAILABLE saying where we looked and how to start it. */
export async function assertDockerReachable(docker: Docker, dockerHost: string): Promise<void> {
  try {
    await docker.ping();
  } catch (err) {
    const where = dockerTarget(dockerHost);
    const reason = err instanceof Error ? err.message : String(err);
    throw new CoreError(
      'DOCKER_UNAVAILABLE',
      `Docker is not reachable at ${where} (${reason}). Start it (e.g. "sudo systemctl start docker", or run "dockerd &" as root), ` +
        `or set "docker_host" in the config, or use the local runner (--runner local).`,
    );
  }
}
