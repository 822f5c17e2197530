/**
 * `orchest export argo` and `orchest submit argo` in-process on a copy of examples/hello-pipeline
 * with a real core. Submit talks to a Kubernetes API on 127.0.0.1 that answers from fixtures in
 * the shape of Kubernetes' and Argo's answers (argo/testing/): no cluster runs here.
 */
import { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { parse, parseAllDocuments } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../core/core.js';
import { appRoot } from '../../core/resources.js';
import { schemaErrors } from '../../argo/testing/argo-schema.js';
import { fixture, startFakeKubeApi, type FakeKubeApi } from '../../argo/testing/fake-kube-api.js';
import { makeTestCerts } from '../../argo/testing/tls-certs.js';
import { registerArgoCommands } from './argo.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-argo-cli-'));
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

async function example(): Promise<{ tmp: string; pipeline: string }> {
  const tmp = await tempDir();
  await fs.cp(path.join(appRoot(), 'examples', 'hello-pipeline'), path.join(tmp, 'hello-pipeline'), { recursive: true });
  return { tmp, pipeline: path.join(tmp, 'hello-pipeline') };
}

async function orchest(tmp: string, args: string[]) {
  let stdout = '';
  let stderr = '';
  let code: number | undefined;
  const program = new Command('orchest').exitOverride().configureOutput({ writeErr: (s) => (stderr += s), writeOut: (s) => (stdout += s) });
  registerArgoCommands(program, {
    createCore: (opts) => createCore({ ...opts, mode: 'test', argoPollMs: 10 }),
    configDir: path.join(tmp, 'config'),
    dataDir: path.join(tmp, 'data'),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    signals: new EventEmitter(),
    setExitCode: (c) => (code = c),
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    code = 2;
    stderr += String(err);
  }
  return { stdout, stderr, code };
}

async function kubeApi(opts: Parameters<typeof startFakeKubeApi>[0]): Promise<FakeKubeApi> {
  const api = await startFakeKubeApi(opts);
  cleanups.push(() => api.close());
  return api;
}

async function kubeconfig(dir: string, server: string, user: Record<string, unknown>, cluster: Record<string, unknown> = {}): Promise<string> {
  const file = path.join(dir, 'kubeconfig');
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'current-context: test',
    'contexts:',
    '  - name: test',
    '    context: { cluster: c1, user: u1, namespace: ml }',
    'clusters:',
    `  - name: c1`,
    `    cluster: ${JSON.stringify({ server, ...cluster })}`,
    'users:',
    `  - name: u1`,
    `    user: ${JSON.stringify(user)}`,
  ].join('\n');
  await fs.writeFile(file, `${text}\n`);
  return file;
}

describe('orchest export argo', () => {
  it('writes the Workflow to a file and lists the images to push under the registry', async () => {
    const { tmp, pipeline } = await example();
    const out = path.join(tmp, 'wf.yaml');
    const { code, stderr } = await orchest(tmp, ['export', 'argo', pipeline, '-o', out, '--registry', 'registry.example.org/team', '--namespace', 'ml', '--retries', '2']);
    expect(code, stderr).toBe(0);
    const doc = parse(await fs.readFile(out, 'utf8')) as Record<string, unknown>;
    expect(schemaErrors(doc)).toEqual([]);
    expect(doc).toMatchObject({ kind: 'Workflow', metadata: { namespace: 'ml' } });
    expect(stderr).toContain(`wrote a Workflow to ${out}`);
    expect(stderr).toMatch(/Images to push[^\n]*\n\s+registry\.example\.org\/team\/orchest-py:latest\s+← orchest-py:latest.*\[Load numbers, Square them, Sum them, Report\]/);
    expect(stderr).toContain('projects/hello-pipeline/');
  });

  it('prints the manifest on stdout, one CronWorkflow per run of a grid file', async () => {
    const { tmp, pipeline } = await example();
    const grid = path.join(tmp, 'grid.json');
    await fs.writeFile(grid, JSON.stringify({ pipeline_parameters: { greeting: ['a', 'b', 'c'] } }));
    const { code, stdout, stderr } = await orchest(tmp, ['export', 'argo', pipeline, '--grid', grid, '--cron', '0 3 * * *']);
    expect(code, stderr).toBe(0);
    const docs = parseAllDocuments(stdout).map((d) => d.toJS() as { kind: string });
    expect(docs.map((d) => d.kind)).toEqual(['CronWorkflow', 'CronWorkflow', 'CronWorkflow']);
    expect(stderr).toContain('3 CronWorkflows (one per run of the grid)');
  });

  it('refuses --push without --registry, and a bad cron, with exit code 2', async () => {
    const { tmp, pipeline } = await example();
    const push = await orchest(tmp, ['export', 'argo', pipeline, '--push']);
    expect(push.code).toBe(2);
    expect(push.stderr).toContain('--push needs --registry');
    const cron = await orchest(tmp, ['export', 'argo', pipeline, '--cron', '* *']);
    expect(cron.code).toBe(2);
    expect(cron.stderr).toContain('five fields');
  });
});

describe('orchest submit argo', () => {
  it('creates the Workflow with the kubeconfig\'s token and prints step states and logs until it succeeds', async () => {
    const { tmp, pipeline } = await example();
    const api = await kubeApi({ token: 'tok-123' });
    const config = await kubeconfig(tmp, api.server, { token: 'tok-123' });
    const { code, stdout, stderr } = await orchest(tmp, ['submit', 'argo', pipeline, '--kubeconfig', config]);
    expect(code, stderr).toBe(0);
    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(post.path).toBe('/apis/argoproj.io/v1alpha1/namespaces/ml/workflows');
    expect(post.authorization).toBe('Bearer tok-123');
    expect(schemaErrors(post.body as Record<string, unknown>)).toEqual([]);
    expect(stderr).toContain(`created workflow hello-pipeline-x7k2p in namespace ml on ${api.server}`);
    for (const title of ['Load numbers', 'Square them', 'Sum them', 'Report']) expect(stderr).toMatch(new RegExp(`\\[\\d/4\\] Succeeded\\s+${title}`));
    expect(stderr).toMatch(/\[\d\/4\] Running\s+Load numbers[\s\S]*\[\d\/4\] Succeeded\s+Load numbers/);
    expect(stdout).toContain('Load numbers | loaded 10 numbers\n');
    expect(stdout).toContain('Report | [orchest] running report.ipynb\nReport | report done\n');
    expect(stderr).toContain('hello-pipeline-x7k2p Succeeded');
    const logReads = api.requests.filter((r) => r.path.includes('/log?'));
    expect(logReads.every((r) => r.path.endsWith('container=main&follow=true'))).toBe(true);
  });

  it('authenticates with a client certificate over HTTPS, trusting the kubeconfig\'s CA (files beside it)', async () => {
    const { tmp, pipeline } = await example();
    const certs = makeTestCerts(await tempDir());
    const api = await kubeApi({ tls: { key: certs.serverKey, cert: certs.serverCert, ca: certs.ca } });
    const config = await kubeconfig(certs.dir, api.server, { 'client-certificate': certs.files.clientCert, 'client-key': certs.files.clientKey }, { 'certificate-authority': certs.files.ca });
    const { code, stderr } = await orchest(tmp, ['submit', 'argo', pipeline, '--kubeconfig', config]);
    expect(code, stderr).toBe(0);
    expect(api.requests.length).toBeGreaterThan(2);
    expect(api.requests.every((r) => r.clientCN === 'orchest-test')).toBe(true);
  });

  it('exits 1 naming the failed step when the workflow fails', async () => {
    const { tmp, pipeline } = await example();
    const failed = fixture<Record<string, unknown>>('hello-pipeline-failed.json');
    const api = await kubeApi({ scenario: { workflow: 'hello-pipeline-x7k2p', namespace: 'ml', states: [failed] } });
    const config = await kubeconfig(tmp, api.server, { token: 't' });
    const { code, stderr } = await orchest(tmp, ['submit', 'argo', pipeline, '--kubeconfig', config]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Failed\s+Square them — Error \(exit code 1\)/);
    expect(stderr).toMatch(/Omitted\s+Report/);
    expect(stderr).toContain("hello-pipeline-x7k2p Failed: child 'hello-pipeline-x7k2p-3329015872' failed");
  });

  it('checks the volume claim and the Secret of the secret variables before creating anything, saying how to make them', async () => {
    const { tmp, pipeline } = await example();
    const core = await createCore({ configDir: path.join(tmp, 'config'), dataDir: path.join(tmp, 'data'), mode: 'test', projectDir: pipeline, watchProject: false });
    await core.call('vars.set', { variables: [{ name: 'API_KEY', value: 'k-1', secret: true }] });
    await core.dispose();
    const api = await kubeApi({ secrets: { 'hello-pipeline-secrets': { OTHER: 'x' } } });
    const config = await kubeconfig(tmp, api.server, { token: 't' });

    const noClaim = await orchest(tmp, ['submit', 'argo', pipeline, '--kubeconfig', config, '--pvc', 'scratch']);
    expect(noClaim.code).toBe(2);
    expect(noClaim.stderr).toContain('no persistent volume claim "scratch" in namespace ml');
    const noKey = await orchest(tmp, ['submit', 'argo', pipeline, '--kubeconfig', config]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('has the Secret "hello-pipeline-secrets" without API_KEY in namespace ml');
    expect(noKey.stderr).toContain('kubectl create secret generic hello-pipeline-secrets -n ml --from-literal=API_KEY=…');
    expect(noKey.stderr).not.toContain('k-1');
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);

    const withSecret = await kubeApi({ secrets: { 'hello-pipeline-secrets': { API_KEY: 'k-1' } } });
    const ok = await orchest(tmp, ['submit', 'argo', pipeline, '--kubeconfig', await kubeconfig(tmp, withSecret.server, { token: 't' })]);
    expect(ok.code, ok.stderr).toBe(0);
    const env = JSON.stringify(withSecret.requests.find((r) => r.method === 'POST')!.body);
    expect(env).toContain('{"name":"API_KEY","valueFrom":{"secretKeyRef":{"name":"hello-pipeline-secrets","key":"API_KEY"}}}');
    expect(env).not.toContain('k-1');
  });

  it('says the credentials were refused (401), and that exec plugins are not run', async () => {
    const { tmp, pipeline } = await example();
    const api = await kubeApi({ token: 'right' });
    const wrong = await orchest(tmp, ['submit', 'argo', pipeline, '--kubeconfig', await kubeconfig(tmp, api.server, { token: 'wrong' })]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('Kubernetes answered 401');
    expect(wrong.stderr).toContain('credentials were refused');
    const exec = await orchest(tmp, ['submit', 'argo', pipeline, '--kubeconfig', await kubeconfig(tmp, api.server, { exec: { command: 'aws-iam-authenticator' } })]);
    expect(exec.code).toBe(2);
    expect(exec.stderr).toContain('credential plugin "aws-iam-authenticator", which orchest does not run');
  });
});
