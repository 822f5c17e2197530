/**
 * Every file of tests/corpus/ handed to the core the way the app reads it: each is reported with a
 * message naming its problem, nothing throws, a save over an unreadable file is refused, and no
 * file is written (bytes and mtimes of the whole project compared before and after). The
 * notebooks of the corpus run as steps in Docker: notebooks.docker.test.ts.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../main/src/api/pipeline.js';
import { createCore, type Core } from '../../main/src/core/core.js';
import { tempDir } from '../../main/src/pipeline/testing/fixtures.js';
import { orchest } from '../support/orchest-cli.js';
import { changes, snapshot } from '../support/fs-snapshot.js';
import { CONFIGS, ENVIRONMENTS, NOTEBOOKS, PIPELINES, PROJECT_SETTINGS } from './corpus-expectations.js';

const CORPUS = fileURLToPath(new URL('../corpus/', import.meta.url));
const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
});

async function newCore(configDir?: string): Promise<Core> {
  const core = await createCore({ configDir: configDir ?? (await tempDir('orchest-config-')), dataDir: await tempDir('orchest-data-'), mode: 'test' });
  cores.push(core);
  return core;
}

async function filesUnder(rel: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (r: string) => {
    for (const e of await fs.readdir(path.join(CORPUS, r), { withFileTypes: true })) {
      const child = `${r}/${e.name}`;
      if (e.isDirectory()) await walk(child);
      else out.push(child);
    }
  };
  await walk(rel);
  return out.sort();
}

/** A project holding the given corpus files at the given places. */
async function projectWith(files: Array<[from: string, to: string]>): Promise<string> {
  const root = await tempDir('orchest-corpus-');
  for (const [from, to] of files) {
    await fs.mkdir(path.dirname(path.join(root, to)), { recursive: true });
    await fs.copyFile(path.join(CORPUS, from), path.join(root, to));
  }
  return root;
}

const savable = { name: 'x', uuid: 'p-9', steps: {} };

describe('the malformed-input corpus', () => {
  it('holds at least 60 files, each with its expected report', async () => {
    const all = (await filesUnder('')).map((f) => f.slice(1)).filter((f) => f !== 'README.md');
    expect(all.length).toBeGreaterThanOrEqual(60);
    const expected = [
      ...Object.keys(PIPELINES),
      ...Object.keys(ENVIRONMENTS).map((e) => `environments/${e}/`),
      ...Object.keys(PROJECT_SETTINGS).map((f) => `project-settings/${f}`),
      ...Object.keys(CONFIGS).map((f) => `configs/${f}`),
      ...Object.keys(NOTEBOOKS).map((f) => `notebooks/${f}`),
    ];
    const unexpected = all.filter((f) => !expected.some((e) => (e.endsWith('/') ? f.startsWith(e) : f === e)));
    expect(unexpected).toEqual([]);
    const missing = expected.filter((e) => !all.some((f) => (e.endsWith('/') ? f.startsWith(e) : f === e)));
    expect(missing).toEqual([]);
  });

  it('pipeline files: each problem named, saving over an unreadable or invalid one refused, nothing written', async () => {
    const root = await projectWith(Object.keys(PIPELINES).map((f) => [f, f]));
    const before = await snapshot(root);
    const core = await newCore();
    expect((await core.call('project.open', { path: root })).error).toBeUndefined();

    for (const [file, want] of Object.entries(PIPELINES)) {
      const read = await core.call('pipeline.read', { path: file });
      expect(read.error, file).toBeUndefined();
      const doc = read.result as PipelineDocument;
      const severity = want.kind === 'warning' ? 'warning' : 'error';
      expect(doc.problems.filter((p) => p.severity === severity).map((p) => p.message), file).toContainEqual(expect.stringMatching(want.message));
      expect(doc.pipeline === null, file).toBe(want.kind === 'unreadable');
      if (want.kind === 'unreadable') {
        const saved = await core.call('pipeline.save', { path: file, pipeline: savable });
        expect(saved.error, file).toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('left untouched') });
      } else if (want.kind === 'invalid') {
        const saved = await core.call('pipeline.save', { path: file, pipeline: doc.pipeline });
        expect(saved.error, file).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^The pipeline was not saved: /) });
        // Nor does it run: nothing starts, not even on the local runner.
        const run = await core.call('runs.start', { pipeline: file, runner: 'local' });
        expect(run.error, file).toMatchObject({ message: expect.stringMatching(want.message) });
      }
    }
    expect(changes(before, await snapshot(root))).toEqual([]);
  });

  it('orchest validate names the problem of each pipeline file and exits 2 (0 for warnings only)', async () => {
    const root = await projectWith(Object.keys(PIPELINES).map((f) => [f, f]));
    const home = await tempDir('orchest-home-');
    const before = await snapshot(root);
    const entries = Object.entries(PIPELINES);
    for (let i = 0; i < entries.length; i += 8) {
      await Promise.all(
        entries.slice(i, i + 8).map(async ([file, want]) => {
          const r = await orchest(['validate', path.join(root, file)], home);
          expect(r.code, `${file}: ${r.stdout}${r.stderr}`).toBe(want.kind === 'warning' ? 0 : 2);
          expect(r.stdout, file).toMatch(want.message);
        }),
      );
    }
    expect(changes(before, await snapshot(root))).toEqual([]);
  }, 120_000);

  it('environment folders: each listed with its problem, saving over it refused, nothing written', async () => {
    const files = (await filesUnder('/environments')).map((f) => f.slice(1));
    const root = await projectWith(files.map((f) => [f, `.orchest/${f}`]));
    const before = await snapshot(root);
    const core = await newCore();
    expect((await core.call('project.open', { path: root })).error).toBeUndefined();

    const listed = await core.call('env.list', {});
    expect(listed.error).toBeUndefined();
    const messages = Object.fromEntries((listed.result as Array<{ uuid: string; build: { message?: string } }>).map((e) => [e.uuid, e.build.message ?? '']));
    for (const [uuid, message] of Object.entries(ENVIRONMENTS)) {
      expect(messages[uuid], uuid).toMatch(message);
      const saved = await core.call('env.save', { env: { uuid, name: 'x', language: 'python', base_image: 'debian:12', gpu_support: false, setup_script: '' } });
      expect(saved.error, uuid).toMatchObject({ code: 'INVALID_FILE' });
      const built = await core.call('env.build', { uuid });
      expect(built.error, uuid).toMatchObject({ code: 'INVALID_FILE' });
    }
    expect(changes(before, await snapshot(root))).toEqual([]);
  });

  it('.orchest/project.json: setting the default environment names the problem and leaves the file', async () => {
    for (const [file, message] of Object.entries(PROJECT_SETTINGS)) {
      const root = await projectWith([[`project-settings/${file}`, '.orchest/project.json']]);
      const core = await newCore();
      expect((await core.call('project.open', { path: root })).error).toBeUndefined();
      const made = await core.call('env.save', { env: { name: 'ok', language: 'python', base_image: 'debian:12', gpu_support: false, setup_script: '' } });
      expect(made.error, file).toBeUndefined();
      const before = await fs.readFile(path.join(root, '.orchest/project.json'));
      const set = await core.call('env.setDefault', { uuid: (made.result as { uuid: string }).uuid });
      expect(set.error, file).toMatchObject({ code: 'INVALID_FILE', message: expect.stringMatching(message) });
      expect((await fs.readFile(path.join(root, '.orchest/project.json'))).equals(before), file).toBe(true);
    }
  });

  it('config.json: the app starts with defaults, says why, copies the file aside and leaves it as it was', async () => {
    for (const [file, message] of Object.entries(CONFIGS)) {
      const configDir = await tempDir('orchest-config-');
      const original = await fs.readFile(path.join(CORPUS, 'configs', file));
      await fs.writeFile(path.join(configDir, 'config.json'), original);
      const core = await newCore(configDir);
      const info = await core.call('app.info', {});
      expect(info.error, file).toBeUndefined();
      const notices = (info.result as { notices: Array<{ message: string; backupPath?: string }> }).notices;
      expect(notices.map((n) => n.message).join('\n'), file).toMatch(message);
      expect((await core.call('config.get', {})).result, file).toMatchObject({ default_parallelism: expect.any(Number), default_runner: expect.stringMatching(/^(docker|local)$/) });
      expect((await fs.readFile(path.join(configDir, 'config.json'))).equals(original), file).toBe(true);
      const backups = notices.flatMap((n) => (n.backupPath ? [n.backupPath] : []));
      for (const b of backups) expect((await fs.readFile(b)).equals(original), file).toBe(true);
    }
  });
});
