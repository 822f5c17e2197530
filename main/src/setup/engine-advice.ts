import type { EngineProblem } from '../api/setup.js';
import { INSTALL_DOCKER_DEBIAN, START_DOCKER_SYSTEMD } from './cli-commands.js';

export interface EngineFacts {
  /** Where we looked (socket path or URL). */
  host: string;
  /** Socket error code: ENOENT, ECONNREFUSED, EACCES, ETIMEDOUT, … */
  code: string | undefined;
  /** The error as the client reported it. */
  reason: string;
  /** A docker or dockerd binary is on the PATH. */
  installed: boolean;
  platform: NodeJS.Platform;
  configPath: string;
}

const isRemote = (host: string) => /^(tcp|http|https|ssh):\/\//.test(host);

/** Why the engine did not answer, in the user's terms, and the commands that fix it. Pure. */
export function engineProblem(f: EngineFacts): EngineProblem {
  const linux = f.platform === 'linux';
  const elsewhere = `or set "docker_host" in ${f.configPath} to an engine that runs.`;
  if (isRemote(f.host)) {
    return {
      kind: 'unreachable',
      message: `Docker is not reachable at ${f.host} (${f.reason}).`,
      hint: `Check that the engine at that address is up and this machine can reach it, ${elsewhere}`,
    };
  }
  if (f.code === 'EACCES') {
    return {
      kind: 'permission',
      message: `Docker at ${f.host} refused this user (permission denied).`,
      hint: linux
        ? 'Add your user to the docker group: sudo usermod -aG docker "$USER", then log out and in again.'
        : 'Give your user access to the Docker socket, or start Docker Desktop as this user.',
    };
  }
  if (!f.installed) {
    return {
      kind: 'not-installed',
      message: 'Docker is not installed (no docker or dockerd on the PATH).',
      hint: linux
        ? `Install it: ${INSTALL_DOCKER_DEBIAN} (Debian, Ubuntu), then start it: ${START_DOCKER_SYSTEMD}.`
        : 'Install Docker Desktop (https://docs.docker.com/get-docker/) and start it.',
    };
  }
  return {
    kind: 'not-running',
    message: `Docker is not running: nothing answers at ${f.host} (${f.reason}).`,
    hint: linux
      ? `Start it: ${START_DOCKER_SYSTEMD} (or run dockerd as root), ${elsewhere}`
      : `Start Docker Desktop, ${elsewhere}`,
  };
}
