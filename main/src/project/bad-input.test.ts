/**
 * Files a newcomer may hand the app that must neither crash it nor be lost: nesting deep enough
 * to overflow a recursive reader, bytes that are not UTF-8, links to files outside the project.
 * Through core.call, as the renderer and the CLI reach it; every file is byte-identical afterwards.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../api/pipeline.js';
import { createCore, type Core } from '../core/core.js';
import { tempDir } from '../pipeline/testing/fixtures.js';

const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
});

async function openCore(root: string): Promise<Core> {
  const core = await createCore({ configDir: await tempDir('orchest-config-'), dataDir: await tempDir('orchest-data-'), mode: 'test' });
  cores.push(core);
  const opened = await core.call('project.open', { path: root });
  expect(opened.error).toBeUndefined();
  return core;
}

const DEPTH = 200_000;
/** A valid pipeline whose parameters hold an array nested DEPTH levels deep. */
const deepPipeline = () => `{"name": "deep", "uuid": "p-1", "steps": {}, "parameters": {"x": ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}}`;
/** "café" in Latin-1 on line 2: byte 0xE9 is not UTF-8. */
const latin1Pipeline = () => Buffer.concat([Buffer.from('{\n  "name": "caf'), Buffer.from([0xe9]), Buffer.from('",\n  "uuid": "p-2",\n  "steps": {}\n}\n')]);

async function project(files: Record<string, string | Buffer>): Promise<string> {
  const root = await tempDir();
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), content);
  }
  return root;
}

const savable = { name: 'x', uuid: 'p-9', steps: {} };

describe('pipeline files the app must refuse, leaving them untouched', () => {
  it('a file nested 200,000 levels deep: pipeline.read answers the problem, save refuses', async () => {
    const root = await project({ 'deep/.orchest/pipeline.json': deepPipeline() });
    const file = path.join(root, 'deep/.orchest/pipeline.json');
    const before = await fs.readFile(file);
    const core = await openCore(root);

    const read = await core.call('pipeline.read', { path: 'deep/.orchest/pipeline.json' });
    const doc = read.result as PipelineDocument;
    expect(doc.pipeline).toBeNull();
    expect(doc.problems).toEqual([expect.objectContaining({ severity: 'error', line: 1, message: expect.stringMatching(/Nested more than 256 levels deep/) })]);

    const saved = await core.call('pipeline.save', { path: 'deep/.orchest/pipeline.json', pipeline: savable });
    expect(saved.error).toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('left untouched') });
    expect((await fs.readFile(file)).equals(before)).toBe(true);
  });

  it('bytes that are not UTF-8: refused with line and column, never rewritten', async () => {
    const root = await project({ 'latin.orchest': latin1Pipeline() });
    const file = path.join(root, 'latin.orchest');
    const core = await openCore(root);

    const doc = (await core.call('pipeline.read', { path: 'latin.orchest' })).result as PipelineDocument;
    expect(doc.pipeline).toBeNull();
    expect(doc.problems).toEqual([
      expect.objectContaining({ severity: 'error', line: 2, column: 15, message: expect.stringContaining('byte 0xE9 at line 2, column 15 is not valid UTF-8') }),
    ]);
    const saved = await core.call('pipeline.save', { path: 'latin.orchest', pipeline: savable });
    expect(saved.error).toMatchObject({ code: 'INVALID_FILE' });
    expect((await fs.readFile(file)).equals(latin1Pipeline())).toBe(true);
  });

  it('.orchest/pipeline.json linking outside the project: not read, not written through', async () => {
    const elsewhere = await project({ 'secret.json': JSON.stringify({ name: 'secret', uuid: 's', steps: {} }) });
    const target = path.join(elsewhere, 'secret.json');
    const root = await project({});
    await fs.mkdir(path.join(root, 'p', '.orchest'), { recursive: true });
    await fs.symlink(target, path.join(root, 'p', '.orchest', 'pipeline.json'));
    const before = await fs.readFile(target);
    const core = await openCore(root);

    const doc = (await core.call('pipeline.read', { path: 'p/.orchest/pipeline.json' })).result as PipelineDocument;
    expect(doc.pipeline).toBeNull();
    expect(doc.name).toBe('p'); // nothing of the outside file shows
    expect(doc.problems).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining(`is a symbolic link to ${target}, outside the project folder`) })]);
    const saved = await core.call('pipeline.save', { path: 'p/.orchest/pipeline.json', pipeline: savable });
    expect(saved.error).toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('symbolic link') });
    expect((await fs.readFile(target)).equals(before)).toBe(true);
    expect((await fs.lstat(path.join(root, 'p', '.orchest', 'pipeline.json'))).isSymbolicLink()).toBe(true);
  });
});

describe('environment files the app must refuse, leaving them untouched', () => {
  const props = (name: string) => JSON.stringify({ name, uuid: 'e', language: 'python', base_image: 'debian:12', gpu_support: false });

  it('deep, non-UTF-8 or linked-outside properties.json and setup scripts are listed as problems', async () => {
    const elsewhere = await project({ 'properties.json': props('outside') });
    const root = await project({
      '.orchest/environments/deep/properties.json': `{"name": "deep", "base_image": "debian:12", "x": ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}`,
      '.orchest/environments/latin/properties.json': Buffer.concat([Buffer.from('{"name": "caf'), Buffer.from([0xe9]), Buffer.from('", "base_image": "debian:12"}')]),
      '.orchest/environments/script/properties.json': props('script'),
      '.orchest/environments/script/setup_script.sh': Buffer.from([0x65, 0x63, 0x68, 0x6f, 0x20, 0xff, 0x0a]),
    });
    await fs.mkdir(path.join(root, '.orchest/environments/linked'), { recursive: true });
    await fs.symlink(path.join(elsewhere, 'properties.json'), path.join(root, '.orchest/environments/linked/properties.json'));
    const snapshot = async () => Promise.all(['deep', 'latin', 'script'].map((d) => fs.readFile(path.join(root, '.orchest/environments', d, 'properties.json'))));
    const before = await snapshot();
    const core = await openCore(root);

    const listed = await core.call('env.list', {});
    expect(listed.error).toBeUndefined();
    const messages = Object.fromEntries((listed.result as Array<{ uuid: string; build: { message?: string } }>).map((e) => [e.uuid, e.build.message ?? '']));
    expect(messages.deep).toMatch(/properties\.json is not valid JSON \(at line 1, column \d+: Nested more than 256 levels deep/);
    expect(messages.latin).toMatch(/properties\.json cannot be read: it is not UTF-8 text: byte 0xE9 at line 1, column 14/);
    expect(messages.script).toMatch(/setup_script\.sh it is not UTF-8 text: byte 0xFF at line 1, column 6/);
    expect(messages.linked).toContain(`is a symbolic link to ${path.join(elsewhere, 'properties.json')}, outside the project folder`);

    const saved = await core.call('env.save', { env: { uuid: 'linked', name: 'x', base_image: 'debian:12' } });
    expect(saved.error).toMatchObject({ code: 'INVALID_FILE' });
    expect(await snapshot()).toEqual(before);
    expect(await fs.readFile(path.join(elsewhere, 'properties.json'), 'utf8')).toBe(props('outside'));
  });
});
