import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VariableSet } from '../api/variables.js';
import { createCore, type Core } from '../core/core.js';
import { projectUuid } from '../project/project-id.js';
import { fakeProject } from '../runs/testing/fake-services.js';
import { createProject, type ProjectFixture } from '../runs/testing/project-fixture.js';
import type { SecretCipher } from './secret-cipher.js';
import { createVariableService, type VariableService } from './variable-service.js';

let tmp: string;
let fx: ProjectFixture;
const cores: Core[] = [];

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-vars-'));
  fx = await createProject({ uuid: 'pipe-vars', steps: [{ uuid: 's1', file: 'a.py', source: 'print(1)\n' }] });
});
afterEach(async () => {
  for (const c of cores.splice(0)) await c.dispose();
  await fx.cleanup();
  await fs.rm(tmp, { recursive: true, force: true });
});

const configDir = () => path.join(tmp, 'config');
const varsFile = () => path.join(configDir(), 'variables', `${projectUuid(fx.root)}.json`);

async function core(cipher?: SecretCipher): Promise<Core> {
  const c = await createCore({ configDir: configDir(), dataDir: path.join(tmp, 'data'), mode: 'test', projectDir: fx.root, ...(cipher ? { secretCipher: cipher } : {}) });
  cores.push(c);
  return c;
}

/** The service as a run sees it (forRun is not a contract method), on the same files as the core. */
const service = (cipher?: SecretCipher): VariableService => createVariableService({ configDir: configDir(), project: fakeProject(fx.root), cipher });

async function ok<T = VariableSet>(c: Core, method: string, args: unknown): Promise<T> {
  const answer = await c.call(method, args);
  if (answer.error) throw new Error(`${method}: ${answer.error.code} ${answer.error.message}`);
  return answer.result as T;
}

/** A stand-in for Electron's safeStorage: reversible, and visibly not the plain text. */
function fakeCipher(id = 'fake-keychain'): SecretCipher & { calls: number } {
  const c = {
    id,
    calls: 0,
    encrypt: (s: string) => {
      c.calls++;
      return Buffer.from(`enc:${s}`).toString('base64');
    },
    decrypt: (s: string) => {
      const text = Buffer.from(s, 'base64').toString();
      if (!text.startsWith('enc:')) throw new Error('not ours');
      return text.slice(4);
    },
  };
  return c;
}

describe('project and pipeline variables', () => {
  it('keeps them outside the project, user-only, and lists secrets without their value', async () => {
    const c = await core();
    const set = await ok(c, 'vars.set', { variables: [{ name: 'API_URL', value: 'https://example.org' }, { name: 'TOKEN', value: 'tok-123', secret: true }] });
    expect(set.variables).toEqual([
      { name: 'API_URL', secret: false, value: 'https://example.org' },
      { name: 'TOKEN', secret: true },
    ]);
    expect(set.storage.file).toBe(varsFile());
    expect(path.relative(fx.root, set.storage.file).startsWith('..')).toBe(true);
    expect((await fs.stat(varsFile())).mode & 0o777).toBe(0o600);
    expect((await fs.stat(path.dirname(varsFile()))).mode & 0o777).toBe(0o700);
    const listed = await ok(c, 'vars.get', {});
    expect(JSON.stringify(listed)).not.toContain('tok-123');
    const revealed = await ok(c, 'vars.get', { reveal: true });
    expect(revealed.variables.find((v) => v.name === 'TOKEN')?.value).toBe('tok-123');
    // Nothing about them was written into the project folder.
    const written = await fs.readdir(fx.root, { recursive: true });
    for (const f of written) {
      const st = await fs.stat(path.join(fx.root, f));
      if (st.isFile()) expect(await fs.readFile(path.join(fx.root, f), 'utf8')).not.toContain('tok-123');
    }
  });

  it('keeps a secret given without value, and asks for one when it has none', async () => {
    const c = await core();
    await ok(c, 'vars.set', { variables: [{ name: 'TOKEN', value: 'first', secret: true }] });
    await ok(c, 'vars.set', { variables: [{ name: 'TOKEN', secret: true }, { name: 'OTHER', value: 'x' }] });
    expect((await ok(c, 'vars.get', { reveal: true })).variables).toEqual([
      { name: 'TOKEN', secret: true, value: 'first' },
      { name: 'OTHER', secret: false, value: 'x' },
    ]);
    const answer = await c.call('vars.set', { variables: [{ name: 'NEW_SECRET', secret: true }] });
    expect(answer.error?.message).toMatch(/"NEW_SECRET" has no value yet/);
  });

  it('refuses reserved, invalid and duplicate names with a message saying why', async () => {
    const c = await core();
    const reserved = await c.call('vars.set', { variables: [{ name: 'ORCHEST_STEP_UUID', value: 'x' }] });
    expect(reserved.error?.code).toBe('INVALID_ARGUMENT');
    expect(reserved.error?.message).toMatch(/"ORCHEST_STEP_UUID" is reserved: names starting with ORCHEST_ are set by Orchest/);
    expect((await c.call('vars.set', { variables: [{ name: '1X', value: 'x' }] })).error?.message).toMatch(/not a valid variable name/);
    expect((await c.call('vars.set', { variables: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] })).error?.message).toMatch(/"A" is listed twice/);
    await expect(fs.stat(varsFile())).rejects.toThrow(); // nothing written
  });

  it('gives a run the project values with the pipeline values over them, and --env over both', async () => {
    const c = await core();
    await ok(c, 'vars.set', { variables: [{ name: 'REGION', value: 'eu' }, { name: 'LEVEL', value: 'project' }, { name: 'KEY', value: 'k-project', secret: true }] });
    const pipe = await ok(c, 'vars.set', { pipeline: fx.pipelinePath, variables: [{ name: 'LEVEL', value: 'pipeline' }] });
    expect(pipe).toMatchObject({ scope: 'pipeline', variables: [{ name: 'LEVEL', value: 'pipeline' }] });
    expect(pipe.inherited?.map((v) => v.name)).toEqual(['REGION', 'LEVEL', 'KEY']);
    const vars = service();
    expect(await vars.forRun(fx.root, 'pipe-vars', {})).toEqual({ env: { REGION: 'eu', LEVEL: 'pipeline', KEY: 'k-project' }, secrets: ['k-project'] });
    // A secret name stays masked whatever value wins.
    expect(await vars.forRun(fx.root, 'pipe-vars', { KEY: 'from-cli', REGION: 'us' })).toEqual({ env: { REGION: 'us', LEVEL: 'pipeline', KEY: 'from-cli' }, secrets: ['from-cli'] });
    // Another pipeline of the project sees only the project's values.
    expect((await vars.forRun(fx.root, 'other-pipeline', {})).env.LEVEL).toBe('project');
  });

  it('never replaces a variables file it cannot parse', async () => {
    await fs.mkdir(path.dirname(varsFile()), { recursive: true });
    await fs.writeFile(varsFile(), '{ broken');
    const c = await core();
    const answer = await c.call('vars.set', { variables: [{ name: 'A', value: '1' }] });
    expect(answer.error?.code).toBe('INVALID_FILE');
    expect(answer.error?.message).toMatch(/not valid JSON.*left untouched/);
    expect(await fs.readFile(varsFile(), 'utf8')).toBe('{ broken');
  });

  it('tightens a variables file someone made readable by others', async () => {
    const c = await core();
    await ok(c, 'vars.set', { variables: [{ name: 'A', value: '1' }] });
    await fs.chmod(varsFile(), 0o644);
    await ok(c, 'vars.set', { variables: [{ name: 'A', value: '2' }] });
    expect((await fs.stat(varsFile())).mode & 0o777).toBe(0o600);
  });
});

describe('secrets through an injected cipher (the Electron keychain hook)', () => {
  it('stores only the encrypted form and decrypts for reveal and runs', async () => {
    const cipher = fakeCipher();
    const c = await core(cipher);
    const set = await ok(c, 'vars.set', { variables: [{ name: 'TOKEN', value: 'tok-plain', secret: true }, { name: 'PLAIN', value: 'visible' }] });
    expect(set.storage.secretsEncrypted).toBe(true);
    const text = await fs.readFile(varsFile(), 'utf8');
    expect(text).not.toContain('tok-plain');
    expect(JSON.parse(text).project.TOKEN).toMatchObject({ secret: true, cipher: 'fake-keychain', encrypted: expect.any(String) });
    expect((await ok(c, 'vars.get', { reveal: true })).variables[0]).toEqual({ name: 'TOKEN', secret: true, value: 'tok-plain' });
    expect((await service(cipher).forRun(fx.root, 'pipe-vars', {})).env.TOKEN).toBe('tok-plain');
    // Kept without value: not decrypted and encrypted again.
    const before = cipher.calls;
    await ok(c, 'vars.set', { variables: [{ name: 'TOKEN', secret: true }] });
    expect(cipher.calls).toBe(before);
  });

  it('says what to do when the cipher that encrypted a secret is not there (web mode, CLI)', async () => {
    const desktop = await core(fakeCipher());
    await ok(desktop, 'vars.set', { variables: [{ name: 'TOKEN', value: 'tok-plain', secret: true }] });
    const web = await core();
    expect((await ok(web, 'vars.get', {})).variables).toEqual([{ name: 'TOKEN', secret: true }]);
    await expect(service().forRun(fx.root, 'pipe-vars', {})).rejects.toThrow(/"TOKEN" was saved encrypted with fake-keychain.*--env TOKEN=VALUE/);
    // A value given for the run needs no decrypting.
    expect((await service().forRun(fx.root, 'pipe-vars', { TOKEN: 'given' })).env.TOKEN).toBe('given');
  });
});
