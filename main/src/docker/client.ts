import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import type { ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import { checkHostKey, defaultKnownHostsFile, hostKeyAdvice, knownKeyTypes, preferredHostKeyAlgorithms } from './known-hosts.js';
import { sshAgent, type SshLogin } from './ssh-agent.js';
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

/** How to reach one engine, as the engines service resolved it (files are paths on this machine). */
export interface EngineConnection {
  /** unix:///path, npipe://path, tcp://host:port or ssh://user@host[:port]. */
  host: string;
  tls?: { ca: string; cert: string; key: string };
  /** knownHostsFile: where the host's key is checked (default ~/.ssh/known_hosts, as ssh). */
  ssh?: { identityFile?: string; agent?: boolean; knownHostsFile?: string };
}

/** ssh's own default keys, tried when neither an identity file nor an agent is given. */
const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

function readPem(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new CoreError('INVALID_ARGUMENT', `Cannot read the ${what} ${file} (${(err as Error).message}). Fix the engine's settings.`);
  }
}

function sshOptions(conn: EngineConnection): ConnectConfig {
  const agentSock = process.env.SSH_AUTH_SOCK;
  const useAgent = conn.ssh?.agent ?? Boolean(agentSock);
  // Keepalives far apart: a run's own ping (docker/engine.ts watchEngine) says why the link is lost.
  const opts: ConnectConfig = { readyTimeout: 8000, keepaliveInterval: 5000, keepaliveCountMax: 3 };
  if (useAgent && agentSock) opts.agent = agentSock;
  let identity = conn.ssh?.identityFile;
  if (!identity && !opts.agent) identity = DEFAULT_IDENTITIES.map((n) => path.join(os.homedir(), '.ssh', n)).find((f) => existsSync(f));
  if (identity) opts.privateKey = readPem(identity, 'SSH identity file');
  if (!opts.agent && !opts.privateKey) {
    throw new CoreError('INVALID_ARGUMENT', `${conn.host}: no SSH key to log in with. Give the engine an identity file (ssh.identity_file), or start an SSH agent (SSH_AUTH_SOCK).`);
  }
  return opts;
}

/** Read known_hosts for each connection: the host must show the key it holds, as ssh checks it (StrictHostKeyChecking). */
function checkedLogin(login: ConnectConfig & { host: string; port: number }, file: string): SshLogin {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new CoreError('DOCKER_UNAVAILABLE', `Cannot read ${file} to check the SSH host's key: ${(err as Error).message}.`);
  }
  let refusal: string | undefined;
  const config: ConnectConfig = {
    ...login,
    algorithms: { serverHostKey: preferredHostKeyAlgorithms(knownKeyTypes(text, login.host, login.port)) as ServerHostKeyAlgorithm[] },
    hostVerifier: (key: Buffer) => {
      const verdict = checkHostKey(text, login.host, login.port, key);
      if (!verdict.ok) refusal = hostKeyAdvice(verdict, login.host, login.port, file);
      return verdict.ok;
    },
  };
  return { config, refusal: () => refusal };
}

/**
 * A client for an explicitly chosen engine. docker-modem would mix DOCKER_HOST, DOCKER_CERT_PATH and
 * SSH_AUTH_SOCK from the environment into these options (its defaults win over ours for ssh), so
 * the environment's DOCKER_* are set aside while the client is made.
 */
export function createEngineClient(conn: EngineConnection): Docker {
  const address = asDockerHost(conn.host);
  const url = new URL(address.replace(/^npipe:/, 'npipe-x:'));
  let options: Docker.DockerOptions;
  if (address.startsWith('unix://') || address.startsWith('npipe://')) {
    options = { socketPath: address.replace(/^(unix|npipe):\/\//, '') };
  } else if (url.protocol === 'ssh:') {
    const port = url.port ? Number(url.port) : 22;
    const login = { host: url.hostname, port, ...(url.username ? { username: decodeURIComponent(url.username) } : {}), ...sshOptions(conn) };
    const knownHosts = conn.ssh?.knownHostsFile ?? defaultKnownHostsFile();
    options = { protocol: 'http', host: url.hostname, port, agent: sshAgent(() => checkedLogin(login, knownHosts)) } as Docker.DockerOptions;
  } else if (url.protocol === 'tcp:') {
    options = {
      protocol: conn.tls ? 'https' : 'http',
      host: url.hostname,
      port: url.port ? Number(url.port) : conn.tls ? 2376 : 2375,
      ...(conn.tls ? { ca: readPem(conn.tls.ca, 'CA certificate'), cert: readPem(conn.tls.cert, 'client certificate'), key: readPem(conn.tls.key, 'client key') } : {}),
    };
  } else {
    throw new CoreError('INVALID_ARGUMENT', `"${conn.host}" is not a Docker address. Use unix:///path/to/docker.sock, tcp://host:2375 or ssh://user@host.`);
  }
  const saved = Object.fromEntries(DOCKER_ENV.map((k) => [k, process.env[k]]));
  for (const k of DOCKER_ENV) delete process.env[k];
  try {
    return new Docker(options);
  } finally {
    for (const k of DOCKER_ENV) if (saved[k] !== undefined) process.env[k] = saved[k];
  }
}
const DOCKER_ENV = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'];
