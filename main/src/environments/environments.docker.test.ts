/**
 * Environment builds against the real Docker engine. Needs dockerd and the offline images
 * orchest-offline-minbase:bookworm and orchest-test-py:latest (resources/image/build-offline.sh);
 * fails, never skips, when they are missing. Config and project are minimal fakes.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildEvent } from '../api/environments.js';
import { CoreError } from '../core/core-error.js';
import { EventBus } from '../core/event-bus.js';
import { assertDockerReachable, createDockerClient } from '../docker/client.js';
import { inspectImage, listImagesByLabels, probeImage, removeImage } from '../docker/images.js';
import { createEnvironmentService, type ProjectEnvironmentService } from './environment-service.js';
import { IMAGE_LABELS } from './recipe.js';
import { fakeConfig, fakeProject } from './testing/fake-services.js';
import { projectKey } from '../project/project-id.js';

const MINBASE = 'orchest-offline-minbase:bookworm';
const TEST_PY = 'orchest-test-py:latest';
const CONFIG_PATH = '/tmp/orchest-test-config/config.json';

let docker: Docker;
let tmp: string;
const roots: string[] = [];

beforeAll(async () => {
  docker = createDockerClient('');
  await assertDockerReachable(docker, ''); // throws "Docker is not reachable … Start it (…dockerd…)"
  for (const image of [MINBASE, TEST_PY]) {
    if (!(await inspectImage(docker, image))) {
      throw new Error(`The test image ${image} is missing. Build it offline: npx orchest image build-offline ${image === TEST_PY ? `${TEST_PY} --packages "python3-numpy python3-pandas"` : TEST_PY}`);
    }
  }
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-envbuild-'));
});

afterAll(async () => {
  for (const root of roots) {
    const images = await listImagesByLabels(docker, { [IMAGE_LABELS.project]: projectKey(root) });
    for (const image of images) for (const tag of image.tags) await removeImage(docker, tag);
  }
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

interface Harness {
  service: ProjectEnvironmentService;
  events: BuildEvent[];
  root: string;
  dataDir: string;
  restart(): ProjectEnvironmentService;
}

async function harness(aliases: Record<string, string> = {}): Promise<Harness> {
  const root = path.join(tmp, `project-${randomBytes(4).toString('hex')}`);
  await fs.mkdir(root);
  roots.push(root);
  const dataDir = path.join(root, '..', `data-${path.basename(root)}`);
  const events: BuildEvent[] = [];
  const make = () => {
    const bus = new EventBus();
    bus.subscribe((event, payload) => {
      if (event === 'env.build') events.push(payload as BuildEvent);
    });
    return createEnvironmentService({ config: fakeConfig({ image_aliases: aliases }, CONFIG_PATH), project: fakeProject(root), bus, dataDir });
  };
  return { service: make(), events, root, dataDir, restart: make };
}

const env = (base_image: string, setup_script: string, name = 'Test env') => ({ name, language: 'python', base_image, gpu_support: false, setup_script });

describe('building environments (real engine)', () => {
  it('builds the setup script on the base image, with live progress, a log and a state that survive a restart', async () => {
    const h = await harness();
    const saved = await h.service.save(env(MINBASE, 'echo "hello from setup"\necho hi > /hello\n'));
    const before = Date.now();
    const info = await h.service.build(saved.uuid);

    expect(info.build.status).toBe('SUCCESS');
    expect(info.build.sizeBytes).toBeGreaterThan(1_000_000);
    // The time shown as "built at": this build's, not an older one's.
    expect(info.build.builtAt).toBeGreaterThanOrEqual(before);
    expect(info.build.builtAt).toBeLessThanOrEqual(Date.now());
    // minbase has python3 but not nbclient/ipykernel: built, with a plain warning.
    expect(info.build.message).toContain('nbclient, ipykernel are missing');
    const ran = await probeImage(docker, info.image, 'cat /hello');
    expect(ran.output.trim()).toBe('hi');

    const mine = h.events.filter((e) => e.uuid === saved.uuid);
    expect(mine[0]).toMatchObject({ status: 'BUILDING', progress: 0 });
    const text = mine.map((e) => e.text ?? '').join('');
    expect(text).toContain('Step 5/6 : RUN cd /project-dir && PYTHONPATH="/orchest/sdk${PYTHONPATH:+:$PYTHONPATH}" bash /orchest/setup_script.sh');
    expect(text).toContain('hello from setup');
    expect(mine.some((e) => e.progress !== undefined && e.progress > 0 && e.progress < 1)).toBe(true);
    expect(mine.at(-1)).toMatchObject({ status: 'SUCCESS', progress: 1 });

    const restarted = h.restart();
    const [listed] = await restarted.list();
    expect(listed.build).toEqual(info.build);
    expect(listed.image).toBe(info.image);
    const log = await restarted.readBuildLog(saved.uuid);
    expect(log.text).toContain('hello from setup');
    // Every text event sits at its byte offset in the log file: a client joins a read and live text by it.
    const file = Buffer.from(log.text);
    expect(log).toMatchObject({ size: file.length, truncated: false });
    for (const e of mine.filter((x) => x.text)) expect(file.subarray(e.offset!, e.offset! + Buffer.byteLength(e.text!)).toString('utf8')).toBe(e.text);
  });

  it('never rebuilds an unchanged recipe, always rebuilds a changed one, and drops the old image', async () => {
    const h = await harness();
    const saved = await h.service.save(env(MINBASE, 'echo one > /v\n'));
    const first = await h.service.build(saved.uuid);
    expect(first.build.status).toBe('SUCCESS');

    h.events.length = 0;
    const again = await h.service.build(saved.uuid);
    expect(again.image).toBe(first.image);
    expect(again.build.builtAt).toBe(first.build.builtAt);
    expect(h.events).toEqual([]);
    expect(await h.service.ensureBuilt([saved.uuid])).toEqual({ [saved.uuid]: first.image });
    expect(h.events).toEqual([]);

    await h.service.save({ ...env(MINBASE, 'echo two > /v\n'), uuid: saved.uuid });
    const changed = await h.service.list();
    expect(changed[0].build.status).toBe('NONE');
    expect(changed[0].image).not.toBe(first.image);
    const second = await h.service.build(saved.uuid);
    expect(second.build.status).toBe('SUCCESS');
    expect(second.image).toBe(changed[0].image);
    expect(h.events.some((e) => e.text?.includes('Step 1/6'))).toBe(true);
    expect((await probeImage(docker, second.image, 'cat /v')).output.trim()).toBe('two');
    expect(await inspectImage(docker, first.image)).toBeNull();
  });

  it('fails with the end of the log when the setup script fails, and leaves no image', async () => {
    const h = await harness();
    const saved = await h.service.save(env(MINBASE, 'echo "installing things"\necho "E: Unable to locate package nope" >&2\nexit 3\n', 'Broken deps'));
    const info = await h.service.build(saved.uuid);
    expect(info.build.status).toBe('FAILURE');
    expect(info.build.message).toContain('The setup script failed (exit code 3).');
    expect(info.build.message).toContain('E: Unable to locate package nope');
    expect(info.build.message).toContain('installing things');
    expect(info.build.message).not.toMatch(/\x1b\[/); // the builder colours stderr; a message is plain text
    expect(await inspectImage(docker, info.image)).toBeNull();
    expect(h.events.at(-1)).toMatchObject({ uuid: saved.uuid, status: 'FAILURE' });

    const err = await h.service.ensureBuilt([saved.uuid]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreError);
    expect((err as CoreError).code).toBe('IMAGE_MISSING');
    expect((err as CoreError).message).toContain(`Environment "Broken deps" (${saved.uuid}) could not be built`);
    expect((err as CoreError).message).toContain('E: Unable to locate package nope');

    const [listed] = await h.restart().list();
    expect(listed.build.status).toBe('FAILURE');
    expect(listed.build.message).toContain('exit code 3');
  });

  it('cancels a running build: ABORTED, no tag, nothing left running', async () => {
    const h = await harness();
    const marker = `sleeping-${randomBytes(4).toString('hex')}`;
    const saved = await h.service.save(env(MINBASE, `echo ${marker}\nsleep 120\n`));
    const started = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (h.events.some((e) => e.text?.includes(marker))) {
          clearInterval(timer);
          resolve();
        }
      }, 50);
    });
    const building = h.service.build(saved.uuid);
    await started;
    expect((await h.service.list())[0].build.status).toBe('BUILDING');

    const cancelled = await h.service.cancelBuild(saved.uuid);
    expect(cancelled.build.status).toBe('ABORTED');
    expect((await building).build.status).toBe('ABORTED');
    expect(h.events.at(-1)).toMatchObject({ status: 'ABORTED' });
    expect(await inspectImage(docker, cancelled.image)).toBeNull();

    // The engine stops the RUN container once the request is gone; give it a moment.
    let left: Docker.ContainerInfo[] = [];
    for (let i = 0; i < 50; i++) {
      left = (await docker.listContainers({ all: true })).filter((c) => c.Command.includes('setup_script.sh') && c.State === 'running');
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(left).toEqual([]);
  });

  it('builds on an aliased base image (orchest/base-kernel-py → the offline test image), without warnings', async () => {
    const h = await harness({ 'orchest/base-kernel-py': TEST_PY });
    const saved = await h.service.save(env('orchest/base-kernel-py', 'python -c "import pandas" && echo ok > /ok\n'));
    const tags = await h.service.ensureBuilt([saved.uuid]);
    const info = await h.service.describe(saved.uuid);
    expect(tags).toEqual({ [saved.uuid]: info.image });
    expect(info.build.status).toBe('SUCCESS');
    expect(info.build.message).toBeUndefined();
    expect(h.events.map((e) => e.text ?? '').join('')).toContain(`FROM ${TEST_PY}`);
  });

  it('explains a base image that is neither local nor pullable', async () => {
    const h = await harness({ 'orchest/base-kernel-r': 'orchest-missing/r-kernel:1' });
    const plain = await h.service.save(env('orchest-missing/nothing:1', 'true\n', 'Plain'));
    const aliased = await h.service.save(env('orchest/base-kernel-r', 'true\n', 'Aliased'));

    const listed = (await h.service.list()).find((e) => e.uuid === plain.uuid)!;
    expect(listed.build).toMatchObject({ status: 'NONE', message: expect.stringContaining('not available locally') });

    const info = await h.service.build(plain.uuid);
    expect(info.build.status).toBe('FAILURE');
    expect(info.build.message).toContain('Base image orchest-missing/nothing:1 is not available locally and could not be pulled (');
    expect(info.build.message).toContain('`orchest image build-offline orchest-missing/nothing:1`');
    expect(info.build.message).toContain(`image_aliases in ${CONFIG_PATH}`);

    const other = await h.service.build(aliased.uuid);
    expect(other.build.message).toContain('Base image orchest-missing/r-kernel:1 (image_aliases maps orchest/base-kernel-r to it) is not available locally');
  });

  it("runs an R environment's setup script in /project-dir with the SDK importable through reticulate", async () => {
    const rImage = process.env.ORCHEST_TEST_KERNEL_R_IMAGE ?? 'orchest-test-kernel-r:latest';
    if (!(await inspectImage(docker, rImage))) throw new Error(`The test image ${rImage} is missing. Build it offline: orchest image build-offline ${rImage} --like orchest/base-kernel-r`);
    const h = await harness({ 'orchest/base-kernel-r': rImage });
    await fs.writeFile(path.join(h.root, 'Install.r'), 'orchest <- reticulate::import("orchest")\ncat("R imported the SDK:", reticulate::py_to_r(reticulate::py_get_attr(orchest, "__name__")), "in", getwd(), "\\n")\n');
    const saved = await h.service.save({ ...env('orchest/base-kernel-r', 'Rscript Install.r\n', 'R env'), language: 'r' });
    const built = await h.service.build(saved.uuid);
    expect(built.build.status, built.build.message).toBe('SUCCESS');
    const log = (await h.service.readBuildLog(saved.uuid)).text;
    expect(log).toContain('R imported the SDK: orchest in /project-dir');
    expect(log).toContain('Project files the setup script uses (editing them makes the image out of date): Install.r');
  }, 300_000);
});
