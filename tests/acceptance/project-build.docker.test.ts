/**
 * Issue 8's acceptance for project-aware builds: an Orchest project whose environment's setup
 * script does `pip install -r requirements.txt` of a package that is in the local package index
 * (config package_index: this machine's air-gapped mirror) but not in the base image, with the
 * project at /project-dir and the SDK importable during the build; its step imports the package
 * and runs. Editing requirements.txt makes the environment out of date and the next run rebuilds
 * it; editing the step does not. Base image: Orchest's name, aliased to the kernel-py stand-in
 * that scripts/setup-test-env.sh builds (`image build-offline --like orchest/base-kernel-py`).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orchest } from '../support/orchest-cli.js';
import { localPackageIndex, missingIndexReason } from '../support/local-package-index.js';

const BASE = process.env.ORCHEST_TEST_KERNEL_PY_IMAGE ?? 'orchest-test-kernel-py:latest';
const ENV_UUID = '4d6a3f52-8a0e-4c1b-9a49-0c6b1d7e2f11';
const STEP_UUID = 'b1f0c2d3-0000-4000-8000-000000000001';
const index = localPackageIndex();
const skip = missingIndexReason(index);

const pipeline = {
  name: 'needs-aenum',
  parameters: {},
  settings: {},
  steps: {
    [STEP_UUID]: {
      environment: ENV_UUID,
      file_path: 'use-it.py',
      incoming_connections: [],
      kernel: { display_name: 'Python 3', name: 'python' },
      meta_data: { hidden: false, position: [100, 100] },
      parameters: {},
      title: 'Use it',
      uuid: STEP_UUID,
    },
  },
  uuid: '6c0b6a3e-1111-4222-8333-444455556666',
  version: '1.0.0',
};

const setupScript = [
  'set -e',
  'pwd',
  'pip install -r requirements.txt',
  'python -c "import orchest; print(\'SDK importable during the build:\', orchest.__name__)"',
  // Names no project file: step edits must not make the environment out of date.
  'echo "project files: $(LC_ALL=C ls -A | tr \'\\n\' \' \')"',
  '',
].join('\n');

describe.skipIf(skip)(`project-aware environment build with the local package index (Docker)${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let tmp: string;
  let project: string;
  let home: string;
  const envList = async () => {
    const listed = await orchest(['env', 'list', project, '--json'], home);
    expect(listed.code, listed.stderr).toBe(0);
    return (JSON.parse(listed.stdout) as { image: string; build: { status: string; outdated?: boolean; changedFiles?: string[]; message?: string } }[])[0]!;
  };
  const images: string[] = [];

  beforeAll(async () => {
    try {
      await promisify(execFile)('docker', ['image', 'inspect', BASE]);
    } catch {
      throw new Error(`The image ${BASE} is missing (or Docker is not running). Build it with: node bin/orchest.js image build-offline ${BASE} --like orchest/base-kernel-py`);
    }
    tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-projbuild-'));
    project = path.join(tmp, 'project');
    home = path.join(tmp, 'home');
    const envDir = path.join(project, '.orchest', 'environments', ENV_UUID);
    await mkdir(envDir, { recursive: true });
    await mkdir(path.join(project, 'private'), { recursive: true });
    await writeFile(path.join(envDir, 'properties.json'), JSON.stringify({ name: 'with-aenum', uuid: ENV_UUID, language: 'python', base_image: 'orchest/base-kernel-py', gpu_support: false }));
    await writeFile(path.join(envDir, 'setup_script.sh'), setupScript);
    await writeFile(path.join(project, 'requirements.txt'), 'aenum\n');
    await writeFile(path.join(project, '.gitignore'), 'private/\n');
    await writeFile(path.join(project, 'private', 'secret.txt'), 'not for images');
    await writeFile(path.join(project, 'use-it.py'), 'import aenum\nprint("aenum imported from", aenum.__file__)\n');
    await writeFile(path.join(project, 'pipeline.orchest'), JSON.stringify(pipeline, null, 2));
    await mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
    await writeFile(
      path.join(home, '.config', 'orchest', 'config.json'),
      JSON.stringify({ image_aliases: { 'orchest/base-kernel-py': BASE }, package_index: index }),
    );
  });
  afterAll(async () => {
    if (images.length) await promisify(execFile)('docker', ['image', 'rm', '-f', ...new Set(images)]).catch(() => undefined);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('the base image lacks the package; the build installs it from the index, in /project-dir, with the SDK', async () => {
    const probe = await promisify(execFile)('docker', ['run', '--rm', '--network', 'none', BASE, 'python3', '-c', 'import aenum']).then(
      () => 'imported',
      () => 'missing',
    );
    expect(probe).toBe('missing');
    const built = await orchest(['env', 'build', project], home);
    const out = built.stderr + built.stdout;
    expect(built.code, out).toBe(0);
    expect(out).toMatch(/Package index: .*served read-only to this build at http:\/\/[\d.]+:\d+/);
    expect(out).toContain('/project-dir\n');
    expect(out).toMatch(/Successfully installed aenum-/);
    expect(out).toContain('SDK importable during the build: orchest');
    expect(out).toContain('project files: .gitignore pipeline.orchest requirements.txt use-it.py \n'); // not private/ nor .orchest/
    expect(out).toContain('Project files the setup script uses (editing them makes the image out of date): requirements.txt');
    const env = await envList();
    images.push(env.image);
    expect(env.build.status).toBe('SUCCESS');
    // The index lived only for the build: the image's environment has no trace of it.
    const { stdout: imageEnv } = await promisify(execFile)('docker', ['image', 'inspect', env.image, '--format', '{{json .Config.Env}}']);
    expect(imageEnv).not.toMatch(/PIP_INDEX_URL|PIP_FIND_LINKS|PIP_TRUSTED_HOST/);
  }, 600_000);

  it('runs the step that imports it', async () => {
    const run = await orchest(['run', path.join(project, 'pipeline.orchest'), '--json'], home);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { status: string; steps: { status: string; log_path: string }[] };
    expect(result.status).toBe('SUCCESS');
    expect(await readFile(result.steps[0]!.log_path, 'utf8')).toMatch(/aenum imported from \/usr\/local\/lib\/python3[\d.]*\/dist-packages\/aenum/);
  }, 600_000);

  it('is out of date after requirements.txt changes, not after a step edit; the next run rebuilds it', async () => {
    const before = await envList();
    await writeFile(path.join(project, 'use-it.py'), 'import aenum\nprint("aenum imported from", aenum.__file__, "(edited step)")\n');
    expect(await envList()).toMatchObject({ image: before.image, build: { status: 'SUCCESS' } });

    await writeFile(path.join(project, 'requirements.txt'), 'aenum\n# pinned later\n');
    const stale = await envList();
    expect(stale.image).not.toBe(before.image);
    expect(stale.build).toMatchObject({ status: 'NONE', outdated: true, changedFiles: ['requirements.txt'] });
    expect(stale.build.message).toContain('Out of date: requirements.txt changed since the last build');
    const table = await orchest(['env', 'list', project], home);
    expect(table.stdout).toMatch(/with-aenum .*OUT OF DATE/);

    const run = await orchest(['run', path.join(project, 'pipeline.orchest'), '--json'], home);
    expect(run.code, run.stderr).toBe(0);
    const rebuilt = await envList();
    images.push(rebuilt.image);
    expect(rebuilt).toMatchObject({ image: stale.image, build: { status: 'SUCCESS' } });
    expect(rebuilt.build.outdated).toBeUndefined();
  }, 900_000);
});
