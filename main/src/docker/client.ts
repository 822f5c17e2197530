import Docker from 'dockerode';
import { CoreError } from '../core/core-error.js';

/**
 * The engine address as docker-modem understands DOCKER_HOST: unix:// and npipe:// sockets,
 * tcp:// (https with DOCKER_TLS_VERIFY=1 or port 2376, certificates from DOCKER_CERT_PATH), ssh://.
 * The config's docker_host may also be a bare socket path.
 */
function asDockerHost(dockerHost: string): string {
  return dockerHost.startsWith('/') ? `unix://${dockerHost}` : dockerHost;
}

/** Where we look for the engine, as a key and for people: docker_host, else DOCKER_HOST, else the default socket. */
export function dockerTarget(dockerHost: string): string {
  return dockerHost || process.env.DOCKER_HOST || 'the default Docker socket';
}

/**
 * The one place a dockerode client is made. With no docker_host, docker-modem reads DOCKER_HOST,
 * DOCKER_TLS_VERIFY, DOCKER_CERT_PATH and the default sockets itself. A configured docker_host goes
 * through that same parser: it only reads process.env, so the value stands in for DOCKER_HOST while
 * the client is made (synchronously: nothing else runs meanwhile).
 */
export function createDockerClient(dockerHost: string): Docker {
  if (!dockerHost) return newClient();
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = asDockerHost(dockerHost);
  try {
    return newClient(dockerHost);
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
}

function newClient(dockerHost?: string): Docker {
  try {
    return new Docker();
  } catch (err) {
    const what = dockerHost ? `"docker_host" in the config (${dockerHost})` : `DOCKER_HOST (${process.env.DOCKER_HOST ?? ''})`;
    const reason = err instanceof Error ? err.message : String(err);
    throw new CoreError('DOCKER_UNAVAILABLE', `${what} is not a Docker address (${reason}). Use unix:///path/to/docker.sock, tcp://host:2375 or ssh://user@host.`);
  }
}

/** Where a client connects, for messages: the socket path or protocol://host:port. */
async function endpointOf(docker: Docker): Promise<string> {
  const modem = docker.modem as unknown as { host?: string; port?: string | number; protocol?: string; socketPath?: string | (() => Promise<string>) };
  if (modem.host) return `${modem.protocol ?? 'http'}://${modem.host}${modem.port ? `:${modem.port}` : ''}`;
  const socket = typeof modem.socketPath === 'function' ? await modem.socketPath() : modem.socketPath;
  return socket ?? 'the default Docker socket';
}

/** Ping the engine; throws DOCKER_UNAVAILABLE saying where we looked and how to start it. */
export async function assertDockerReachable(docker: Docker, dockerHost: string): Promise<void> {
  try {
    await docker.ping();
  } catch (err) {
    const where = await endpointOf(docker).catch(() => dockerTarget(dockerHost));
    const reason = err instanceof Error ? err.message : String(err);
    throw new CoreError(
      'DOCKER_UNAVAILABLE',
      `Docker is not reachable at ${where} (${reason}). Start it (e.g. "sudo systemctl start docker", or run "dockerd &" as root), ` +
        `or set "docker_host" in the config, or use the local runner (--runner local).`,
    );
  }
}
