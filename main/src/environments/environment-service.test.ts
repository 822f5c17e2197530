/**
 * The environment service on disk, without a Docker engine (docker_host points nowhere), with
 * minimal fakes for the config and project services. Builds are in environments.docker.test.ts.
 */
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../api/contract.js';
import type { EnvironmentInfo } from '../api/environments.js';
import { CoreError } from '../core/core-error.js';
import { EventBus } from '../core/event-bus.js';
import { createEnvironmentService, type ProjectEnvironmentService } from './environment-service.js';
import { fakeConfig, fakeProject } from './testing/fake-services.js';

let tmp: string;
let root: string;
let bus: EventBus;
let events: { event: EventName; payload: unknown }[];
let service: ProjectEnvironmentService;

const envDir = (uuid: string) => path.join(root, '.orchest', 'environments', uuid);
const spec = { name: 'Python 3', language: 'python', base_image: 'orchest/base-kernel-py', gpu_support: false, setup_script: 'pip install requests\n' };

function make(pipelines: string[] = []) {
  service = createEnvironmentService({
    config: fakeConfig({ docker_host: `unix://${path.join(tmp, 'no-docker.sock')}` }),
    project: fakeProject(root, pipelines),
    bus,
    dataDir: path.join(tmp, 'data'),
  });
}

async function rejection(p: Promise<unknown>): Promise<CoreError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CoreError);
  return err as CoreError;
}

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-envs-'));
  root = path.join(tmp, 'project');
  await fs.mkdir(root);
  bus = new EventBus();
  events = [];
  bus.subscribe((event, payload) => events.push({ event, payload }));
  make();
});

afterEach(async () => {
  await service.dispose();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('saving environments', () => {
  it('creates an Orchest environment folder and lists it', async () => {
    const info = await service.save(spec);
    expect(info.uuid).toMatch(/^[0-9a-f-]{36}$/);
    const props = JSON.parse(await fs.readFile(path.join(envDir(info.uuid), 'properties.json'), 'utf8'));
    expect(props).toEqual({ name: 'Python 3', uuid: info.uuid, language: 'python', base_image: 'orchest/base-kernel-py', gpu_support: false });
    expect(await fs.readFile(path.join(envDir(info.uuid), 'setup_script.sh'), 'utf8')).toBe('pip install requests\n');

    const list = await service.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: 'Python 3', language: 'python', base_image: 'orchest/base-kernel-py', isDefault: true, setup_script: 'pip install requests\n' });
    expect(list[0].build.status).toBe('NONE');
    expect(list[0].build.message).toMatch(/Docker is not reachable/);
    expect(list[0].image).toMatch(/^orchest-env-[0-9a-f]{8}-[0-9a-f]{8}:[0-9a-f]{12}$/);
  });

  it('keeps fields it does not know when editing, and tells clients the new list', async () => {
    const uuid = 'c56ab762-539c-4cce-9b1e-c4b00300ec6f';
    await fs.mkdir(envDir(uuid), { recursive: true });
    await fs.writeFile(
      path.join(envDir(uuid), 'properties.json'),
      JSON.stringify({ name: 'Python 3', uuid, gpu_support: false, language: 'python', base_image: 'orchest/base-kernel-py', project_uuid: 'p-9', custom: { a: [1, 2] } }),
    );
    const info = await service.save({ ...spec, uuid, name: 'Py + requests', gpu_support: true });
    expect(info).toMatchObject({ uuid, name: 'Py + requests', gpu_support: true });
    const props = JSON.parse(await fs.readFile(path.join(envDir(uuid), 'properties.json'), 'utf8'));
    expect(props).toEqual({ name: 'Py + requests', uuid, gpu_support: true, language: 'python', base_image: 'orchest/base-kernel-py', project_uuid: 'p-9', custom: { a: [1, 2] } });
    expect(Object.keys(props)).toEqual(['name', 'uuid', 'gpu_support', 'language', 'base_image', 'project_uuid', 'custom']);

    const changed = events.filter((e) => e.event === 'env.changed').at(-1)?.payload as EnvironmentInfo[];
    expect(changed.map((e) => e.name)).toEqual(['Py + requests']);
  });

  it('refuses a name that is blank and a base image docker would refuse, writing nothing', async () => {
    expect((await rejection(service.save({ ...spec, name: '  ' }))).code).toBe('INVALID_ARGUMENT');
    const bad = await rejection(service.save({ ...spec, base_image: 'My Image' }));
    expect(bad.message).toContain('"My Image" is not a valid image name');
    expect(existsSync(path.join(root, '.orchest', 'environments'))).toBe(false);
  });

  it('opens a real Orchest project environment (shared fixture)', async () => {
    const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/fixtures/orchest-real/quickstart/.orchest/environments');
    if (!existsSync(fixture)) throw new Error(`This test reads ${fixture} (the shared fixtures beside the checkout), which is absent.`);
    await fs.cp(fixture, path.join(root, '.orchest', 'environments'), { recursive: true });
    const [env] = await service.list();
    expect(env).toMatchObject({ uuid: 'c56ab762-539c-4cce-9b1e-c4b00300ec6f', name: 'Python 3', language: 'python', base_image: 'orchest/base-kernel-py', setup_script: '' });
  });
});

describe('a properties.json that does not parse', () => {
  const uuid = 'broken-env';
  const bytes = '{"name": "Broken", "base_image": ';

  beforeEach(async () => {
    await fs.mkdir(envDir(uuid), { recursive: true });
    await fs.writeFile(path.join(envDir(uuid), 'properties.json'), bytes);
    await service.save({ ...spec, name: 'Good' });
  });

  it('is listed as a failure that names the file, beside the good ones', async () => {
    const list = await service.list();
    expect(list.map((e) => e.name).sort()).toEqual(['Good', uuid]);
    const broken = list.find((e) => e.uuid === uuid)!;
    expect(broken.build.status).toBe('FAILURE');
    expect(broken.build.message).toContain(`.orchest/environments/${uuid}/properties.json is not valid JSON`);
    expect(broken.isDefault).toBe(false);
  });

  it('is never overwritten: saving, duplicating or building it is refused', async () => {
    const err = await rejection(service.save({ ...spec, uuid }));
    expect(err.code).toBe('INVALID_FILE');
    expect(err.message).toContain('left untouched');
    expect((await rejection(service.duplicate(uuid))).code).toBe('INVALID_FILE');
    expect((await rejection(service.build(uuid))).code).toBe('INVALID_FILE');
    expect((await rejection(service.ensureBuilt([uuid]))).code).toBe('INVALID_FILE');
    expect(await fs.readFile(path.join(envDir(uuid), 'properties.json'), 'utf8')).toBe(bytes);
  });

  it('reports a missing required field by name', async () => {
    await fs.writeFile(path.join(envDir(uuid), 'properties.json'), JSON.stringify({ name: 'No base' }));
    const broken = (await service.list()).find((e) => e.uuid === uuid)!;
    expect(broken.name).toBe('No base');
    expect(broken.build.message).toMatch(/base_image/);
  });
});

describe('duplicate, default and delete', () => {
  it('duplicates with "(copy)", a new uuid, the script and unknown fields', async () => {
    const uuid = 'orig';
    await fs.mkdir(envDir(uuid), { recursive: true });
    await fs.writeFile(path.join(envDir(uuid), 'properties.json'), JSON.stringify({ ...spec, setup_script: undefined, uuid, extra: 'kept' }));
    await fs.writeFile(path.join(envDir(uuid), 'setup_script.sh'), 'apt-get install -y jq\n');
    const copy = await service.duplicate(uuid);
    expect(copy.name).toBe('Python 3 (copy)');
    expect(copy.uuid).not.toBe(uuid);
    expect(copy.setup_script).toBe('apt-get install -y jq\n');
    const props = JSON.parse(await fs.readFile(path.join(envDir(copy.uuid), 'properties.json'), 'utf8'));
    expect(props).toMatchObject({ extra: 'kept', uuid: copy.uuid, name: 'Python 3 (copy)' });
    expect((await service.duplicate(uuid)).name).toBe('Python 3 (copy 2)');
  });

  it('defaults to the first by name until one is chosen, and keeps project.json\'s other keys', async () => {
    const b = await service.save({ ...spec, name: 'B env' });
    const a = await service.save({ ...spec, name: 'A env' });
    let list = await service.list();
    expect(list.map((e) => [e.name, e.isDefault])).toEqual([
      ['A env', true],
      ['B env', false],
    ]);
    await fs.writeFile(path.join(root, '.orchest', 'project.json'), JSON.stringify({ other: 1 }));
    const chosen = await service.setDefault(b.uuid);
    expect(chosen.isDefault).toBe(true);
    list = await service.list();
    expect(list.find((e) => e.uuid === a.uuid)!.isDefault).toBe(false);
    expect(JSON.parse(await fs.readFile(path.join(root, '.orchest', 'project.json'), 'utf8'))).toEqual({ other: 1, default_environment: b.uuid });
    expect((await rejection(service.setDefault('nope'))).code).toBe('NOT_FOUND');
  });

  it('refuses to delete an environment steps use, naming "pipeline › step"; deletes it once unused', async () => {
    const env = await service.save(spec);
    const pipeline = (steps: Record<string, { title: string; environment: string }>) =>
      JSON.stringify({
        name: 'California housing',
        uuid: 'p1',
        steps: Object.fromEntries(Object.entries(steps).map(([id, s]) => [id, { uuid: id, title: s.title, file_path: `${id}.py`, environment: s.environment }])),
      });
    await fs.writeFile(path.join(root, 'housing.orchest'), pipeline({ s1: { title: 'Get data', environment: env.uuid }, s2: { title: 'Train', environment: env.uuid }, s3: { title: 'Other', environment: 'x' } }));
    await fs.mkdir(path.join(root, 'broken', '.orchest'), { recursive: true });
    await fs.writeFile(path.join(root, 'broken', '.orchest', 'pipeline.json'), `{ "steps": { "e": { "environment": "${env.uuid}" `);
    make(['housing.orchest', 'broken/.orchest/pipeline.json']);

    const err = await rejection(service.delete(env.uuid));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('California housing › Get data');
    expect(err.message).toContain('California housing › Train');
    expect(err.message).not.toContain('Other');
    expect(err.message).toContain('broken/.orchest/pipeline.json'.split('/').pop()!);
    expect(existsSync(envDir(env.uuid))).toBe(true);

    make([]);
    expect(await service.delete(env.uuid)).toEqual({ deleted: env.uuid });
    expect(existsSync(envDir(env.uuid))).toBe(false);
    expect(await service.list()).toEqual([]);
    expect((await rejection(service.delete(env.uuid))).code).toBe('NOT_FOUND');
  });
});

describe('builds without an engine', () => {
  it('says Docker is unreachable and how to start it', async () => {
    const env = await service.save(spec);
    const err = await rejection(service.build(env.uuid));
    expect(err.code).toBe('DOCKER_UNAVAILABLE');
    expect(err.message).toMatch(/dockerd/);
  });

  it('names unknown environments in ensureBuilt', async () => {
    const err = await rejection(service.ensureBuilt(['gone-1', 'gone-2']));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain('gone-1, gone-2');
    expect((await rejection(service.readBuildLog('gone-1'))).code).toBe('NOT_FOUND');
    // A uuid is never a path: nothing outside .orchest/environments is read.
    await fs.mkdir(path.join(root, 'x'), { recursive: true });
    await fs.writeFile(path.join(root, 'x', 'properties.json'), JSON.stringify({ name: 'outside', base_image: 'a' }));
    expect((await rejection(service.describe('../../x'))).code).toBe('NOT_FOUND');
  });
});
