/**
 * OpenSSH's known_hosts, read as ssh and the Docker CLI's ssh:// connections check a host's key:
 * plain and hashed (`|1|salt|hash`) host patterns, `[host]:port` for other ports than 22, `*`/`?`
 * wildcards and `!` negations, `@revoked` keys. (`@cert-authority` lines are not supported: a host
 * known only by a CA is "unknown" here.)
 */
import { createHmac } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

export const defaultKnownHostsFile = (): string => path.join(os.homedir(), '.ssh', 'known_hosts');

export type HostKeyVerdict = { ok: true } | { ok: false; kind: 'unknown' | 'changed' | 'revoked' };

interface Entry {
  marker: '' | '@revoked' | '@cert-authority';
  patterns: string;
  type: string;
  key: Buffer;
}

function parse(text: string): Entry[] {
  const entries: Entry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0]!.startsWith('@') ? (fields.shift() as Entry['marker']) : '';
    const [patterns, type, key] = fields;
    if (!patterns || !type || !key) continue;
    entries.push({ marker, patterns, type, key: Buffer.from(key, 'base64') });
  }
  return entries;
}

/** How the host appears in known_hosts: `host` on port 22, `[host]:port` otherwise. */
export const hostEntryName = (host: string, port: number): string => (port === 22 ? host : `[${host}]:${port}`);

const wildcard = (pattern: string, name: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i').test(name);

function patternMatches(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) {
    const [, , salt, hash] = patterns.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('!')) {
      if (wildcard(p.slice(1), name)) return false;
    } else if (wildcard(p, name)) matched = true;
  }
  return matched;
}

/** The key type inside an SSH public key blob (its first string), e.g. "ssh-ed25519". */
export function keyType(blob: Buffer): string {
  if (blob.length < 4) return '';
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** The key types known_hosts holds for the host (to offer those first, as ssh does). */
export function knownKeyTypes(text: string, host: string, port: number): string[] {
  const name = hostEntryName(host, port);
  return [...new Set(parse(text).filter((e) => e.marker === '' && patternMatches(e.patterns, name)).map((e) => e.type))];
}

/** Whether `key` (the SSH wire-format blob the server showed) is the host's key in known_hosts. */
export function checkHostKey(text: string, host: string, port: number, key: Buffer): HostKeyVerdict {
  const name = hostEntryName(host, port);
  const mine = parse(text).filter((e) => patternMatches(e.patterns, name) || (e.marker === '@revoked' && e.patterns === '*'));
  if (mine.some((e) => e.marker === '@revoked' && e.key.equals(key))) return { ok: false, kind: 'revoked' };
  const plain = mine.filter((e) => e.marker === '');
  if (plain.some((e) => e.key.equals(key))) return { ok: true };
  const type = keyType(key);
  return { ok: false, kind: plain.some((e) => e.type === type) ? 'changed' : 'unknown' };
}

/** What the user reads when the key is refused, and how to go on. */
export function hostKeyAdvice(verdict: Exclude<HostKeyVerdict, { ok: true }>, host: string, port: number, file: string): string {
  const name = hostEntryName(host, port);
  const scan = `ssh-keyscan${port === 22 ? '' : ` -p ${port}`} ${host} >> ${file}`;
  if (verdict.kind === 'unknown') {
    return `The SSH host ${name} is not in ${file}, so its identity cannot be checked. If you trust it, add its key: connect once with ssh (ssh${port === 22 ? '' : ` -p ${port}`} ${host}) and accept the key, or run ${scan} (compare the fingerprint with the host's own: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub there).`;
  }
  if (verdict.kind === 'revoked') return `The SSH host ${name} showed a key marked @revoked in ${file}: connection refused.`;
  return `The SSH host key of ${name} is not the one in ${file}: connection refused (someone may be intercepting it, or the host was reinstalled). If you know the host's key changed, remove the old one (ssh-keygen -R '${name}' -f ${file}) and add the new one (${scan}).`;
}

/** ssh2's host key algorithms, in its order. */
const HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
const algorithmsOf = (type: string): string[] => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type]);

/** The host key algorithms to offer: those of the keys known for the host first (as ssh does), so a host known by its RSA key shows that one. */
export function preferredHostKeyAlgorithms(known: readonly string[]): string[] {
  const first = known.flatMap(algorithmsOf).filter((a) => HOST_KEY_ALGORITHMS.includes(a));
  return [...new Set([...first, ...HOST_KEY_ALGORITHMS])];
}
