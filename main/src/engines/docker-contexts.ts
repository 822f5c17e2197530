import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseJsonText } from '../common/json-text.js';

/**
 * Docker contexts as the Docker CLI keeps them (`docker context create/use`):
 * $DOCKER_CONFIG/config.json (default ~/.docker) holds `currentContext`; each context is
 * contexts/meta/<sha256(name)>/meta.json ({Name, Endpoints: {docker: {Host, SkipTLSVerify}}}) with its
 * TLS files in contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem.
 */

export interface DockerContext {
  name: string;
  host: string;
  tls?: { ca: string; cert: string; key: string };
  problem?: string;
}

export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || path.join(os.homedir(), '.docker');
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function readJson(file: string): Promise<{ ok: true; value: unknown } | { ok: false; reason: string } | null> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { ok: false, reason: (err as Error).message };
  }
  const read = parseJsonText(bytes);
  return read.ok ? { ok: true, value: read.value } : { ok: false, reason: read.message };
}

/** The context `docker context use` chose: DOCKER_CONTEXT wins, as for the CLI; 'default' means the local engine. */
export async function currentContextName(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT;
  const read = await readJson(path.join(dockerConfigDir(env), 'config.json'));
  if (!read?.ok) return 'default';
  const value = read.value as { currentContext?: unknown };
  return typeof value?.currentContext === 'string' && value.currentContext ? value.currentContext : 'default';
}

function contextFromMeta(dir: string, tlsRoot: string, value: unknown, fallbackName: string): DockerContext {
  const meta = value as { Name?: unknown; Endpoints?: { docker?: { Host?: unknown } } };
  const name = typeof meta?.Name === 'string' ? meta.Name : fallbackName;
  const host = meta?.Endpoints?.docker?.Host;
  if (typeof host !== 'string' || !host) return { name, host: '', problem: `${path.join(dir, 'meta.json')} names no Docker endpoint (Endpoints.docker.Host).` };
  const tlsDir = path.join(tlsRoot, sha256(name), 'docker');
  const files = { ca: path.join(tlsDir, 'ca.pem'), cert: path.join(tlsDir, 'cert.pem'), key: path.join(tlsDir, 'key.pem') };
  const hasTls = existsSync(files.ca) && existsSync(files.cert) && existsSync(files.key);
  return { name, host, ...(hasTls ? { tls: files } : {}) };
}

/** Every context the Docker CLI has, sorted by name (a broken one comes with its problem). */
export async function listDockerContexts(env: NodeJS.ProcessEnv = process.env): Promise<DockerContext[]> {
  const base = path.join(dockerConfigDir(env), 'contexts');
  const metaRoot = path.join(base, 'meta');
  let dirs: string[];
  try {
    dirs = await fs.readdir(metaRoot);
  } catch {
    return [];
  }
  const found: DockerContext[] = [];
  for (const d of dirs) {
    const dir = path.join(metaRoot, d);
    const read = await readJson(path.join(dir, 'meta.json'));
    if (!read) continue;
    if (!read.ok) found.push({ name: d, host: '', problem: `${path.join(dir, 'meta.json')} cannot be read: ${read.reason}` });
    else found.push(contextFromMeta(dir, path.join(base, 'tls'), read.value, d));
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** One context by name (its folder is the sha256 of the name); null when the CLI has none such. */
export async function readDockerContext(name: string, env: NodeJS.ProcessEnv = process.env): Promise<DockerContext | null> {
  const base = path.join(dockerConfigDir(env), 'contexts');
  const dir = path.join(base, 'meta', sha256(name));
  const read = await readJson(path.join(dir, 'meta.json'));
  if (!read) return null;
  if (!read.ok) return { name, host: '', problem: `${path.join(dir, 'meta.json')} cannot be read: ${read.reason}` };
  return contextFromMeta(dir, path.join(base, 'tls'), read.value, name);
}
