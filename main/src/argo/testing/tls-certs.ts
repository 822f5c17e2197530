/** A CA, a server certificate for 127.0.0.1 and a client certificate (CN orchest-test), made with openssl for a test. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TestCerts {
  dir: string;
  ca: Buffer;
  serverKey: Buffer;
  serverCert: Buffer;
  /** Files in `dir`, as a kubeconfig names them. */
  files: { ca: string; clientCert: string; clientKey: string };
}

export function makeTestCerts(dir: string): TestCerts {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=orchest-test-ca', '-keyout', 'ca.key', '-out', 'ca.crt');
  writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  for (const [name, cn, ext] of [['server', '127.0.0.1', ['-extfile', 'server.ext']], ['client', 'orchest-test', []]] as const) {
    run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${cn}`, '-keyout', `${name}.key`, '-out', `${name}.csr`);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', `${name}.crt`, ...ext);
  }
  const read = (f: string) => readFileSync(path.join(dir, f));
  return { dir, ca: read('ca.crt'), serverKey: read('server.key'), serverCert: read('server.crt'), files: { ca: 'ca.crt', clientCert: 'client.crt', clientKey: 'client.key' } };
}
