import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { DockerStreamError, engineReason, followRequest, type StreamOptions } from './images.js';

/** `docker tag SOURCE TARGET`: the engine names the image `target` too. */
export async function tagImage(docker: Docker, source: string, target: string): Promise<void> {
  const { repo, tag } = splitRef(target);
  try {
    await docker.getImage(source).tag({ repo, tag });
  } catch (err) {
    throw new DockerStreamError(engineReason(err));
  }
}

/** "host:5000/a/b:tag" → repo "host:5000/a/b", tag "tag" ("latest" when none). */
export function splitRef(ref: string): { repo: string; tag: string } {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { repo: ref, tag: 'latest' };
}

export interface RegistryAuth {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress?: string;
}

/**
 * What `docker login HOST` left in the Docker CLI's config ($DOCKER_CONFIG/config.json, else
 * ~/.docker/config.json) for the registry `ref` names; {} when nothing (credential helpers are
 * programs of the CLI, not read here).
 */
export async function registryAuth(ref: string, env: NodeJS.ProcessEnv = process.env): Promise<RegistryAuth> {
  const host = ref.split('/')[0]!;
  const file = path.join(env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'), 'config.json');
  let auths: Record<string, { auth?: string; identitytoken?: string }> = {};
  try {
    auths = (JSON.parse(await fs.readFile(file, 'utf8')) as { auths?: typeof auths }).auths ?? {};
  } catch {
    return {};
  }
  const entry = auths[host] ?? auths[`https://${host}`] ?? auths[`http://${host}`];
  if (!entry) return {};
  if (entry.identitytoken) return { identitytoken: entry.identitytoken, serveraddress: host };
  if (!entry.auth) return {};
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? {} : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress: host };
}

/** `docker push REF`, streaming its progress lines; throws DockerStreamError with the engine's (or registry's) reason. */
export async function pushImage(docker: Docker, ref: string, opts: StreamOptions & { auth?: RegistryAuth } = {}): Promise<void> {
  const { repo, tag } = splitRef(ref);
  // Some engines refuse a push without the X-Registry-Auth header, even an empty one.
  await followRequest(() => docker.getImage(repo).push({ tag, authconfig: opts.auth ?? {}, abortSignal: opts.signal }), opts);
}
