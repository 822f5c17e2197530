/**
 * A second, real Docker engine with a filesystem of its own, for the remote-engine tests: a
 * container of the image scripts/setup-test-env.sh builds offline (Debian's docker.io and
 * openssh-server) running its own dockerd (TCP inside) and sshd (a key made here), both published
 * on 127.0.0.1 only. TEST infrastructure: the container gets the capabilities a nested dockerd
 * needs; the product never starts such a container.
 *
 * The inner engine has no images and can pull none: the step image is loaded into it (docker save |
 * docker load), as a user's remote host has its own images. Its storage is a named volume kept
 * between suites, so the image is loaded once (again only when the local image changed).
 */
import { execFile, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import DockerClient from 'dockerode';
import type Docker from 'dockerode';
import { utils as sshUtils } from 'ssh2';

const exec = promisify(execFile);
export const ENGINE_IMAGE = process.env.ORCHEST_TEST_REMOTE_ENGINE_IMAGE ?? 'orchest-test-remote-engine:latest';
const STORAGE_VOLUME = 'orchest-test-remote-engine-storage';

export interface RemoteEngine {
  name: string;
  tcpHost: string;
  sshHost: string;
  identityFile: string;
  /** A known_hosts file holding the engine's SSH host keys (read with ssh-keyscan, as a user would add them). */
  knownHostsFile: string;
  sshPort: number;
  /** A client of the inner engine over TCP. */
  docker: Docker;
  pause(): Promise<void>;
  unpause(): Promise<void>;
  /** Kill sshd (its listener and every session) with SIGKILL: SSH is cut, dockerd and the containers go on. */
  cutSsh(): Promise<void>;
  /** Start sshd again. */
  restoreSsh(): Promise<void>;
  stop(): Promise<void>;
}

const SSHD = '/usr/sbin/sshd -o PasswordAuthentication=no -o PermitRootLogin=prohibit-password';

const START = `
set -e
mkdir -p /root/.ssh /run/sshd && chmod 700 /root/.ssh
printf '%s\\n' "$AUTHORIZED_KEY" > /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys
ssh-keygen -A >/dev/null
${SSHD}
exec dockerd -H unix:///var/run/docker.sock -H tcp://0.0.0.0:2375 --tls=false --storage-driver overlay2 --cgroup-parent orchest-remote-test >/var/log/dockerd.log 2>&1
`;

export async function docker(args: string[]): Promise<string> {
  const { stdout } = await exec('docker', args, { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

export async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** What a nested dockerd needs of its container (all capabilities this host's engine can give, cgroups writable). */
export const NESTED_DOCKERD_ARGS = [
  '--cap-add', 'ALL', '--cap-drop', 'SYS_RESOURCE', '--security-opt', 'apparmor=unconfined', '--security-opt', 'seccomp=unconfined',
  '--cgroupns', 'host', '-v', '/sys/fs/cgroup:/sys/fs/cgroup:rw',
];

/** The engine image, or an error saying how to build it. */
export async function requireEngineImage(): Promise<void> {
  const present = await docker(['image', 'inspect', '-f', '{{.Id}}', ENGINE_IMAGE]).catch(() => '');
  if (!present) throw new Error(`The engine image ${ENGINE_IMAGE} is missing: run scripts/setup-test-env.sh (it builds it offline with docker.io and openssh-server).`);
}

/** Load `image` into the inner engine (at `host`, as `docker -H` takes it) unless it has that very image (same id) already. */
export async function loadImage(inner: Docker, host: string, image: string): Promise<void> {
  const localId = await docker(['image', 'inspect', '-f', '{{.Id}}', image]);
  const innerId = await inner
    .getImage(image)
    .inspect()
    .then((i) => i.Id, () => '');
  if (innerId === localId) return;
  await new Promise<void>((resolve, reject) => {
    const save = spawn('docker', ['save', image], { stdio: ['ignore', 'pipe', 'inherit'] });
    const load = spawn('docker', ['-H', host, 'load'], { stdio: ['pipe', 'ignore', 'inherit'] });
    save.stdout.pipe(load.stdin);
    load.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`docker load into the remote engine failed (${code})`))));
    save.on('error', reject);
  });
}

export async function startRemoteEngine(images: string[]): Promise<RemoteEngine> {
  await requireEngineImage();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-remote-key-'));
  const keys = sshUtils.generateKeyPairSync('ed25519');
  const identityFile = path.join(dir, 'id_ed25519');
  await fs.writeFile(identityFile, keys.private, { mode: 0o600 });
  const name = `orchest-test-remote-${process.pid}`;
  await docker(['rm', '-f', name]).catch(() => '');
  await docker([
    'run', '-d', '--name', name,
    ...NESTED_DOCKERD_ARGS,
    '-v', `${STORAGE_VOLUME}:/var/lib/docker`,
    '-p', '127.0.0.1::22', '-p', '127.0.0.1::2375',
    '-e', `AUTHORIZED_KEY=${keys.public}`,
    ENGINE_IMAGE, 'sh', '-c', START,
  ]);
  const port = async (p: number) => (await docker(['port', name, `${p}/tcp`])).split('\n')[0]!.split(':').pop()!;
  const tcpHost = `tcp://127.0.0.1:${await port(2375)}`;
  const sshPort = await port(22);
  const sshHost = `ssh://root@127.0.0.1:${sshPort}`;
  const knownHostsFile = path.join(dir, 'known_hosts');
  const inner = new DockerClient({ host: '127.0.0.1', port: Number(tcpHost.split(':').pop()), protocol: 'http' });
  const stop = async () => {
    await docker(['rm', '-f', '-v', name]).catch(() => '');
    await fs.rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil('the remote engine to answer', async () => Boolean(await inner.ping()), 60_000);
    // Leftovers of an earlier suite (the storage volume is kept): a clean engine to start with.
    for (const c of await inner.listContainers({ all: true })) await inner.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    for (const v of (await inner.listVolumes()).Volumes ?? []) await inner.getVolume(v.Name).remove().catch(() => undefined);
    for (const i of await inner.listImages()) {
      for (const tag of i.RepoTags ?? []) if (tag.startsWith('orchest-env-')) await inner.getImage(tag).remove({ force: true }).catch(() => undefined);
    }
    for (const image of images) await loadImage(inner, tcpHost, image);
    await waitUntil('sshd to show its host keys', async () => {
      const { stdout } = await exec('ssh-keyscan', ['-p', sshPort, '127.0.0.1'], { timeout: 10_000 });
      if (!stdout.includes('ssh-ed25519')) return false;
      await fs.writeFile(knownHostsFile, stdout);
      return true;
    }, 30_000);
  } catch (err) {
    const log = await docker(['exec', name, 'tail', '-n', '20', '/var/log/dockerd.log']).catch(() => '');
    await stop();
    throw new Error(`${(err as Error).message}\n${log}`);
  }
  return {
    name,
    tcpHost,
    sshHost,
    identityFile,
    knownHostsFile,
    sshPort: Number(sshPort),
    docker: inner,
    pause: async () => void (await docker(['pause', name])),
    unpause: async () => void (await docker(['unpause', name])),
    cutSsh: async () => void (await docker(['exec', name, 'sh', '-c', 'kill -KILL $(pidof sshd)'])),
    restoreSsh: async () => void (await docker(['exec', name, 'sh', '-c', SSHD])),
    stop,
  };
}
