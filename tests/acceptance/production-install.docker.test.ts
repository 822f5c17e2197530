/**
 * The `orchest` command as a user installs it: the built CLI (dist/cli, which vitest's globalSetup
 * builds) in a folder of its own where `npm ci --omit=dev` put only the production dependencies: no
 * tsx, no TypeScript, none of the packages the bundle holds. There it prints its version, validates
 * the example and runs it with the local runner and in Docker. Needs the npm registry (or npm's
 * cache), dockerd and the test image.
 */
import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireDockerAndImage, TEST_IMAGE } from '../../main/src/runs/testing/docker-env.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

let app: string;
let home: string;
let project: string;

function orchest(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { XDG_CONFIG_HOME: _c, XDG_DATA_HOME: _d, NODE_PATH: _p, ...inherited } = process.env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(app, 'bin', 'orchest.js'), ...args], { cwd: os.tmpdir(), env: { ...inherited, HOME: home, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const stepStatuses = (stdout: string) => (JSON.parse(stdout) as { status: string; steps: { title: string; status: string }[] }).steps.map((s) => `${s.title}: ${s.status}`);

describe('orchest installed with production dependencies only', () => {
  beforeAll(async () => {
    await requireDockerAndImage();
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-prod-'));
    app = path.join(tmp, 'app');
    home = path.join(tmp, 'home');
    project = path.join(tmp, 'hello-pipeline');
    // What electron-builder.yml ships, minus the UI (these commands do not serve it).
    for (const entry of ['package.json', 'package-lock.json', 'bin/orchest.js', 'dist/cli', 'resources']) {
      await cp(path.join(repo, entry), path.join(app, entry), { recursive: true, filter: (src) => !src.includes('__pycache__') });
    }
    await promisify(execFile)('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: app, timeout: 180_000 });
    await cp(path.join(repo, 'examples', 'hello-pipeline'), project, { recursive: true, filter: (src) => !/[\\/]\.orchest[\\/](data|logs)$/.test(src) });
    await mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
    await writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ default_image: TEST_IMAGE }));
    return () => rm(tmp, { recursive: true, force: true });
  }, 240_000);

  it('has no devDependency installed (what the test is about)', () => {
    for (const dev of ['tsx', 'typescript', 'esbuild', 'zod', 'commander']) {
      expect(Object.keys(pkg.devDependencies)).toContain(dev);
      expect(existsSync(path.join(app, 'node_modules', dev)), `${dev} must not be installed`).toBe(false);
    }
    for (const dep of Object.keys(pkg.dependencies)) expect(existsSync(path.join(app, 'node_modules', dep)), `${dep} must be installed`).toBe(true);
  });

  it('prints its version', async () => {
    const r = await orchest(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('validates the example', async () => {
    const r = await orchest(['validate', project]);
    expect(r.stdout).toContain('valid (0 warnings)');
    expect(r.code).toBe(0);
  });

  it('runs the example with the local runner', async () => {
    // Debian's python3, which has nbclient and ipykernel for the notebook step (scripts/setup-test-env.sh).
    const r = await orchest(['run', project, '--runner', 'local', '--json'], { PATH: `/usr/bin:/bin:${process.env.PATH ?? ''}` });
    expect(r.stderr).toContain('local runner');
    expect(stepStatuses(r.stdout)).toEqual(['Load numbers: SUCCESS', 'Square them: SUCCESS', 'Sum them: SUCCESS', 'Report: SUCCESS']);
    expect(r.code).toBe(0);
  }, 120_000);

  it('runs the example in Docker', async () => {
    const r = await orchest(['run', project, '--json']);
    expect(r.stderr).toContain('docker runner');
    expect(stepStatuses(r.stdout)).toEqual(['Load numbers: SUCCESS', 'Square them: SUCCESS', 'Sum them: SUCCESS', 'Report: SUCCESS']);
    expect(r.code).toBe(0);
  }, 120_000);
});
