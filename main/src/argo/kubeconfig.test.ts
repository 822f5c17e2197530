import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKubeconfig } from './kubeconfig.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function write(text: string, extra: Record<string, string> = {}): Promise<string> {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-kubeconfig-'));
  for (const [name, content] of Object.entries(extra)) await fs.writeFile(path.join(dir, name), content);
  const file = path.join(dir, 'config');
  await fs.writeFile(file, text);
  return file;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('loadKubeconfig', () => {
  it('reads the named context: inline CA and client certificate, the context\'s namespace', async () => {
    const file = await write(`
current-context: a
contexts:
  - { name: a, context: { cluster: one, user: alice } }
  - { name: b, context: { cluster: two, user: bob, namespace: team } }
clusters:
  - { name: one, cluster: { server: "https://one.example:6443" } }
  - { name: two, cluster: { server: "https://two.example/", certificate-authority-data: ${b64('CA')}, tls-server-name: k8s.two } }
users:
  - { name: alice, user: { token: abc } }
  - { name: bob, user: { client-certificate-data: ${b64('CERT')}, client-key-data: ${b64('KEY')} } }
`);
    const t = await loadKubeconfig(file, 'b');
    expect(t).toMatchObject({ server: 'https://two.example', context: 'b', namespace: 'team', servername: 'k8s.two', insecure: false });
    expect([t.ca?.toString(), t.cert?.toString(), t.key?.toString()]).toEqual(['CA', 'CERT', 'KEY']);
    expect(await loadKubeconfig(file)).toMatchObject({ server: 'https://one.example:6443', token: 'abc' });
  });

  it('reads a token file relative to the kubeconfig, and basic auth', async () => {
    const file = await write(
      `current-context: a
contexts: [{ name: a, context: { cluster: c, user: u } }, { name: p, context: { cluster: c, user: pw } }]
clusters: [{ name: c, cluster: { server: "http://127.0.0.1:8001", insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { tokenFile: token.txt } }, { name: pw, user: { username: me, password: secret } }]
`,
      { 'token.txt': 'from-file\n' },
    );
    expect(await loadKubeconfig(file)).toMatchObject({ token: 'from-file', insecure: true });
    expect((await loadKubeconfig(file, 'p')).basic).toEqual({ username: 'me', password: 'secret' });
  });

  it('says which context, cluster or file is missing', async () => {
    const file = await write(`current-context: x
contexts: [{ name: a, context: { cluster: gone } }]
clusters: []
`);
    await expect(loadKubeconfig(file)).rejects.toThrow('has no context "x" (it has: a)');
    await expect(loadKubeconfig(file, 'a')).rejects.toThrow('has no cluster "gone"');
    await expect(loadKubeconfig(path.join(dir!, 'nope'))).rejects.toThrow('no such file');
  });
});
