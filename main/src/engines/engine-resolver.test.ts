import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../api/config.js';
import { listEngines, resolveEngine } from './engine-resolver.js';

/** A Docker CLI config folder as `docker context create` and `docker context use` leave it. */
async function dockerConfig(current: string | null, contexts: Record<string, { host: string; tls?: boolean }>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-docker-config-'));
  await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify(current ? { currentContext: current } : {}));
  for (const [name, { host, tls }] of Object.entries(contexts)) {
    const id = createHash('sha256').update(name).digest('hex');
    await fs.mkdir(path.join(dir, 'contexts', 'meta', id), { recursive: true });
    await fs.writeFile(path.join(dir, 'contexts', 'meta', id, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
    if (tls) {
      const tlsDir = path.join(dir, 'contexts', 'tls', id, 'docker');
      await fs.mkdir(tlsDir, { recursive: true });
      for (const f of ['ca.pem', 'cert.pem', 'key.pem']) await fs.writeFile(path.join(tlsDir, f), 'pem');
    }
  }
  return dir;
}

const cfg = (over: Record<string, unknown> = {}) => configSchema.parse({ engines: { box: { host: 'ssh://me@box:2222' } }, ...over });

describe('which engine a run uses', () => {
  it('takes, strongest first: the run, DOCKER_HOST, the project, default_engine, the current context, local', async () => {
    const DOCKER_CONFIG = await dockerConfig('remote', { remote: { host: 'tcp://10.0.0.9:2376', tls: true } });
    const env = { DOCKER_CONFIG };
    const config = cfg({ project_engines: { p1: 'box' }, default_engine: 'local' });
    expect(await resolveEngine({ cfg: config, env: { ...env, DOCKER_HOST: 'tcp://h:1' }, projectUuid: 'p1', runEngine: 'local' })).toMatchObject({ name: 'local', source: 'run', remote: false });
    expect(await resolveEngine({ cfg: config, env: { ...env, DOCKER_HOST: 'tcp://h:1' }, projectUuid: 'p1' })).toMatchObject({ source: 'DOCKER_HOST', host: 'tcp://h:1', remote: true, connection: null });
    expect(await resolveEngine({ cfg: config, env, projectUuid: 'p1' })).toMatchObject({ name: 'box', source: 'project', remote: true, connection: { host: 'ssh://me@box:2222' } });
    expect(await resolveEngine({ cfg: config, env, projectUuid: 'p2' })).toMatchObject({ name: 'local', source: 'config' });
    const fromContext = await resolveEngine({ cfg: cfg(), env, projectUuid: 'p2' });
    expect(fromContext).toMatchObject({ name: 'context remote', source: 'docker-context', host: 'tcp://10.0.0.9:2376', remote: true });
    expect(fromContext.connection?.tls?.ca).toBe(path.join(DOCKER_CONFIG, 'contexts', 'tls', createHash('sha256').update('remote').digest('hex'), 'docker', 'ca.pem'));
    const plain = await resolveEngine({ cfg: cfg(), env: { DOCKER_CONFIG: await dockerConfig(null, {}) } });
    expect(plain).toMatchObject({ name: 'local', source: 'default', remote: false });
  });

  it('DOCKER_CONTEXT picks a context over `docker context use`; an unknown one says how to list them', async () => {
    const DOCKER_CONFIG = await dockerConfig('a', { a: { host: 'ssh://u@a' }, b: { host: 'ssh://u@b' } });
    expect(await resolveEngine({ cfg: cfg(), env: { DOCKER_CONFIG, DOCKER_CONTEXT: 'b' } })).toMatchObject({ host: 'ssh://u@b' });
    await expect(resolveEngine({ cfg: cfg(), env: { DOCKER_CONFIG }, runEngine: 'context:nope' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('docker context ls') });
    await expect(resolveEngine({ cfg: cfg(), env: { DOCKER_CONFIG }, runEngine: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('Known: local, box') });
  });

  it('lists local, the configured engines and the contexts, marking the current one', async () => {
    const DOCKER_CONFIG = await dockerConfig('a', { a: { host: 'ssh://u@a' } });
    const list = await listEngines(cfg(), { DOCKER_CONFIG });
    expect(list.map((e) => [e.ref, e.remote, e.current ?? false])).toEqual([
      ['local', false, false],
      ['box', true, false],
      ['context:a', true, true],
      ['context:default', false, false],
    ]);
  });

  it('the config refuses an engine named "local" or an address that is not one', () => {
    expect(configSchema.safeParse({ engines: { local: { host: 'ssh://x' } } }).success).toBe(false);
    expect(configSchema.safeParse({ engines: { box: { host: 'http://x' } } }).success).toBe(false);
    expect(configSchema.safeParse({ engines: { box: { host: 'tcp://x:2376', tls: { ca: '/c', cert: '/d', key: '/k' } } } }).success).toBe(true);
  });
});
