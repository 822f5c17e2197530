/**
 * `orchest env list|build` through the real core and Docker engine (fails, never skips, without
 * dockerd or the offline image orchest-offline-minbase:bookworm).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertDockerReachable, createDockerClient } from '../../docker/client.js';
import { inspectImage, listImagesByLabels, removeImage } from '../../docker/images.js';
import { IMAGE_LABELS } from '../../environments/recipe.js';
import { envBuildCommand, envListCommand, type EnvCommandContext } from './env.js';
import { projectKey } from '../../project/project-id.js';

const MINBASE = 'orchest-offline-minbase:bookworm';
const docker = createDockerClient('');
let tmp: string;
let project: string;

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: EnvCommandContext = {
    configDir: path.join(tmp, 'config'),
    dataDir: path.join(tmp, 'data'),
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
  };
  return { ctx, out: () => out.join(''), err: () => err.join('') };
}

async function writeEnv(uuid: string, name: string, script: string) {
  const dir = path.join(project, '.orchest', 'environments', uuid);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'properties.json'), JSON.stringify({ name, uuid, language: 'python', base_image: MINBASE, gpu_support: false }));
  await fs.writeFile(path.join(dir, 'setup_script.sh'), script);
}

beforeAll(async () => {
  await assertDockerReachable(docker, '');
  if (!(await inspectImage(docker, MINBASE))) throw new Error(`The test image ${MINBASE} is missing: build it with npx orchest image build-offline orchest-test-py:latest`);
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-envcli-'));
  project = path.join(tmp, 'project');
  await writeEnv('11111111-good', 'Good', 'echo good > /good\n');
  await writeEnv('22222222-bad', 'Bad', 'echo "boom-marker: E: Unable to locate package nope"\nexit 4\n');
});

afterAll(async () => {
  if (project) {
    const images = await listImagesByLabels(docker, { [IMAGE_LABELS.project]: projectKey(project) });
    for (const image of images) for (const tag of image.tags) await removeImage(docker, tag);
  }
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

describe('orchest env (real engine)', () => {
  it('builds every environment with the log on stderr, and exits 1 naming the failure with its log tail', async () => {
    const run = io();
    const code = await envBuildCommand(project, undefined, run.ctx);
    expect(code).toBe(1);
    expect(run.out()).toMatch(/^Good \(11111111-good\): SUCCESS orchest-env-[0-9a-f]{8}-11111111:[0-9a-f]{12}, \d+ MB$/m);
    expect(run.out()).toMatch(/^Bad \(22222222-bad\): FAILURE /m);
    expect(run.err()).toMatch(/Step 5\/6 : RUN cd \/project-dir && .*bash \/orchest\/setup_script.sh/);
    expect(run.err()).toMatch(/"Bad" failed: The setup script failed \(exit code 4\)\.[\s\S]*boom-marker/);
    expect(run.err().trimEnd().split('\n').at(-1)).toBe('orchest env build: 1 of 2 failed: Bad');

    const list = io();
    expect(await envListCommand(project, {}, list.ctx)).toBe(0);
    const rows = list.out().split('\n');
    expect(rows.find((r) => r.startsWith('Bad '))).toMatch(/\bFAILURE\b/);
    expect(rows.find((r) => r.startsWith('Good '))).toMatch(/SUCCESS\*?\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+\d+ MB$/);
  });

  it('does not rebuild an unchanged environment, and picks one by name', async () => {
    const run = io();
    expect(await envBuildCommand(project, 'good', run.ctx)).toBe(0);
    expect(run.out()).toMatch(/^Good \(11111111-good\): SUCCESS /);
    expect(run.err()).not.toContain('Step 1/6');

    const unknown = io();
    expect(await envBuildCommand(project, 'nope', unknown.ctx)).toBe(2);
    expect(unknown.err()).toContain('No environment "nope" in the project; its environments are: "Bad" (22222222-bad), "Good" (11111111-good)');
  });
});
