import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertDockerReachable, createDockerClient } from './client.js';

type Modem = { host?: string; port?: string; protocol?: string; username?: string; socketPath?: unknown };
const modemOf = (dockerHost: string) => createDockerClient(dockerHost).modem as unknown as Modem;

// docker-modem reads these itself: each test sets what it needs.
const VARS = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'] as const;
let saved: Record<string, string | undefined>;
beforeEach(() => {
  saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
  for (const v of VARS) delete process.env[v];
});
afterEach(() => {
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
});

describe('createDockerClient', () => {
  it('reads a configured docker_host the way the docker CLI reads DOCKER_HOST', () => {
    expect(modemOf('tcp://10.0.0.2:2375')).toMatchObject({ host: '10.0.0.2', port: '2375', protocol: 'http' });
    expect(modemOf('tcp://10.0.0.2:2376')).toMatchObject({ host: '10.0.0.2', protocol: 'https' });
    expect(modemOf('ssh://ada@build-box')).toMatchObject({ host: 'build-box', protocol: 'ssh', username: 'ada' });
    expect(modemOf('unix:///run/user/1000/docker.sock')).toMatchObject({ host: undefined, socketPath: '/run/user/1000/docker.sock' });
    expect(modemOf('/run/docker.sock')).toMatchObject({ host: undefined, socketPath: '/run/docker.sock' });
  });

  it('applies DOCKER_TLS_VERIFY to a configured tcp host, and leaves DOCKER_HOST as it was', () => {
    process.env.DOCKER_TLS_VERIFY = '1';
    process.env.DOCKER_HOST = 'unix:///elsewhere.sock';
    expect(modemOf('tcp://10.0.0.2:2375')).toMatchObject({ host: '10.0.0.2', protocol: 'https' });
    expect(process.env.DOCKER_HOST).toBe('unix:///elsewhere.sock');
    delete process.env.DOCKER_HOST;
    modemOf('tcp://10.0.0.2:2375');
    expect(process.env.DOCKER_HOST).toBeUndefined();
  });

  it('without docker_host, uses DOCKER_HOST or else the default socket', () => {
    process.env.DOCKER_HOST = 'tcp://192.168.1.9:2375';
    expect(modemOf('')).toMatchObject({ host: '192.168.1.9', port: '2375' });
    delete process.env.DOCKER_HOST;
    expect(modemOf('').host).toBeUndefined();
  });

  it('refuses an address that is not one, naming the config key', () => {
    expect(() => createDockerClient('tcp://[nope')).toThrow(/"docker_host" in the config \(tcp:\/\/\[nope\) is not a Docker address/);
  });
});

describe('assertDockerReachable', () => {
  it('says which socket it tried and how to start Docker', async () => {
    const socket = path.join(os.tmpdir(), `orchest-no-docker-${process.pid}.sock`);
    const docker = createDockerClient(`unix://${socket}`);
    await expect(assertDockerReachable(docker, `unix://${socket}`)).rejects.toThrow(
      new RegExp(`Docker is not reachable at ${socket.replace(/[.]/g, '\\.')} .*Start it`),
    );
  });
});
