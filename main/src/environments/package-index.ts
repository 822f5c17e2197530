import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { CoreError } from '../core/core-error.js';

/**
 * config.package_index for builds: each entry is a URL of a PEP 503 simple index, or a local
 * folder holding a simple index or plain wheels (and sdists). pip in the build gets them as
 * PIP_INDEX_URL / PIP_EXTRA_INDEX_URL / PIP_FIND_LINKS; the entries replace PyPI (add
 * https://pypi.org/simple to keep it).
 *
 * A build container cannot read the host's folders, and the classic builder (no BuildKit) has
 * no RUN --mount; a COPY would leave the packages in an image layer. So for the duration of one
 * build a read-only HTTP server serves the local folders on the Docker bridge's gateway address
 * (docker0, e.g. 172.17.0.1: reachable from build containers, not from other machines; 127.0.0.1
 * is the container's own loopback). It answers GET/HEAD for the index pages and for package
 * files only. A simple index is served from its parent folder, because mirrors link to their
 * files relatively (`../../files/x.whl`); from the parent only package files are served.
 */

export const PIP_VARIABLES = ['PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'PIP_FIND_LINKS', 'PIP_TRUSTED_HOST', 'PIP_NO_INDEX'] as const;
export type PipVariables = Partial<Record<(typeof PIP_VARIABLES)[number], string>>;

const PACKAGE_FILE = /\.(whl|tar\.gz|tgz|zip|tar\.bz2|whl\.metadata)$/i;

export type IndexEntry = { kind: 'url'; url: string } | { kind: 'simple'; dir: string } | { kind: 'wheels'; dir: string };

/** A local folder (absolute path or file:// URL) or a remote index URL. */
export function isLocalEntry(entry: string): boolean {
  return entry.startsWith('file:') || path.isAbsolute(entry);
}

/** What each entry is; a folder of package files is a find-links folder, any other folder a simple index. */
export async function classifyEntries(entries: string[]): Promise<IndexEntry[]> {
  const out: IndexEntry[] = [];
  for (const entry of entries) {
    if (!isLocalEntry(entry)) {
      out.push({ kind: 'url', url: entry });
      continue;
    }
    const dir = entry.startsWith('file:') ? fileURLToPath(entry) : entry;
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch (err) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `The package index folder ${dir} (package_index in the config) cannot be read: ${(err as Error).message}. Fix the path or remove it from package_index.`,
      );
    }
    out.push({ kind: names.some((n) => PACKAGE_FILE.test(n)) ? 'wheels' : 'simple', dir: path.resolve(dir) });
  }
  return out;
}

/** The PIP_* variables for these entries, local folders already turned into served URLs. */
export function pipVariables(indexes: string[], findLinks: string[], trustedHost?: string): PipVariables {
  const vars: PipVariables = {};
  if (indexes.length > 0) vars.PIP_INDEX_URL = indexes[0];
  if (indexes.length > 1) vars.PIP_EXTRA_INDEX_URL = indexes.slice(1).join(' ');
  if (findLinks.length > 0) vars.PIP_FIND_LINKS = findLinks.join(' ');
  if (indexes.length === 0 && findLinks.length > 0) vars.PIP_NO_INDEX = '1'; // only local wheels: no PyPI behind them
  if (trustedHost) vars.PIP_TRUSTED_HOST = trustedHost;
  return vars;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

async function listing(dir: string, onlyPackages: boolean): Promise<string> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const links = entries
    .filter((e) => (onlyPackages ? e.isFile() && PACKAGE_FILE.test(e.name) : e.isDirectory() || PACKAGE_FILE.test(e.name)))
    .map((e) => e.name + (e.isDirectory() ? '/' : ''))
    .sort()
    .map((n) => `<a href="${encodeURIComponent(n.replace(/\/$/, ''))}${n.endsWith('/') ? '/' : ''}">${escapeHtml(n)}</a><br>`);
  return `<!DOCTYPE html><html><body>\n${links.join('\n')}\n</body></html>\n`;
}

interface Mount {
  /** Folder the URL prefix maps to. */
  root: string;
  /** Under root: the part served whole (index pages); '' = all of it. Elsewhere only package files. */
  open: string;
  kind: 'simple' | 'wheels';
}

/** Answers one request from the mounts (`/<n>/...`), or 404; never leaves a mount's folder. */
async function serve(mounts: Mount[], req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const notFound = () => void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
  const url = new URL(req.url ?? '/', 'http://index');
  let parts: string[];
  try {
    parts = url.pathname.split('/').map(decodeURIComponent);
  } catch {
    return notFound();
  }
  const mount = mounts[Number(parts[1])];
  const rest = parts.slice(2);
  if (!mount || !/^\d+$/.test(parts[1] ?? '') || rest.some((p) => p === '..' || p === '.' || p.includes('\0') || p.includes(path.sep))) return notFound();
  const rel = rest.filter(Boolean).join('/');
  const inOpenPart = mount.open === '' || rel === mount.open || rel.startsWith(`${mount.open}/`);
  const abs = path.join(mount.root, ...rel.split('/').filter(Boolean));
  const st = await fs.stat(abs).catch(() => null);
  if (!st) return notFound();
  if (st.isDirectory()) {
    if (!inOpenPart) return notFound();
    if (!url.pathname.endsWith('/')) return void res.writeHead(301, { location: `${url.pathname}/` }).end();
    const index = path.join(abs, 'index.html');
    const hasIndex = mount.kind === 'simple' && (await fs.stat(index).catch(() => null))?.isFile();
    if (hasIndex) return sendFile(req, res, index, 'text/html; charset=utf-8');
    const html = await listing(abs, mount.kind === 'wheels');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
    return void res.end(req.method === 'HEAD' ? undefined : html);
  }
  if (!st.isFile() || !(PACKAGE_FILE.test(abs) || (inOpenPart && mount.kind === 'simple' && abs.endsWith('.html')))) return notFound();
  return sendFile(req, res, abs, abs.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/octet-stream', st.size);
}

async function sendFile(req: http.IncomingMessage, res: http.ServerResponse, abs: string, type: string, size?: number): Promise<void> {
  const length = size ?? (await fs.stat(abs)).size;
  res.writeHead(200, { 'content-type': type, 'content-length': length });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(abs)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** "172.17.0.0/16" → "172.17.0.1": the address Docker gives the bridge when it names no gateway. */
export function firstHost(subnet: string): string | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/\d+$/.exec(subnet);
  if (!m) return null;
  const n = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) + 1;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/**
 * The host side of Docker's default bridge (IPv4), where build containers reach this machine.
 * Whether it is an address of this machine shows when listening on it (a remote engine's is not).
 */
export async function bridgeGateway(docker: Docker): Promise<string | null> {
  const info = (await docker.getNetwork('bridge').inspect()) as {
    IPAM?: { Config?: { Gateway?: string; Subnet?: string }[] };
    Options?: Record<string, string>;
  };
  const configs = info.IPAM?.Config ?? [];
  const gateway = configs.map((c) => c.Gateway).find((g) => g && /^\d+\.\d+\.\d+\.\d+$/.test(g));
  if (gateway) return gateway;
  // 20.10 often leaves Gateway out of the default bridge: it is the subnet's first address (docker0's).
  for (const c of configs) {
    const host = c.Subnet ? firstHost(c.Subnet) : null;
    if (host) return host;
  }
  // os.networkInterfaces() hides a bridge without containers (no carrier), so it is only the last resort.
  const ifname = info.Options?.['com.docker.network.bridge.name'] ?? 'docker0';
  return (os.networkInterfaces()[ifname] ?? []).find((a) => a.family === 'IPv4')?.address ?? null;
}

const NOT_LOCAL =
  'package_index names local folders, which are served to builds on the Docker bridge of this machine, but the engine is not local (its bridge address is not one of this machine). ' +
  'Serve the index over HTTP instead and put its URL in package_index.';

export interface OpenedIndex {
  /** For the build's RUN steps (build arguments), empty when no index is configured. */
  vars: PipVariables;
  /** One line for the build log. */
  description: string;
  close(): Promise<void>;
}

/**
 * Serve the local entries on `host` (an ephemeral port) and give the PIP_* variables for all of
 * them, in their configured order. Exported for tests, which serve on 127.0.0.1.
 */
export async function serveEntries(classified: IndexEntry[], host: string): Promise<{ vars: PipVariables; base: string; close(): Promise<void> }> {
  const local = classified.filter((e): e is Exclude<IndexEntry, { kind: 'url' }> => e.kind !== 'url');
  const mounts: Mount[] = local.map((e) =>
    e.kind === 'simple' ? { root: path.dirname(e.dir), open: path.basename(e.dir), kind: 'simple' } : { root: e.dir, open: '', kind: 'wheels' },
  );
  const server = http.createServer((req, res) => {
    serve(mounts, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRNOTAVAIL' ? new CoreError('INVALID_ARGUMENT', NOT_LOCAL) : err));
    server.listen(0, host, () => resolve());
  });
  const base = `http://${host}:${(server.address() as AddressInfo).port}`;
  const indexes: string[] = [];
  const findLinks: string[] = [];
  let n = 0;
  for (const e of classified) {
    if (e.kind === 'url') {
      indexes.push(e.url);
      continue;
    }
    const mount = mounts[n];
    (e.kind === 'simple' ? indexes : findLinks).push(`${base}/${n}/${mount.open ? `${encodeURIComponent(mount.open)}/` : ''}`);
    n++;
  }
  return {
    vars: pipVariables(indexes, findLinks, base.slice('http://'.length)),
    base,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Resolve `entries` for one build, serving the local folders until `close()`. Throws a CoreError
 * that says what to do when a folder is unreadable or cannot be served to this engine.
 */
export async function openPackageIndex(entries: string[], docker: Docker): Promise<OpenedIndex> {
  const classified = await classifyEntries(entries);
  if (classified.every((e) => e.kind === 'url')) {
    const urls = classified.map((e) => (e.kind === 'url' ? e.url : ''));
    return { vars: pipVariables(urls, []), description: urls.length ? `Package index: ${urls.join(', ')}` : '', close: async () => {} };
  }
  const host = await bridgeGateway(docker);
  if (!host) throw new CoreError('INVALID_ARGUMENT', NOT_LOCAL);
  const served = await serveEntries(classified, host);
  return {
    vars: served.vars,
    description: `Package index: ${entries.join(', ')} (local folders served read-only to this build at ${served.base})`,
    close: served.close,
  };
}
