import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../api/config.js';
import type { ActiveEngine, EngineInfo, EngineSource, EngineSpec, KubeEngineSpec } from '../api/engines.js';
import { CoreError } from '../core/core-error.js';
import type { EngineConnection } from '../docker/client.js';
import { currentContextName, listDockerContexts, readDockerContext, type DockerContext } from './docker-contexts.js';

/** An engine as a run uses it: what the user sees, and how to connect (null: DOCKER_HOST and friends, as docker-modem reads them). */
export interface ResolvedEngine extends ActiveEngine {
  connection: EngineConnection | null;
  /** Stable per address: names the sync manifests of this engine. */
  key: string;
  /** A Kubernetes cluster: runs are submitted to it through Argo, not to a Docker engine. */
  kube?: KubeEngineSpec;
}

const CONTEXT_PREFIX = 'context:';

/** The local engine's socket, as the Docker CLI finds it. */
export function localSocket(): string {
  if (process.platform === 'win32') return 'npipe:////./pipe/docker_engine';
  const user = path.join(os.homedir(), '.docker', 'run', 'docker.sock');
  return `unix://${existsSync(user) ? user : '/var/run/docker.sock'}`;
}

/** ssh:// and tcp:// engines cannot see this machine's files: runs there copy the project into a volume. */
export function isRemoteAddress(host: string): boolean {
  return /^(ssh|tcp|https?):\/\//.test(host) || (!host.includes('://') && !host.startsWith('/') && host.includes(':'));
}

const engineKey = (host: string) => createHash('sha256').update(host).digest('hex').slice(0, 16);

/** A record's own entry: a name like "constructor" or "__proto__" is not one of the config's engines. */
export const ownEntry = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

export const isAddress = (ref: string) => ref.includes('://') || ref.startsWith('/');

function info(ref: string, name: string, kind: EngineInfo['kind'], host: string, extra: Partial<EngineInfo> = {}): EngineInfo {
  return { ref, name, kind, host, remote: isRemoteAddress(host), ...extra };
}

interface Found {
  info: EngineInfo;
  connection: EngineConnection | null;
  kube?: KubeEngineSpec;
}

/** What a Kubernetes engine shows as its address: the namespace and the kubeconfig. */
const kubeHost = (spec: KubeEngineSpec) => `kubernetes://${spec.namespace ?? '(context namespace)'}${spec.context ? `@${spec.context}` : ''} (${spec.kubeconfig})`;

function fromKube(name: string, spec: KubeEngineSpec): Found {
  return { info: { ref: name, name, kind: 'kubernetes', host: kubeHost(spec), remote: true }, connection: null, kube: spec };
}

function fromContext(ctx: DockerContext, current: string): Found {
  if (ctx.name === 'default') return { info: info(`${CONTEXT_PREFIX}default`, 'context default', 'context', localSocket(), { current: current === 'default' }), connection: { host: localSocket() } };
  const extra = { current: ctx.name === current, ...(ctx.problem ? { problem: ctx.problem } : {}) };
  return { info: info(`${CONTEXT_PREFIX}${ctx.name}`, `context ${ctx.name}`, 'context', ctx.host, extra), connection: ctx.host ? { host: ctx.host, ...(ctx.tls ? { tls: ctx.tls } : {}) } : null };
}

async function contextByName(name: string, env: NodeJS.ProcessEnv): Promise<Found> {
  const current = await currentContextName(env);
  if (name === 'default') return fromContext({ name, host: '' }, current);
  const ctx = await readDockerContext(name, env);
  if (!ctx) throw new CoreError('NOT_FOUND', `The Docker CLI has no context "${name}" (docker context ls lists them; docker context create makes one).`);
  if (ctx.problem) throw new CoreError('INVALID_FILE', `Docker context "${name}": ${ctx.problem}`);
  return fromContext(ctx, current);
}

function sshSettings(ssh: NonNullable<Extract<EngineSpec, { host: string }>['ssh']>): NonNullable<EngineConnection['ssh']> {
  return {
    ...(ssh.identity_file ? { identityFile: ssh.identity_file } : {}),
    ...(ssh.agent !== undefined ? { agent: ssh.agent } : {}),
    ...(ssh.known_hosts ? { knownHostsFile: ssh.known_hosts } : {}),
  };
}

function fromSpec(name: string, spec: Extract<EngineSpec, { host: string }>): Found {
  const connection: EngineConnection = {
    host: spec.host,
    ...(spec.tls ? { tls: spec.tls } : {}),
    ...(spec.ssh ? { ssh: sshSettings(spec.ssh) } : {}),
  };
  return { info: info(name, name, 'configured', spec.host), connection };
}

/** What a reference names: `local`, `context:NAME`, an address, or an engine of the config. */
export async function findEngine(ref: string, cfg: Config, env: NodeJS.ProcessEnv = process.env): Promise<Found> {
  const r = ref.trim();
  if (r === 'local') return { info: info('local', 'local', 'local', localSocket()), connection: { host: localSocket() } };
  if (r.startsWith(CONTEXT_PREFIX)) return contextByName(r.slice(CONTEXT_PREFIX.length), env);
  if (isAddress(r)) return { info: info(r, r, 'address', r), connection: { host: r } };
  const spec = ownEntry(cfg.engines, r);
  if (!spec) {
    const known = ['local', ...Object.keys(cfg.engines)].join(', ');
    throw new CoreError('NOT_FOUND', `No engine "${r}". Known: ${known}; or give an address (ssh://user@host, tcp://host:2376) or context:NAME. Add one with the engine settings or "engines" in the config.`);
  }
  if ('kubeconfig' in spec) return fromKube(r, spec);
  if ('context' in spec) {
    const found = await contextByName(spec.context, env);
    return { info: { ...found.info, ref: r, name: r, kind: 'configured' }, connection: found.connection };
  }
  return fromSpec(r, spec);
}

export interface ResolveInput {
  cfg: Config;
  /** The open project's uuid (its choice in config.project_engines). */
  projectUuid?: string;
  /** The run's own choice (orchest run --engine). */
  runEngine?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * The engine a run uses, strongest first: the run's own, DOCKER_HOST (as for the docker CLI), the
 * project's choice, the config's default_engine (or its older docker_host), the current Docker
 * context (DOCKER_CONTEXT, else `docker context use`), the local socket.
 */
export async function resolveEngine(input: ResolveInput): Promise<ResolvedEngine> {
  const env = input.env ?? process.env;
  const { cfg } = input;
  const pick = async (ref: string, source: EngineSource): Promise<ResolvedEngine> => {
    const found = await findEngine(ref, cfg, env);
    return { ...found.info, source, connection: found.connection, key: engineKey(found.info.host), ...(found.kube ? { kube: found.kube } : {}) };
  };
  if (input.runEngine) return pick(input.runEngine, 'run');
  if (env.DOCKER_HOST) {
    const host = env.DOCKER_HOST;
    // ssh:// through our own SSH client, which checks the host key (docker-modem's would take any).
    const connection = host.startsWith('ssh://') ? { host } : null;
    return { ...info('DOCKER_HOST', `DOCKER_HOST`, 'environment', host), source: 'DOCKER_HOST', connection, key: engineKey(host) };
  }
  const projectRef = input.projectUuid ? ownEntry(cfg.project_engines, input.projectUuid) : undefined;
  if (projectRef) return pick(projectRef, 'project');
  if (cfg.default_engine) return pick(cfg.default_engine, 'config');
  if (cfg.docker_host) return pick(isAddress(cfg.docker_host) ? cfg.docker_host : `unix://${cfg.docker_host}`, 'config');
  const current = await currentContextName(env);
  if (current !== 'default') return pick(`${CONTEXT_PREFIX}${current}`, 'docker-context');
  return pick('local', 'default');
}

/** Every engine to choose from: local, the configured ones, the Docker CLI's contexts. */
export async function listEngines(cfg: Config, env: NodeJS.ProcessEnv = process.env): Promise<EngineInfo[]> {
  const list: EngineInfo[] = [info('local', 'local', 'local', localSocket())];
  for (const [name, spec] of Object.entries(cfg.engines)) {
    if ('host' in spec) list.push(fromSpec(name, spec).info);
    else if ('kubeconfig' in spec) list.push(fromKube(name, spec).info);
    else {
      const found = await findEngine(name, cfg, env).then(
        (f) => f.info,
        (err: unknown) => info(name, name, 'configured', '', { problem: (err as Error).message }),
      );
      list.push(found);
    }
  }
  const current = await currentContextName(env);
  for (const ctx of await listDockerContexts(env)) list.push(fromContext(ctx, current).info);
  if (!list.some((e) => e.ref === `${CONTEXT_PREFIX}default`)) list.push(fromContext({ name: 'default', host: '' }, current).info);
  return list;
}
