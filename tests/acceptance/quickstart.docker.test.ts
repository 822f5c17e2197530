/**
 * Issue 4's acceptance: a project laid out like orchest/quickstart (a *.orchest pipeline whose steps
 * all use one environment with base image orchest/base-kernel-py and a setup script that pip-installs
 * pandas, scikit-learn and matplotlib) builds through an image alias pointing at a local Debian image
 * that already has them, and its notebook and script steps run with `orchest run`, passing data.
 * Needs dockerd and the image scripts/setup-test-env.sh builds.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orchest, repoRoot as repo } from '../support/orchest-cli.js';

const BASE = process.env.ORCHEST_QUICKSTART_IMAGE ?? 'orchest-quickstart-base:latest';

describe('orchest/quickstart-style project (Docker)', () => {
  let tmp: string;
  let project: string;
  let home: string;

  beforeAll(async () => {
    try {
      await promisify(execFile)('docker', ['image', 'inspect', BASE]);
    } catch {
      throw new Error(
        `The image ${BASE} is missing (or Docker is not running). Build it with: ` +
          `node bin/orchest.js image build-offline ${BASE} --packages "python3-pip python3-pandas python3-sklearn python3-matplotlib"`,
      );
    }
    tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-quickstart-'));
    project = path.join(tmp, 'quickstart');
    home = path.join(tmp, 'home');
    await cp(path.join(repo, 'examples', 'quickstart'), project, { recursive: true });
    await mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
    await writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ image_aliases: { 'orchest/base-kernel-py': BASE } }));
  });
  afterAll(async () => {
    // Remove the environment image this project built: each run's temp project gets its own tag.
    if (project) {
      const listed = await orchest(['env', 'list', project, '--json'], home);
      const images = (JSON.parse(listed.stdout || '[]') as { image: string }[]).map((e) => e.image);
      if (images.length) await promisify(execFile)('docker', ['image', 'rm', '-f', ...images]).catch(() => undefined);
    }
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('builds the environment through the alias: pip finds everything already installed', async () => {
    const listed = await orchest(['env', 'list', project], home);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('orchest/base-kernel-py');
    const built = await orchest(['env', 'build', project], home);
    expect(built.code, built.stderr + built.stdout).toBe(0);
    expect(built.stderr + built.stdout).toMatch(/Requirement already satisfied: (pandas|scikit-learn|matplotlib)/);
  }, 600_000);

  it('runs the notebooks and the script in order, passing data between them', async () => {
    const run = await orchest(['run', path.join(project, 'california_housing.orchest'), '--json'], home);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { status: string; steps: { title: string; status: string; log_path: string }[] };
    expect(result.status).toBe('SUCCESS');
    expect(result.steps).toHaveLength(7);
    expect(result.steps.every((s) => s.status === 'SUCCESS')).toBe(true);
    const log = (title: string) => readFile(result.steps.find((s) => s.title === title)!.log_path, 'utf8');
    expect(await log('Get data')).toContain('Collected 2000 rows with 8 features');
    expect(await log('Preprocessing')).toMatch(/train \(1600, 8\) test \(400, 8\)/);
    const collected = await log('Collect results');
    for (const model of ['linear-regression', 'decision-tree', 'svm']) expect(collected).toMatch(new RegExp(`${model}\\s+RMSE \\d+\\.\\d+`));
    expect(collected).toMatch(/best model: /);
    // Artefacts of the project layout live under .orchest/pipelines/<uuid>/.
    expect(result.steps[0]!.log_path).toContain(path.join(project, '.orchest', 'pipelines'));
  }, 600_000);
});
