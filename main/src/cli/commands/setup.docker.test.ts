/**
 * `orchest setup` for real, through bin/orchest.js: the exit code and stderr a user gets. Needs
 * dockerd, the offline builder's base orchest-offline-minbase:bookworm and Debian's mirror; the
 * default image is one of this test's own, removed before and after.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerClient } from '../../docker/client.js';
import { inspectImage, probeImage, removeImage } from '../../docker/images.js';
import { OFFLINE_BASE } from '../../setup/setup-plan.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const IMAGE = `orchest-setup-test-${process.pid}:latest`;
const docker = createDockerClient('');
const home = mkdtempSync(path.join(os.tmpdir(), 'orchest-setup-cli-'));

function setup(env: NodeJS.ProcessEnv = {}): Promise<{ code: number; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(repo, 'bin/orchest.js'), 'setup'],
      { cwd: repo, env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, 'data'), ...env }, timeout: 8 * 60_000 },
      (error, _stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, err: stderr }),
    );
  });
}

beforeAll(async () => {
  await docker.ping();
  if (!(await inspectImage(docker, OFFLINE_BASE))) throw new Error(`The base image ${OFFLINE_BASE} is missing: run sudo bash scripts/setup-test-env.sh`);
  mkdirSync(path.join(home, '.config', 'orchest'), { recursive: true });
  writeFileSync(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ default_image: IMAGE }));
  await removeImage(docker, IMAGE);
});

afterAll(async () => {
  await removeImage(docker, IMAGE);
  rmSync(home, { recursive: true, force: true });
});

describe('orchest setup (real engine)', () => {
  it('builds a missing default image (exit 0), then answers at once that it is ready', async () => {
    const first = await setup();
    expect(first.err).toContain(`the default image ${IMAGE} is missing: building it.`);
    expect(first.err).toContain('[1/3] reusing orchest-offline-minbase:bookworm');
    expect(first.err).toContain(`orchest setup: built ${IMAGE}`);
    expect(first.code).toBe(0);
    // What steps need: Python with nbclient and ipykernel.
    const probe = await probeImage(docker, IMAGE, 'python -c "import nbclient, ipykernel; print(\'kernel ok\')"');
    expect(probe).toMatchObject({ exitCode: 0, output: expect.stringContaining('kernel ok') });

    const second = await setup();
    expect(second.code).toBe(0);
    expect(second.err).toContain(`the default image ${IMAGE} is ready.`);
    expect(second.err).not.toContain('building');
  }, 10 * 60_000);

  it('Docker not running: exit 1, how to start it, and the local runner', async () => {
    const socket = path.join(home, 'dead.sock');
    const r = await setup({ DOCKER_HOST: `unix://${socket}` });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`Docker is not running: nothing answers at unix://${socket}`);
    expect(r.err).toContain('sudo systemctl start docker');
    expect(r.err).toContain('orchest run PIPELINE --runner local');
  }, 60_000);
});
