import { createHmac, randomBytes } from 'node:crypto';
import { utils } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { checkHostKey, hostKeyAdvice, knownKeyTypes, preferredHostKeyAlgorithms } from './known-hosts.js';

const pair = (type: 'ed25519' | 'rsa') => {
  const [kind, b64] = (type === 'rsa' ? utils.generateKeyPairSync('rsa', { bits: 2048 }) : utils.generateKeyPairSync('ed25519')).public.split(' ') as [string, string];
  return { kind, b64, blob: Buffer.from(b64, 'base64') };
};
const a = pair('ed25519');
const b = pair('ed25519');
const rsa = pair('rsa');
const hashed = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('known_hosts', () => {
  it('accepts the key known for the host, on port 22 by name and on another port as [host]:port', () => {
    const text = `# comment\nbox.example,10.0.0.2 ${a.kind} ${a.b64}\n[127.0.0.1]:2222 ${b.kind} ${b.b64} me@here\n`;
    expect(checkHostKey(text, 'box.example', 22, a.blob)).toEqual({ ok: true });
    expect(checkHostKey(text, '10.0.0.2', 22, a.blob)).toEqual({ ok: true });
    expect(checkHostKey(text, '127.0.0.1', 2222, b.blob)).toEqual({ ok: true });
    // The same host on another port is another entry.
    expect(checkHostKey(text, 'box.example', 2222, a.blob)).toEqual({ ok: false, kind: 'unknown' });
  });

  it('refuses a changed key of the same type, calls a host without an entry unknown', () => {
    const text = `box.example ${a.kind} ${a.b64}\n`;
    expect(checkHostKey(text, 'box.example', 22, b.blob)).toEqual({ ok: false, kind: 'changed' });
    expect(checkHostKey(text, 'other.example', 22, a.blob)).toEqual({ ok: false, kind: 'unknown' });
    expect(checkHostKey('', 'box.example', 22, a.blob)).toEqual({ ok: false, kind: 'unknown' });
  });

  it('reads hashed names, wildcards, negations and @revoked keys', () => {
    const text = [`${hashed('[gpu.example]:2200')} ${a.kind} ${a.b64}`, `*.lab.example,!bad.lab.example ${b.kind} ${b.b64}`, `@revoked * ${rsa.kind} ${rsa.b64}`, `@cert-authority *.example ${a.kind} ${a.b64}`].join('\n');
    expect(checkHostKey(text, 'gpu.example', 2200, a.blob)).toEqual({ ok: true });
    expect(checkHostKey(text, 'gpu.example', 22, a.blob)).toEqual({ ok: false, kind: 'unknown' });
    expect(checkHostKey(text, 'n1.lab.example', 22, b.blob)).toEqual({ ok: true });
    expect(checkHostKey(text, 'bad.lab.example', 22, b.blob)).toEqual({ ok: false, kind: 'unknown' });
    expect(checkHostKey(text, 'n1.lab.example', 22, rsa.blob)).toEqual({ ok: false, kind: 'revoked' });
  });

  it('offers the known key types first, and says how to add or replace a key', () => {
    const text = `box.example ${rsa.kind} ${rsa.b64}\n`;
    expect(knownKeyTypes(text, 'box.example', 22)).toEqual(['ssh-rsa']);
    expect(preferredHostKeyAlgorithms(['ssh-rsa']).slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(preferredHostKeyAlgorithms([])[0]).toBe('ssh-ed25519');
    expect(hostKeyAdvice({ ok: false, kind: 'unknown' }, 'box.example', 2222, '/home/me/.ssh/known_hosts')).toContain('ssh-keyscan -p 2222 box.example >> /home/me/.ssh/known_hosts');
    expect(hostKeyAdvice({ ok: false, kind: 'changed' }, 'box.example', 22, '/k')).toMatch(/refused.*ssh-keygen -R 'box.example' -f \/k/);
  });
});
