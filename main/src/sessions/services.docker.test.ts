/**
 * Pipeline services against the real Docker engine: a Streamlit app from the test image with
 * Streamlit (ORCHEST_TEST_STREAMLIT_IMAGE, default orchest-test-streamlit:latest; built offline by
 * scripts/setup-test-env.sh) and a small Python HTTP server in the plain test image, through the
 * whole core.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunState } from '../api/runs.js';
import type { ServiceInfo } from '../api/services.js';
import { isRunFinished } from '../common/statuses.js';
import { createCore, type Core } from '../core/core.js';
import { request } from '../core/request.js';
import { imageExists } from '../docker/containers.js';
import { buildServiceContainerSpec } from '../docker/session-containers.js';
import { containerGone, requireDockerAndImage, TEST_IMAGE, waitFor } from '../runs/testing/docker-env.js';

const STREAMLIT_IMAGE = process.env.ORCHEST_TEST_STREAMLIT_IMAGE || 'orchest-test-streamlit:latest';
const BUILD_HINT = `node bin/orchest.js image build-offline ${STREAMLIT_IMAGE} --packages "python3-numpy python3-pandas" --pip streamlit (config package_index: a local package index), or: bash scripts/setup-test-env.sh`;

let docker: Docker;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  docker = await requireDockerAndImage();
  if (!(await imageExists(docker, STREAMLIT_IMAGE))) throw new Error(`The test image ${STREAMLIT_IMAGE} is missing. Build it with: ${BUILD_HINT}`);
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

// Writes what it got (variables, the /data listing) into the project, then serves /data over HTTP.
const PROBE = [
  'import http.server, json, os, functools',
  'names = ["GREETING", "API_TOKEN", "ORCHEST_SESSION_TYPE", "ORCHEST_PIPELINE_PATH", "HOME"]',
  'seen = {n: os.environ.get(n) for n in names}',
  'seen["data"] = sorted(os.listdir("/mnt/shared"))',
  'seen["uid"] = os.getuid()',
  'open("/work/probe-" + os.environ["ORCHEST_SESSION_TYPE"] + ".json", "w").write(json.dumps(seen))',
  'print("probe ready", flush=True)',
  'handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory="/mnt/shared")',
  'http.server.ThreadingHTTPServer(("0.0.0.0", 8000), handler).serve_forever()',
].join('\n');

async function setup(): Promise<{ core: Core; root: string; dataDir: string }> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-h9-services-'));
  const root = path.join(tmp, 'project');
  const dataDir = path.join(tmp, 'data');
  await fs.mkdir(root, { recursive: true });
  await fs.mkdir(path.join(dataDir, 'data'), { recursive: true });
  await fs.writeFile(path.join(dataDir, 'data', 'marker.txt'), 'from /data\n');
  await fs.mkdir(path.join(tmp, 'config'));
  await fs.writeFile(path.join(tmp, 'config', 'config.json'), JSON.stringify({ default_image: TEST_IMAGE }));
  await fs.writeFile(path.join(root, 'app.py'), 'import streamlit as st\nst.title("Hello from the service")\n');
  await fs.writeFile(path.join(root, 'probe.py'), PROBE);
  // The step waits for the noninteractive probe: it ran during the run.
  await fs.writeFile(
    path.join(root, 'check.py'),
    'import os, time\nfor _ in range(300):\n    if os.path.exists("probe-noninteractive.json"): break\n    time.sleep(0.1)\nprint(open("probe-noninteractive.json").read())\n',
  );
  const probe = (scope: string[]) => ({
    image: TEST_IMAGE,
    command: 'python3',
    args: '/work/probe.py',
    binds: { '/project-dir': '/work', '/data': '/mnt/shared' },
    env_variables: { GREETING: 'hello $BASE_PATH_PREFIX' },
    env_variables_inherit: ['API_TOKEN', 'NOT_SET'],
    ports: [8000],
    scope,
  });
  await fs.writeFile(
    path.join(root, 'dash.orchest'),
    JSON.stringify({
      name: 'dash',
      uuid: 'dash-uuid',
      steps: { check: { uuid: 'check', title: 'check', file_path: 'check.py', incoming_connections: [] } },
      services: {
        web: {
          name: 'web',
          image: STREAMLIT_IMAGE,
          command: 'streamlit',
          args: 'run /app/src/app.py --server.port 8501 --server.address 0.0.0.0 --server.headless true --browser.gatherUsageStats false --server.baseUrlPath $BASE_PATH_PREFIX_8501',
          binds: { '/project-dir': '/app/src' },
          ports: [8501],
          preserve_base_path: true,
          scope: ['interactive'],
          order: 1,
        },
        probe: probe(['interactive']),
        during: { ...probe(['noninteractive']), ports: [] },
      },
    }),
  );
  const core = await createCore({ configDir: path.join(tmp, 'config'), dataDir, mode: 'test', projectDir: root, watchProject: false });
  cleanups.push(() => fs.rm(tmp, { recursive: true, force: true }));
  cleanups.push(() => core.dispose());
  return { core, root, dataDir };
}

const byName = (list: ServiceInfo[], name: string) => list.find((s) => s.name === name)!;

describe('pipeline services', () => {
  it('runs Streamlit and a server beside the pipeline on 127.0.0.1 ports, with their variables, binds and logs; stop removes them', async () => {
    const { core, root } = await setup();
    await request(core, 'vars.set', { variables: [{ name: 'API_TOKEN', value: 'tok-123', secret: true }] });

    const started = await request(core, 'services.start', { pipeline: 'dash.orchest' });
    expect(started.map((s) => s.name).sort()).toEqual(['probe', 'web']); // "during" is noninteractive only
    expect(started.every((s) => s.status === 'running' && s.session === 'interactive')).toBe(true);

    const web = byName(started, 'web');
    expect(web.urls).toHaveLength(1);
    expect(web.urls[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pbp-service-web-[0-9a-f]{8}_8501\/$/);
    const health = await fetch(`${web.urls[0]!.url}_stcore/health`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
    const page = await fetch(web.urls[0]!.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Streamlit</title>');

    const info = await docker.getContainer(web.id).inspect();
    expect(info.HostConfig.Privileged).toBe(false);
    expect(info.HostConfig.Binds).toEqual([`${root}:/app/src:rw`]);
    expect(Object.values(info.NetworkSettings.Ports).flat().map((b) => b?.HostIp)).toEqual(['127.0.0.1']);
    const owner = await fs.stat(root);
    expect(info.Config.User).toBe(`${owner.uid}:${owner.gid}`);

    // Variables (its own, with $BASE_PATH_PREFIX; the inherited secret) and both binds reach it.
    const probe = byName(started, 'probe');
    const seen = JSON.parse(await fs.readFile(path.join(root, 'probe-interactive.json'), 'utf8')) as Record<string, unknown>;
    expect(seen).toMatchObject({ API_TOKEN: 'tok-123', ORCHEST_SESSION_TYPE: 'interactive', ORCHEST_PIPELINE_PATH: '/work/dash.orchest', HOME: '/tmp', data: ['marker.txt'], uid: owner.uid });
    expect(seen.GREETING).toMatch(/^hello service-probe-[0-9a-f]{8}$/);
    const served = await fetch(`${probe.urls[0]!.url}marker.txt`);
    expect(await served.text()).toBe('from /data\n');

    // Its output is in its log file, and readLog answers its tail.
    const log = await waitFor('the probe log', async () => {
      const tail = await request(core, 'services.readLog', { pipeline: 'dash.orchest', name: 'probe' });
      return tail.text.includes('probe ready') ? tail : null;
    });
    expect(probe.logPath).toBe(path.join(root, '.orchest', 'pipelines', 'dash-uuid', 'logs', 'services', 'probe.log'));
    expect(log.text).toContain('GET /marker.txt');

    // Starting again keeps what runs.
    const again = await request(core, 'services.start', { pipeline: 'dash.orchest' });
    expect(again.map((s) => s.id).sort()).toEqual(started.map((s) => s.id).sort());

    expect((await request(core, 'services.stop', { pipeline: 'dash.orchest' })).stopped.sort()).toEqual(['probe', 'web']);
    for (const s of started) expect(await containerGone(docker, s.id)).toBe(true);
    expect(await request(core, 'services.list', {})).toEqual([]);
    await expect(fetch(web.urls[0]!.url)).rejects.toThrow();
  }, 240_000);

  it('runs the noninteractive services for the duration of a run that asks for them', async () => {
    const { core, root } = await setup();
    const during: ServiceInfo[] = [];
    core.subscribe((event, payload) => {
      if (event === 'services.changed') during.push(...(payload as ServiceInfo[]).filter((s) => s.session === 'noninteractive'));
    });
    const started = await request(core, 'runs.start', { pipeline: 'dash.orchest', withServices: true });
    const final = await waitFor('the run to end', async () => {
      const s: RunState = await request(core, 'runs.get', { runId: started.id });
      return isRunFinished(s.status) ? s : null;
    }, 120_000);
    expect(final.status).toBe('SUCCESS');
    expect(JSON.parse(await fs.readFile(path.join(root, 'probe-noninteractive.json'), 'utf8'))).toMatchObject({ ORCHEST_SESSION_TYPE: 'noninteractive', data: ['marker.txt'] });
    expect(during.map((s) => [s.name, s.runId])).toContainEqual(['during', started.id]);
    expect(await request(core, 'services.list', {})).toEqual([]);
    expect(await containerGone(docker, during[0]!.id)).toBe(true);
    const log = await request(core, 'services.readLog', { pipeline: 'dash.orchest', name: 'during', session: 'noninteractive' });
    expect(log.text).toContain('probe ready');
  }, 240_000);

  it("removes a crashed app's service containers when the app starts again, sparing those of a live one", async () => {
    const { core } = await setup();
    const [live] = await request(core, 'services.start', { pipeline: 'dash.orchest', names: ['probe'] });
    const deadPid = spawnSync('true').pid!; // exited: a crashed app's pid
    const orphanSpec = buildServiceContainerSpec({
      image: TEST_IMAGE,
      name: `orchest-service-crashed-${process.pid}`,
      cmd: ['sleep', '300'],
      env: {},
      labels: { project: 'p', pipeline: 'p', session: 'crashed', service: 'crashed' },
      owner: { pid: deadPid, host: os.hostname(), instance: 'gone' },
      binds: [],
      ports: [],
    });
    const orphan = await docker.createContainer(orphanSpec);
    cleanups.push(() => orphan.remove({ force: true }));
    await orphan.start();

    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-h9-services-again-'));
    cleanups.push(() => fs.rm(tmp, { recursive: true, force: true }));
    const again = await createCore({ configDir: tmp, dataDir: tmp, mode: 'test', watchProject: false });
    cleanups.push(() => again.dispose());
    await waitFor('the orphan to be removed', () => containerGone(docker, orphan.id), 30_000);
    expect(await containerGone(docker, live!.id)).toBe(false);
  }, 120_000);
});
